import Foundation
import MotCuaCore
import Vapor

/// What the registration and drafting forms send, kept as typed so a refused form comes back filled in.
struct IncomingForm: Encodable {
    var issuerCode = ""
    var issuerName = ""
    var notation = ""
    var documentDate = ""
    var type = "CV"
    var summary = ""
    var pageCount = ""
    var urgency = "thuong"
    var confidentiality = "thuong"
    var recipientUnit = ""
    var channel = "paper"
    var key = UUID().uuidString

    init() {}

    init(_ posted: PostedForm) {
        func v(_ name: String) -> String { posted.value(name) ?? "" }
        issuerCode = v("issuerCode"); issuerName = v("issuerName"); notation = v("notation"); documentDate = v("documentDate")
        type = v("type"); summary = v("summary"); pageCount = v("pageCount"); urgency = v("urgency")
        confidentiality = v("confidentiality"); recipientUnit = v("recipientUnit"); channel = v("channel"); key = v("key")
    }

    func input(confirm: Bool) throws -> IncomingInput {
        let pages = pageCount.trimmingCharacters(in: .whitespaces)
        var count: Int? = nil
        if !pages.isEmpty {
            guard pages.utf8.count <= 6, let value = Int(pages) else {
                throw AppError(.unprocessableEntity, "invalid_page_count", "Số trang phải là số nguyên từ 1 đến \(DocumentFields.maxPages).")
            }
            count = value
        }
        return IncomingInput(issuer: .init(code: issuerCode.isEmpty ? nil : issuerCode, name: issuerName), notation: notation,
                             documentDate: documentDate, type: type, summary: summary, pageCount: count, urgency: urgency,
                             confidentiality: confidentiality, recipientUnit: recipientUnit, channel: channel, confirmDuplicate: confirm)
    }
}

struct OutgoingForm: Encodable {
    var type = "CV"
    var summary = ""
    var recipients = ""
    var urgency = "thuong"
    var confidentiality = "thuong"
    var unit = "VP"
    var key = UUID().uuidString

    init() {}

    init(_ posted: PostedForm) {
        func v(_ name: String) -> String { posted.value(name) ?? "" }
        type = v("type"); summary = v("summary"); recipients = v("recipients"); urgency = v("urgency")
        confidentiality = v("confidentiality"); unit = v("unit"); key = v("key")
    }

    /// One recipient per line (agency code or name).
    var input: OutgoingInput {
        OutgoingInput(type: type, summary: summary,
                      recipients: recipients.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                      urgency: urgency, confidentiality: confidentiality, unit: unit, pageCount: nil)
    }
}

/// The choice lists of the forms.
struct DocumentChoices: Encodable {
    let types: [SelectOption]
    let urgencies: [SelectOption]
    let confidentialities: [SelectOption]
    let agencies: [SelectOption]
    let units: [SelectOption]
    let maxUpload: String

    static func load(scope: DocumentScope, request req: Request) async throws -> DocumentChoices {
        let agencies = try await Agency.query(on: req.db).sort(\.$path).all()
        let units = try await DocumentParties.units(of: scope.agency, on: req.db)
        return DocumentChoices(
            types: DocumentKind.options.map { SelectOption(value: $0.code, label: "\($0.name) (\($0.code))", selected: false) },
            urgencies: DocumentUrgency.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: false) },
            confidentialities: DocumentConfidentiality.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: false) },
            agencies: agencies.map { SelectOption(value: $0.code, label: $0.indentedName, selected: false) },
            units: units.map { SelectOption(value: $0.name, label: $0.name, selected: false) },
            maxUpload: UploadCheck.megabytes(req.application.settings.maxUploadBytes))
    }
}
