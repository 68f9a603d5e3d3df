import NIOCore
import Vapor

/// The SMS gateway, read once from the environment. Without `MOTCUA_SMS_URL` nothing is sent: SMS stay in the outbox,
/// where the administrator's "Tin nhắn đã gửi" shows them (as mail does without `MOTCUA_SMTP_URL`).
struct SMSSettings: Sendable {
    /// Where each outgoing SMS is POSTed.
    var gatewayURL: URI?
    /// The bearer token of both directions: sent to the gateway, and required from it on `/api/v1/sms/inbound`.
    var token: String?
    /// The brand name ("MOTCUA", "UBND LAMDONG") the gateway shows as the sender; sent as `from`.
    var sender = "MOTCUA"
    /// Unaccented text (`MOTCUA_SMS_ASCII=1`): 160 characters per part instead of 70 in UCS-2.
    var ascii = false
    /// How long one gateway call may take before it counts as failed (and is retried with the back-off).
    var timeout: TimeAmount = .seconds(10)

    var alphabet: SMSAlphabet { ascii ? .ascii : .unicode }

    static func fromEnvironment() throws -> SMSSettings {
        var settings = SMSSettings()
        if let url = Environment.get("MOTCUA_SMS_URL")?.trimmingCharacters(in: .whitespaces), !url.isEmpty {
            let uri = URI(string: url)
            guard uri.scheme == "http" || uri.scheme == "https", let host = uri.host, !host.isEmpty else {
                throw SMSSettingsError("MOTCUA_SMS_URL “\(url)” không phải một địa chỉ http:// hoặc https:// (ví dụ https://sms.example.vn/send).")
            }
            settings.gatewayURL = uri
        }
        if let token = Environment.get("MOTCUA_SMS_TOKEN"), !token.isEmpty {
            // A header value cannot carry line breaks or control characters; refuse at start rather than at each send.
            guard token.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
                throw SMSSettingsError("MOTCUA_SMS_TOKEN chỉ được gồm các ký tự ASCII in được, không có dấu cách.")
            }
            settings.token = token
        }
        if let sender = Environment.get("MOTCUA_SMS_SENDER")?.trimmingCharacters(in: .whitespaces), !sender.isEmpty {
            settings.sender = sender
        }
        settings.ascii = Environment.get("MOTCUA_SMS_ASCII") == "1"
        if settings.gatewayURL != nil, settings.token == nil {
            throw SMSSettingsError("Đã đặt MOTCUA_SMS_URL nhưng chưa đặt MOTCUA_SMS_TOKEN: cổng SMS cần mã truy cập (Authorization: Bearer).")
        }
        return settings
    }
}

struct SMSSettingsError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Application {
    private struct SMSSettingsKey: StorageKey { typealias Value = SMSSettings }
    var smsSettings: SMSSettings {
        get { storage[SMSSettingsKey.self] ?? SMSSettings() }
        set { storage[SMSSettingsKey.self] = newValue }
    }
}
