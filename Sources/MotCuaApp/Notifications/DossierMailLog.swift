import Fluent
import Foundation

/// The officer's view of what the applicant was mailed about one dossier: subject, time and delivery state.
struct DossierMailLine: Encodable {
    let subject: String
    let to: String
    let at: String
    let state: String
    let css: String
    let error: String?

    /// A dossier receives a handful of messages in its life; the bound only guards the page.
    static let limit = 50

    static func load(dossierID: UUID, on db: Database) async throws -> [DossierMailLine] {
        try await OutboxMessage.query(on: db).filter(\.$dossierID == dossierID)
            .sort(\.$createdAt, .descending).limit(limit).all()
            .map { message in
                DossierMailLine(subject: message.subject, to: message.recipient,
                                at: VietnameseFormat.dateTime(message.sentAt ?? message.createdAt),
                                state: message.state.label, css: message.state.css,
                                error: message.state == .sent ? nil : message.lastError)
            }
    }
}
