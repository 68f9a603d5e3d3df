import Fluent
import Vapor

/// One e-mail or SMS waiting for, or past, delivery. Written in the transaction of the change it reports, so a change
/// that rolls back never sends, and one that commits always will.
///
/// An SMS uses the same columns: `recipient` is the number in E.164 (`+849…`), `subject` and `text_body` both hold the
/// text as it goes out (after the ASCII folding of `MOTCUA_SMS_ASCII`), `html_body` is empty, and `message_id` is the
/// row's id, which the gateway receives as `id` on every attempt.
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "outbox_messages"

    @ID(key: .id) var id: UUID?
    @Field(key: "recipient") var recipient: String
    @OptionalField(key: "recipient_name") var recipientName: String?
    @Field(key: "subject") var subject: String
    @Field(key: "text_body") var textBody: String
    @Field(key: "html_body") var htmlBody: String
    @Field(key: "kind") var kind: String
    @OptionalField(key: "dossier_id") var dossierID: UUID?
    /// Fixed at enqueue: a message sent again after a crash carries the same one, so mail clients show it once.
    @Field(key: "message_id") var messageID: String
    @Field(key: "state") var stateCode: String
    /// SMTP conversations started for it (counted when claimed, so a crash mid-conversation counts too).
    @Field(key: "attempts") var attempts: Int
    /// When a worker may take it: the next retry for a pending message, the lease's end for one being sent.
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "last_error") var lastError: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?
    @OptionalField(key: "claimed_until") var claimedUntil: Date?
    @Field(key: "channel") var channelCode: String

    init() {}

    // "Model property lists" tests that this list equals the reflected one.
    var properties: [any AnyProperty] {
        [$id, $recipient, $recipientName, $subject, $textBody, $htmlBody, $kind, $dossierID, $messageID, $stateCode, $attempts,
         $nextAttemptAt, $lastError, $createdAt, $sentAt, $claimedUntil, $channelCode]
    }

    init(_ mail: OutgoingMail, messageID: String, now: Date) {
        self.id = UUID()
        self.recipient = mail.to
        self.recipientName = mail.toName
        self.subject = mail.subject
        self.textBody = mail.text
        self.htmlBody = mail.html
        self.kind = mail.kind
        self.dossierID = mail.dossierID
        self.messageID = messageID
        self.stateCode = OutboxState.pending.rawValue
        self.attempts = 0
        self.nextAttemptAt = now
        self.createdAt = now
        self.channelCode = OutboxChannel.email.rawValue
    }

    init(_ sms: OutgoingSMS, now: Date) {
        let id = UUID()
        self.id = id
        self.recipient = sms.to
        self.recipientName = sms.toName
        self.subject = sms.text
        self.textBody = sms.text
        self.htmlBody = ""
        self.kind = sms.kind
        self.dossierID = sms.dossierID
        self.messageID = id.uuidString.lowercased()
        self.stateCode = OutboxState.pending.rawValue
        self.attempts = 0
        self.nextAttemptAt = now
        self.createdAt = now
        self.channelCode = OutboxChannel.sms.rawValue
    }

    var state: OutboxState { OutboxState(rawValue: stateCode) ?? .pending }
    var channel: OutboxChannel { OutboxChannel(rawValue: channelCode) ?? .email }
}

enum OutboxState: String, Sendable, CaseIterable {
    case pending, sending, sent, failed

    var label: String {
        switch self {
        case .pending: return "Chờ gửi"
        case .sending: return "Đang gửi"
        case .sent: return "Đã gửi"
        case .failed: return "Gửi lỗi"
        }
    }

    /// The badge colour the pages already use for dossier statuses.
    var css: String {
        switch self {
        case .pending, .sending: return "warn"
        case .sent: return "ok"
        case .failed: return "danger"
        }
    }
}
