import Fluent
import Vapor
import MotCuaCore

/// Decides which moves the applicant is told about and queues the messages — an e-mail when they gave an address, an
/// SMS when they gave a mobile number — in the move's transaction.
enum DossierNotifier {
    /// Called inside the transaction right after a dossier moved. Internal moves (start, forward, fees paid, …) send nothing.
    static func afterTransition(_ dossier: Dossier, event: DossierEvent, request: Request, on db: Database) async throws {
        guard let action = DossierAction(rawValue: event.action) else { return }
        if action == .requestFees {
            try await feesDue(dossier, request: request, on: db, at: event.at)
            return
        }
        if let mail = try await composer(dossier, request: request, on: db) {
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
        if let sms = textComposer(dossier, lookupURL: lookupURL(dossier, request), alphabet: request.application.smsSettings.alphabet),
           let text = text(for: action, dossier: dossier, event: event, sms: sms) {
            try await Outbox.enqueue(text, on: db, now: event.at)
        }
    }

    /// Called inside the transaction that creates an online dossier.
    static func receivedOnline(_ dossier: Dossier, procedureName: String, request: Request, on db: Database) async throws {
        if let mail = composer(dossier, procedureName: procedureName, request: request) {
            try await Outbox.enqueue(mail.receivedOnline(receivedAt: dossier.receivedAt), on: db, now: request.now)
        }
        if let sms = textComposer(dossier, lookupURL: lookupURL(dossier, request), alphabet: request.application.smsSettings.alphabet) {
            try await Outbox.enqueue(sms.receivedOnline(receivedAt: dossier.receivedAt), on: db, now: request.now)
        }
        // A level-4 submission owes its fees at once.
        try await feesDue(dossier, request: request, on: db, at: request.now)
    }

    /// What is due now (the demand the move or the submission just opened), by e-mail and SMS; nothing when the
    /// request named no amount and the catalogue has none.
    private static func feesDue(_ dossier: Dossier, request: Request, on db: Database, at: Date) async throws {
        guard let demand = try await FeeDemand.open(for: dossier.requireID(), on: db), demand.amount > 0 else { return }
        if let mail = try await composer(dossier, request: request, on: db) {
            let payURL = dossier.$owner.id != nil && request.application.paymentSettings.isOnline
                ? request.publicURL("/ho-so-cua-toi/\(dossier.code)") : nil
            try await Outbox.enqueue(mail.feesDue(amount: demand.amount, reason: demand.reason, payURL: payURL), on: db, now: at)
        }
        if let sms = textComposer(dossier, lookupURL: lookupURL(dossier, request), alphabet: request.application.smsSettings.alphabet) {
            try await Outbox.enqueue(sms.feesDue(amount: demand.amount), on: db, now: at)
        }
    }

    /// What the intake writer needs from the request to text the applicant later, in its own task.
    struct IntakeNotice: Sendable {
        /// The public lookup address without the code, ending in "/tra-cuu/".
        let lookupBase: String
        let alphabet: SMSAlphabet

        init(request: Request) {
            lookupBase = request.publicURL(LookupLink.path(""))
            alphabet = request.application.smsSettings.alphabet
        }
    }

    /// What a dossier received at the counter or through the API is texted, once its code is drawn; the intake writer
    /// inserts it with the dossier, in the batch's transaction. Only an SMS: the applicant at the counter holds the
    /// printed slip, and the text is what they keep on their phone (the code and the appointment).
    static func intakeText(_ dossier: Dossier, lastEvent: DossierEvent?, notice: IntakeNotice) -> OutgoingSMS? {
        guard let sms = textComposer(dossier, lookupURL: notice.lookupBase + dossier.code, alphabet: notice.alphabet) else { return nil }
        switch dossier.status {
        case .new: return sms.receivedOnline(receivedAt: dossier.receivedAt)
        case .accepted: return sms.accepted(appointment: dossier.appointmentAt)
        case .supplementRequested: return sms.supplementRequested()
        case .notAccepted: return sms.refused(reason: lastEvent?.note)
        default: return nil
        }
    }

    private static func text(for action: DossierAction, dossier: Dossier, event: DossierEvent, sms: DossierSMS) -> OutgoingSMS? {
        switch action {
        case .accept: return sms.accepted(appointment: dossier.appointmentAt)
        case .requestSupplement: return sms.supplementRequested()
        case .refuse: return sms.refused(reason: event.note)
        case .resolve: return sms.resolved()
        case .return: return sms.returned()
        case .reschedule: return sms.rescheduled(new: dossier.appointmentAt)
        case .supplement, .start, .forward, .requestFees, .feesPaid, .stop, .withdraw: return nil
        }
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
                           lookupURL: lookupURL(dossier, request), to: to, dossierID: dossier.id)
    }

    /// nil when the applicant left no Vietnamese mobile number: nothing is texted.
    static func textComposer(_ dossier: Dossier, lookupURL: String, alphabet: SMSAlphabet) -> DossierSMS? {
        guard let phone = dossier.applicantPhone, let to = SMSNumber.e164(phone) else { return nil }
        return DossierSMS(code: dossier.code, lookupURL: lookupURL, to: to, toName: dossier.applicantName, dossierID: dossier.id, alphabet: alphabet)
    }

    private static func lookupURL(_ dossier: Dossier, _ request: Request) -> String {
        request.publicURL(LookupLink.path(dossier.code))
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
