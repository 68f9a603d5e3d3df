import Vapor

/// How mail leaves: read once from the environment. Without `MOTCUA_SMTP_URL` nothing is sent; messages stay in the
/// outbox, where the administrator's "Thư đã gửi" shows them.
struct MailSettings: Sendable {
    var server: SMTPServerAddress?
    var from = MailAddress(name: "MotCua", address: "no-reply@motcua.local")
    /// A PEM file of certificates to trust for STARTTLS and smtps (a private mail server's own CA).
    var caFile: String?

    static func fromEnvironment() throws -> MailSettings {
        var settings = MailSettings()
        if let url = Environment.get("MOTCUA_SMTP_URL"), !url.trimmingCharacters(in: .whitespaces).isEmpty {
            settings.server = try SMTPServerAddress(url: url)
        }
        if let from = Environment.get("MOTCUA_MAIL_FROM"), !from.isEmpty {
            guard let address = MailAddress(parsing: from) else {
                throw SMTPServerAddress.ParseError.invalid("MOTCUA_MAIL_FROM “\(from)” không phải một địa chỉ thư (ví dụ: \"Một cửa\" <no-reply@tinh.gov.vn>)")
            }
            settings.from = address
        }
        if let file = Environment.get("MOTCUA_SMTP_CA_FILE"), !file.isEmpty { settings.caFile = file }
        return settings
    }
}

/// `"Tên" <a@b.vn>` or `a@b.vn`.
struct MailAddress: Sendable, Equatable {
    var name: String?
    var address: String

    init(name: String?, address: String) {
        self.name = name
        self.address = address
    }

    init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 { name = String(name.dropFirst().dropLast()) }
            guard Outbox.looksLikeAddress(address), !name.contains(where: \.isNewline) else { return nil }
            self.init(name: name.isEmpty ? nil : name, address: address)
        } else {
            guard Outbox.looksLikeAddress(trimmed) else { return nil }
            self.init(name: nil, address: trimmed)
        }
    }
}

extension Application {
    private struct MailSettingsKey: StorageKey { typealias Value = MailSettings }
    var mailSettings: MailSettings {
        get { storage[MailSettingsKey.self] ?? MailSettings() }
        set { storage[MailSettingsKey.self] = newValue }
    }
}
