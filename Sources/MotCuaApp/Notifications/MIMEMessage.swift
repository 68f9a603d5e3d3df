import Foundation

/// The RFC 5322 / MIME text of one outbox message: UTF-8 everywhere, headers in encoded-words,
/// text and HTML as `multipart/alternative`, both base64 so that no line is too long and no byte is 8-bit.
struct MIMEMessage {
    let from: MailAddress
    let to: MailAddress
    let subject: String
    let text: String
    let html: String
    let messageID: String
    let date: Date

    init(_ message: OutboxMessage, from: MailAddress, date: Date) {
        self.from = from
        self.to = MailAddress(name: message.recipientName, address: message.recipient)
        self.subject = message.subject
        self.text = message.textBody
        self.html = message.htmlBody
        self.messageID = message.messageID
        self.date = date
    }

    /// CRLF line ends; the SMTP client dot-stuffs it.
    func rendered() -> String {
        // Derived from the Message-ID: the same message renders the same boundary on every attempt.
        let boundary = "=_motcua_" + messageID.filter { $0.isLetter || $0.isNumber }.prefix(32)
        var lines = [
            "From: " + EncodedWord.address(from),
            "To: " + EncodedWord.address(to),
            EncodedWord.header("Subject", subject),
            "Date: " + Self.rfc5322Date(date),
            "Message-ID: " + messageID,
            "MIME-Version: 1.0",
            // Folded: on one line the boundary parameter would pass 76 characters.
            "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"",
            "",
            "This is a multi-part message in MIME format.",
        ]
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            lines += ["--" + boundary,
                      "Content-Type: \(type); charset=UTF-8",
                      "Content-Transfer-Encoding: base64",
                      ""]
            lines += Self.base64Lines(Data(body.utf8))
        }
        lines.append("--" + boundary + "--")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func base64Lines(_ data: Data) -> [String] {
        let encoded = data.base64EncodedString()
        var lines: [String] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[index..<end]))
            index = end
        }
        return lines
    }

    /// "Wed, 02 Dec 2026 23:50:31 +0700": English names whatever the locale, as RFC 5322 §3.3 requires.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}

/// RFC 2047 encoded-words ("=?UTF-8?B?…?="), split between characters so that every header line stays under 76.
enum EncodedWord {
    /// 36 bytes of UTF-8 make 48 base64 characters: a 60-character word, which fits after "Subject: ".
    static let maxBytesPerWord = 36

    /// A whole header, folded onto continuation lines when the value needs several words.
    static func header(_ name: String, _ value: String) -> String {
        let clean = singleLine(value)
        if clean.allSatisfy({ $0.isASCII }) && clean.count + name.count + 2 < 76 && !clean.contains("=?") {
            return "\(name): \(clean)"
        }
        return "\(name): " + words(clean).joined(separator: "\r\n ")
    }

    /// `"Name" <address>` with the name encoded when it is not plain ASCII.
    static func address(_ mail: MailAddress) -> String {
        guard let name = mail.name.map(singleLine), !name.isEmpty else { return "<\(mail.address)>" }
        let plain = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == " " || $0 == "." || $0 == "-") }
        let display = plain ? "\"\(name)\"" : words(name).joined(separator: "\r\n ")
        return "\(display) <\(mail.address)>"
    }

    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var chunk = Data()
        for character in text {
            let bytes = Data(String(character).utf8)
            if !chunk.isEmpty && chunk.count + bytes.count > maxBytesPerWord {
                words.append(word(chunk))
                chunk = Data()
            }
            // A single grapheme longer than a word (a long emoji sequence) is split by scalars instead.
            if bytes.count > maxBytesPerWord {
                for scalar in String(character).unicodeScalars {
                    let scalarBytes = Data(String(scalar).utf8)
                    if chunk.count + scalarBytes.count > maxBytesPerWord { words.append(word(chunk)); chunk = Data() }
                    chunk.append(scalarBytes)
                }
            } else {
                chunk.append(bytes)
            }
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words
    }

    private static func word(_ bytes: Data) -> String { "=?UTF-8?B?" + bytes.base64EncodedString() + "?=" }

    /// Header values never carry line breaks: a CR or LF there would start a header of the sender's choosing.
    static func singleLine(_ text: String) -> String {
        String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }
}
