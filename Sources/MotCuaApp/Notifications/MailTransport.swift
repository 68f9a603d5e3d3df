import Foundation

/// Hands one finished message to a mail server. The SMTP client is the real one; tests may count or fail instead.
protocol MailTransport: Sendable {
    /// Returns when the server has taken responsibility for the message (250 after DATA); throws `SMTPError` otherwise.
    func send(from: String, to: String, message: String) async throws
}
