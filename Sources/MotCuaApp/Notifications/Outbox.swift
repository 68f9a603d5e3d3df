import Fluent
import Foundation

/// The one way mail and SMS leave the application: a row written with the change, sent later by `OutboxWorker`.
enum Outbox {
    /// Writes the message on `db`, which should be the caller's transaction: it is sent only if that commits.
    static func enqueue(_ mail: OutgoingMail, on db: Database, now: Date) async throws {
        try await OutboxMessage(mail, messageID: newMessageID(), now: now).create(on: db)
    }

    /// Writes the SMS on `db` (the caller's transaction) and returns the row, whose id the gateway receives as `id`.
    @discardableResult
    static func enqueue(_ sms: OutgoingSMS, on db: Database, now: Date) async throws -> OutboxMessage {
        let message = OutboxMessage(sms, now: now)
        try await message.create(on: db)
        return message
    }

    /// RFC 5322 msg-id, globally unique by its UUID; chosen here, not at sending, so that every attempt reuses it.
    static func newMessageID() -> String {
        "<\(UUID().uuidString.lowercased())@motcua.local>"
    }

    /// A conservative check of an address read from a form: one "@", no spaces or brackets, a dotted domain.
    /// Anything else is not mailed (a typing mistake must not become an SMTP command either).
    static func looksLikeAddress(_ text: String) -> Bool {
        let address = text.trimmingCharacters(in: .whitespaces)
        guard address.count <= 254, !address.isEmpty else { return false }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64, !parts[1].isEmpty else { return false }
        let forbidden = CharacterSet.whitespacesAndNewlines.union(.controlCharacters).union(CharacterSet(charactersIn: "<>()[],;:\\\""))
        guard address.unicodeScalars.allSatisfy({ !forbidden.contains($0) }) else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }
}
