import Foundation

/// `MOTCUA_SMTP_URL`: `smtp://[user:password@]host[:port]` (STARTTLS when the server offers it) or
/// `smtps://…` (TLS from the first byte, port 465 by default).
struct SMTPServerAddress: Sendable, Equatable {
    var host: String
    var port: Int
    var implicitTLS: Bool
    var username: String?
    var password: String?

    enum ParseError: Error, CustomStringConvertible {
        case invalid(String)
        var description: String {
            switch self { case .invalid(let why): return "MOTCUA_SMTP_URL không hợp lệ: \(why). Ví dụ đúng: smtp://127.0.0.1:2525 hoặc smtps://user:mật-khẩu@mail.example.vn" }
        }
    }

    init(host: String, port: Int, implicitTLS: Bool = false, username: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.implicitTLS = implicitTLS
        self.username = username
        self.password = password
    }

    init(url text: String) throws {
        guard let components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)) else {
            throw ParseError.invalid("không đọc được địa chỉ")
        }
        switch components.scheme?.lowercased() {
        case "smtp": implicitTLS = false
        case "smtps": implicitTLS = true
        default: throw ParseError.invalid("phải bắt đầu bằng smtp:// hoặc smtps://")
        }
        guard var host = components.host, !host.isEmpty else { throw ParseError.invalid("thiếu tên máy chủ") }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host
        if let port = components.port {
            guard (1...65_535).contains(port) else { throw ParseError.invalid("cổng \(port) nằm ngoài 1–65535") }
            self.port = port
        } else {
            self.port = implicitTLS ? 465 : 25
        }
        // percentEncodedUser keeps "%40" in a user name like "a%40b.vn"; decode it ourselves.
        username = components.percentEncodedUser.flatMap { $0.removingPercentEncoding ?? $0 }.flatMap { $0.isEmpty ? nil : $0 }
        password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding ?? $0 }
        if username == nil, password != nil { throw ParseError.invalid("có mật khẩu nhưng thiếu tên đăng nhập") }
    }

    /// For logs and pages: never the password.
    var display: String { "\(implicitTLS ? "smtps" : "smtp")://\(username.map { "\($0)@" } ?? "")\(host):\(port)" }

    var isLoopback: Bool { host == "127.0.0.1" || host == "::1" || host.lowercased() == "localhost" }
}
