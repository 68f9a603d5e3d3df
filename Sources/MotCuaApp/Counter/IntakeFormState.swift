import Foundation
import Vapor

/// What the receptionist typed into the intake form, kept whole so a refused submission re-renders as it was.
struct IntakeFormState: Encodable, Sendable {
    var procedureCode = ""
    var fullName = ""
    var idNumber = ""
    var phone = ""
    var email = ""
    var address = ""
    var channel = DossierChannel.counter.rawValue
    /// Indexes of the procedure's components the applicant brought.
    var provided: [Int] = []
    var missingExtra = ""
    var reason = ""
    var note = ""
    /// One key per displayed form: a double click or a resubmitted page receives the dossier once (Idempotency-Key).
    var formKey = UUID().uuidString
    /// The queue ticket the applicant was called with, when the console opened the form ("Tiếp nhận hồ sơ").
    var ticket = ""

    init() {}

    /// Only an id may travel in the form: anything else is dropped, never shown or stored.
    static func ticketID(_ raw: String?) -> String {
        guard let raw, let id = UUID(uuidString: raw.trimmingCharacters(in: .whitespaces)) else { return "" }
        return id.uuidString
    }

    init(_ form: PostedForm) {
        func text(_ name: String) -> String { (form.value(name) ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        procedureCode = text("procedureCode")
        fullName = text("fullName")
        idNumber = text("idNumber")
        phone = text("phone")
        email = text("email")
        address = text("address")
        channel = text("channel").isEmpty ? DossierChannel.counter.rawValue : text("channel")
        provided = form.values("component").compactMap { Int($0) }
        missingExtra = text("missingExtra")
        reason = text("reason")
        note = text("note")
        let key = text("formKey")
        formKey = key.isEmpty || key.count > 64 ? UUID().uuidString : key
        ticket = Self.ticketID(form.value("ticket"))
    }

    /// Components needed in every case; conditional and show-only ones are never "missing" (as IntakeService counts them).
    static func isRequired(_ component: ProcedureComponent) -> Bool {
        component.conditional == nil && component.presentOnly != true
    }

    /// The request the counter sends to `IntakeService`. An incomplete dossier lists every unticked required
    /// component plus the officer's own lines, so the supplement slip says everything at once.
    func request(for procedure: Procedure, outcome: String) -> IntakeRequest {
        let components = procedure.components.enumerated().map { index, component in
            IntakeRequest.ComponentInput(name: component.name, provided: provided.contains(index))
        }
        var missing: [String]? = nil
        if outcome == IntakeOutcome.incomplete.rawValue {
            let unticked = procedure.components.enumerated()
                .filter { Self.isRequired($0.element) && !provided.contains($0.offset) }.map(\.element.name)
            let extra = missingExtra.components(separatedBy: .newlines)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            missing = unticked + extra
        }
        func optional(_ value: String) -> String? { value.isEmpty ? nil : value }
        return IntakeRequest(
            procedureCode: procedure.code,
            applicant: .init(fullName: fullName, idNumber: optional(idNumber), phone: optional(phone), email: optional(email), address: optional(address)),
            channel: channel, components: components, outcome: outcome, missing: missing,
            reason: optional(reason), note: optional(note))
    }
}
