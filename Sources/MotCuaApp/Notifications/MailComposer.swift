import Foundation

/// Writes one message in both forms from the same pieces, so the plain text and the HTML never say different things.
/// Everything is escaped for HTML here; callers pass plain text.
struct MailComposer {
    private var textParts: [String] = []
    private var htmlParts: [String] = []

    mutating func paragraph(_ text: String) {
        textParts.append(text)
        htmlParts.append("<p>" + Self.escapeLines(text) + "</p>")
    }

    /// "Label: value" lines (code, appointment, …).
    mutating func facts(_ pairs: [(String, String)]) {
        guard !pairs.isEmpty else { return }
        textParts.append(pairs.map { "\($0.0): \($0.1)" }.joined(separator: "\n"))
        htmlParts.append("<table role=\"presentation\" style=\"border-collapse:collapse\">"
            + pairs.map { "<tr><th scope=\"row\" style=\"text-align:left;padding:2px 12px 2px 0;font-weight:normal;color:#444\">\(Self.escape($0.0))</th><td style=\"padding:2px 0\"><strong>\(Self.escape($0.1))</strong></td></tr>" }.joined()
            + "</table>")
    }

    mutating func list(_ items: [String]) {
        guard !items.isEmpty else { return }
        textParts.append(items.map { "– \($0)" }.joined(separator: "\n"))
        htmlParts.append("<ul>" + items.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul>")
    }

    mutating func link(_ label: String, url: String) {
        textParts.append("\(label):\n\(url)")
        htmlParts.append("<p>\(Self.escape(label)):<br><a href=\"\(Self.escape(url))\">\(Self.escape(url))</a></p>")
    }

    func mail(to: String, toName: String?, subject: String, kind: String, dossierID: UUID?) -> OutgoingMail {
        let footer = "Thư này được gửi tự động từ hệ thống một cửa điện tử; vui lòng không trả lời thư này."
        let text = (textParts + ["--", footer]).joined(separator: "\n\n") + "\n"
        let html = "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>\(Self.escape(subject))</title></head>"
            + "<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a\">"
            + htmlParts.joined(separator: "\n")
            + "<hr><p style=\"color:#555;font-size:13px\">\(Self.escape(footer))</p></body></html>\n"
        return OutgoingMail(to: to, toName: toName, subject: subject, text: text, html: html, kind: kind, dossierID: dossierID)
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    private static func escapeLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { escape(String($0)) }.joined(separator: "<br>")
    }
}
