import Foundation

/// How an outbox message travels. One table and one worker serve both, so an SMS gets the same transaction, lease,
/// back-off and delivery log as an e-mail.
enum OutboxChannel: String, Sendable, CaseIterable, Codable {
    case email, sms

    /// What officers and administrators read beside each message.
    var label: String {
        switch self {
        case .email: return "Thư điện tử"
        case .sms: return "Tin nhắn SMS"
        }
    }

    /// The word inside a sentence of the log ("Đã gửi thư …", "Đã gửi tin nhắn SMS …").
    var noun: String {
        switch self {
        case .email: return "thư"
        case .sms: return "tin nhắn SMS"
        }
    }
}
