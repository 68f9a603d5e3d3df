import Fluent
import Vapor
import MotCuaCore

/// Everything one printed slip shows. One shape for all forms: each template reads the parts it needs.
struct SlipPage: Encodable {
    struct Facts: Encodable {
        let applicantName: String
        let idNumber: String?
        let phone: String?
        let email: String?
        let address: String?
        let procedureName: String
        let procedureCode: String
        let channel: String
        let receivingAgency: String
        let handlingAgency: String
        let received: String
        let appointment: String?
        let legalTime: String
        let result: String
        /// Where the result goes, as the applicant chose it (online filing); nil means the counter of the receiving agency.
        var deliveryChoice: String? = nil
    }
    struct ComponentLine: Encodable { let number: Int; let name: String; let copies: String; let original: String }
    struct ControlRow: Encodable {
        let number: Int
        let time: String
        let from: String
        let to: String
        let status: String
        let note: String?
    }

    let title: String
    let form: String
    let heading: String
    let agencyParent: String?
    let agencyName: String
    let code: String
    let barcodeSVG: String
    let qrSVG: String
    let lookupURL: String
    let dateLine: String
    let officer: String?
    /// Slip 04 is signed by the head of the agency that is late (or a deputy on their behalf), not by the officer.
    var signer: AgencySigner? = nil
    /// Who collected the result, once it has been handed over at the counter.
    var collector: String? = nil
    let facts: Facts
    var components: [ComponentLine] = []
    var items: [String] = []
    var note: String? = nil
    var reason: String? = nil
    var oldAppointment: String? = nil
    var newAppointment: String? = nil
    var rows: [ControlRow] = []
    let backURL: String
}

/// Builds a slip from the dossier row and its timeline; a slip that does not apply is a 404 that says why.
enum SlipBuilder {
    static func page(_ form: SlipForm, for dossier: Dossier, request req: Request) async throws -> SlipPage {
        let db = req.db
        let procedure = try await dossier.$procedure.get(on: db)
        let receiving = try await dossier.$receivingAgency.get(on: db)
        let handling = try await dossier.$handlingAgency.get(on: db)
        let events = try await DossierEvent.query(on: db).filter(\.$dossier.$id == dossier.requireID()).sort(\.$at).all()
        func last(_ action: DossierAction) -> DossierEvent? { events.last { $0.action == action.rawValue } }

        // The apology comes from the agency that is late; every other slip from the one-stop section that received.
        let issuer = form == .apology ? handling : receiving
        let parent = try await issuer.$parent.get(on: db)
        // The receipt keeps the appointment it was issued with; the other slips show the one in force.
        let shownAppointment = form == .receipt && dossier.rescheduled ? dossier.originalAppointmentAt : dossier.appointmentAt
        let facts = SlipPage.Facts(
            applicantName: dossier.applicantName, idNumber: dossier.applicantIDNumber, phone: dossier.applicantPhone,
            email: dossier.applicantEmail, address: dossier.applicantAddress,
            procedureName: procedure.name, procedureCode: procedure.code,
            channel: DossierChannel(rawValue: dossier.channel)?.label ?? dossier.channel,
            receivingAgency: receiving.name, handlingAgency: handling.name,
            received: VietnameseFormat.dateTime(dossier.receivedAt),
            appointment: shownAppointment.map(VietnameseFormat.dateTime),
            legalTime: LegalTimeText.describe(days: procedure.legalDays, unit: procedure.unit),
            result: procedure.result,
            deliveryChoice: dossier.requestedDelivery.flatMap(ResultDelivery.init(rawValue:)).flatMap { choice in
                switch choice {
                case .counter: return nil
                case .post: return choice.label + (dossier.deliveryAddress.map { " – địa chỉ: \($0)" } ?? "")
                case .online: return choice.label + " (tải về tại “Hồ sơ của tôi” trên Cổng dịch vụ công)"
                }
            })

        let issuedBy: DossierEvent?
        switch form {
        case .receipt, .control:
            guard dossier.wasAccepted else { throw notApplicable(form) }
            issuedBy = last(.accept)
        case .supplement:
            guard let event = last(.requestSupplement) else { throw notApplicable(form) }
            issuedBy = event
        case .refusal:
            guard let event = last(.refuse) else { throw notApplicable(form) }
            issuedBy = event
        case .apology:
            guard dossier.rescheduled, let event = last(.reschedule) else { throw notApplicable(form) }
            issuedBy = event
        }

        let code = dossier.code
        let lookupURL = LookupLink.url(code, request: req)
        var page = SlipPage(
            title: form.title, form: form.rawValue, heading: form.title.uppercased(with: vietnamese),
            agencyParent: parent?.name.uppercased(with: vietnamese), agencyName: issuer.name.uppercased(with: vietnamese),
            code: code,
            barcodeSVG: try Code128.svg(code, moduleWidth: 2, height: 70),
            qrSVG: try QRCode(lookupURL).svg(moduleSize: 3, quietZone: 4),
            lookupURL: lookupURL,
            dateLine: dateLine(issuedBy?.at ?? req.now, place: issuer.placeName),
            officer: issuedBy?.actorName,
            facts: facts,
            backURL: "/mot-cua")
        page.collector = collectorLine(dossier)

        switch form {
        case .receipt:
            page.components = dossier.components.filter(\.provided).enumerated().map { index, component in
                let original = procedure.components.first { $0.name == component.name }?.original
                return SlipPage.ComponentLine(number: index + 1, name: component.name, copies: String(format: "%02d", component.copies),
                                              original: original == true ? "bản chính" : (original == false ? "bản sao" : ""))
            }
        case .supplement:
            let lines = (issuedBy?.note ?? "").components(separatedBy: "\n")
            page.items = lines.filter { $0.hasPrefix("– ") }.map { String($0.dropFirst(2)) }
            let rest = lines.filter { !$0.hasPrefix("– ") }.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            page.note = rest.isEmpty ? nil : rest
        case .refusal:
            page.reason = issuedBy?.note
        case .apology:
            page.signer = AgencySigner(issuer)
            page.reason = rescheduleReason(issuedBy?.note)
            page.oldAppointment = dossier.originalAppointmentAt.map(VietnameseFormat.dateTime)
            page.newAppointment = dossier.appointmentAt.map(VietnameseFormat.dateTime)
        case .control:
            page.rows = events.enumerated().map { index, event in
                let to = DossierStatus(rawValue: event.toStatus)?.label ?? ""
                return SlipPage.ControlRow(number: index + 1, time: VietnameseFormat.dateTime(event.at),
                                           from: event.fromUnit ?? event.actorName, to: event.toUnit ?? "",
                                           status: "\(event.actionLabel) → \(to)",
                                           note: event.action == DossierAction.return.rawValue ? withCollector(event.note, dossier: dossier) : event.note)
            }
        }
        return page
    }

    static let vietnamese = Locale(identifier: "vi_VN")

    static func notApplicable(_ form: SlipForm) -> AppError {
        AppError(.notFound, "slip_not_applicable", form.notApplicable)
    }

    /// "Đà Lạt, ngày 01 tháng 12 năm 2026", as official documents date themselves (DOMAIN.md §7).
    static func dateLine(_ date: Date, place: String) -> String {
        let day = LocalDate(date)
        return DocumentNotation.dateLine(place: place, year: day.year, month: day.month, day: day.day)
    }

    /// The return's note with who collected (officers' views only; the public lookup shows the bare note).
    static func withCollector(_ note: String?, dossier: Dossier) -> String? {
        guard let collector = collectorLine(dossier) else { return note }
        return Sentences.join([note, "Người nhận: \(collector)"])
    }

    /// "Trần Văn Bình, số định danh 079203001234 (nhận thay theo giấy ủy quyền)".
    static func collectorLine(_ dossier: Dossier) -> String? {
        guard dossier.status == .returned, let name = dossier.collectorName else { return nil }
        return ReturnCollector(name: name, idNumber: dossier.collectorIDNumber, byProxy: dossier.collectedByProxy ?? false).description
    }

    /// The reschedule event's note reads "Lý do: …. Hẹn cũ: …; hẹn mới: …."; the slip prints the dates apart.
    static func rescheduleReason(_ note: String?) -> String? {
        guard var text = note else { return nil }
        if text.hasPrefix("Lý do: ") { text = String(text.dropFirst("Lý do: ".count)) }
        if let range = text.range(of: ". Hẹn cũ: ") { text = String(text[..<range.lowerBound]) }
        return Sentences.join([text])
    }
}
