import Foundation

/// An outbox message as one row of a multi-row INSERT: the intake writer stores a batch's SMS with its dossiers,
/// one statement for all of them, as it does for their events.
struct OutboxRow: BulkRow {
    static let table = OutboxMessage.schema
    static let columns = ["id", "recipient", "recipient_name", "subject", "text_body", "html_body", "kind", "dossier_id", "message_id",
                          "state", "attempts", "next_attempt_at", "created_at", "channel"]

    let message: OutboxMessage

    func writeBinds(_ out: inout BulkBinds) {
        out.add(message.id); out.add(message.recipient); out.add(message.recipientName); out.add(message.subject)
        out.add(message.textBody); out.add(message.htmlBody); out.add(message.kind); out.add(message.dossierID)
        out.add(message.messageID); out.add(message.stateCode); out.add(message.attempts); out.add(message.nextAttemptAt)
        out.add(message.createdAt); out.add(message.channelCode)
    }
}
