import Foundation

/// Why a delivery failed, sorted by what the worker should do: try again later, or give up.
/// The descriptions are what administrators read on "Thư đã gửi".
enum SMTPError: Error, CustomStringConvertible, Sendable {
    /// Network trouble, a timeout or a 4xx reply: the message may well go through later.
    case transient(String)
    /// A 5xx reply or a recipient we refuse to write: sending again would be refused the same way.
    case permanent(String)

    var isPermanent: Bool { if case .permanent = self { return true } else { return false } }

    var description: String {
        switch self {
        case .transient(let text), .permanent(let text): return text
        }
    }

    /// The reply to a command, sorted by its first digit (RFC 5321 §4.2.1).
    static func reply(_ reply: SMTPReply, after command: String) -> SMTPError {
        let text = "Máy chủ thư trả lời \(reply.code) \(reply.text) (sau lệnh \(command))"
        return reply.code >= 500 ? .permanent("Bị từ chối: " + text) : .transient("Tạm thời chưa gửi được: " + text)
    }
}

/// One complete reply: its code and the text of all its lines.
struct SMTPReply: Sendable {
    let code: Int
    let lines: [String]

    var text: String { lines.joined(separator: " ").trimmingCharacters(in: .whitespaces) }
}
