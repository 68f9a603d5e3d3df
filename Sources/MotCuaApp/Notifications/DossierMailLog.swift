import Fluent
import Foundation

/// The officer's view of what was sent about one dossier — e-mails and SMS to the applicant, SMS replies to whoever
/// asked by keyword — each with its time, delivery state and the attempts it took.
struct DossierMailLine: Encodable {
    let channel: String
    let isSMS: Bool
    let subject: String
    let to: String
    let at: String
    let state: String
    let css: String
    let attempts: Int
    let error: String?

    /// A dossier receives a handful of messages in its life; the bound only guards the page.
    static let limit = 50

    static func load(dossierID: UUID, on db: Database) async throws -> [DossierMailLine] {
        try await OutboxMessage.query(on: db).filter(\.$dossierID == dossierID)
            .sort(\.$createdAt, .descending).limit(limit).all()
            .map { message in
                DossierMailLine(channel: message.channel.label, isSMS: message.channel == .sms,
                                subject: message.channel == .sms ? message.textBody : message.subject, to: message.recipient,
                                at: VietnameseFormat.dateTime(message.sentAt ?? message.createdAt),
                                state: message.state.label, css: message.state.css, attempts: message.attempts,
                                error: message.state == .sent ? nil : message.lastError)
            }
    }
}
