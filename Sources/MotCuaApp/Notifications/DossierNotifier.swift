import Fluent
import Vapor
import MotCuaCore

/// Decides which moves the applicant is told about and queues the message in the move's transaction.
enum DossierNotifier {
    /// Called inside the transaction right after a dossier moved. Internal moves (start, forward, fees, …) send nothing.
    static func afterTransition(_ dossier: Dossier, event: DossierEvent, request: Request, on db: Database) async throws {
        guard let action = DossierAction(rawValue: event.action), let mail = try await composer(dossier, request: request, on: db) else { return }
        let message: OutgoingMail
        switch action {
        case .accept: message = mail.accepted(appointment: dossier.appointmentAt)
        case .requestSupplement: message = mail.supplementRequested(note: event.note)
        case .refuse: message = mail.refused(reason: event.note)
        case .resolve: message = mail.resolved()
        case .return: message = mail.returned(how: dossier.delivery.flatMap(ResultDelivery.init(rawValue:))?.label)
        case .reschedule:
            message = mail.rescheduled(reason: rescheduleReason(event.note), old: dossier.originalAppointmentAt, new: dossier.appointmentAt)
        case .supplement, .start, .forward, .requestFees, .feesPaid, .stop, .withdraw:
            return
        }
        try await Outbox.enqueue(message, on: db, now: event.at)
    }

    /// Called inside the transaction that creates an online dossier.
    static func receivedOnline(_ dossier: Dossier, procedureName: String, request: Request, on db: Database) async throws {
        guard let mail = composer(dossier, procedureName: procedureName, request: request) else { return }
        try await Outbox.enqueue(mail.receivedOnline(receivedAt: dossier.receivedAt), on: db, now: request.now)
    }

    private static func composer(_ dossier: Dossier, request: Request, on db: Database) async throws -> DossierMail? {
        guard address(of: dossier) != nil else { return nil }
        let name: String
        if let procedure = dossier.$procedure.value {
            name = procedure.name
        } else {
            name = try await Procedure.find(dossier.$procedure.id, on: db)?.name ?? ""
        }
        return composer(dossier, procedureName: name, request: request)
    }

    private static func composer(_ dossier: Dossier, procedureName: String, request: Request) -> DossierMail? {
        guard let to = address(of: dossier) else { return nil }
        return DossierMail(code: dossier.code, applicantName: dossier.applicantName, procedureName: procedureName,
                           lookupURL: request.publicURL(LookupLink.path(dossier.code)), to: to, dossierID: dossier.id)
    }

    private static func address(of dossier: Dossier) -> String? {
        guard let email = dossier.applicantEmail?.trimmingCharacters(in: .whitespaces), Outbox.looksLikeAddress(email) else { return nil }
        return email
    }

    /// The event note reads "Lý do: …. Hẹn cũ: …; hẹn mới: …."; the dates are shown apart, so only the reason is kept.
    static func rescheduleReason(_ note: String?) -> String? {
        guard var text = note else { return nil }
        if let dates = text.range(of: ". Hẹn cũ: ", options: .backwards) { text = String(text[..<dates.lowerBound]) }
        if text.hasPrefix("Lý do: ") { text = String(text.dropFirst("Lý do: ".count)) }
        text = text.trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? nil : text
    }
}
