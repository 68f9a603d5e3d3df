import Foundation

/// Byte-level checks shared by the identifier parsers. They look at UTF-8 bytes rather than
/// `Character`s so that full-width or combining look-alikes ("１", "1\u{301}") never pass as digits.
enum IdentifierText {
    static func trimmed(_ raw: String) -> String {
        // Stored and scanned identifiers almost never carry whitespace: when neither end can be whitespace
        // (printable ASCII), skip Foundation's character-set scan (the public lookup parses a code per request).
        if let first = raw.utf8.first, let last = raw.utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return raw
        }
        return raw.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func isDigits<S: StringProtocol>(_ text: S, count: Int? = nil) -> Bool {
        let bytes = text.utf8
        if let count, bytes.count != count { return false }
        return !bytes.isEmpty && bytes.allSatisfy { (0x30...0x39).contains($0) }
    }

    static func isUppercaseASCIILetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte)
    }

    /// Echoes user input inside a message; long pastes are cut so a message stays readable.
    static func quoted<S: StringProtocol>(_ text: S, limit: Int = 40) -> String {
        let shown = text.count > limit ? String(text.prefix(limit)) + "…" : String(text)
        return "“\(shown)”"
    }

    static func zeroPadded(_ number: Int, width: Int) -> String {
        let digits = String(number.magnitude)
        let padding = String(repeating: "0", count: max(0, width - digits.count))
        return (number < 0 ? "-" : "") + padding + digits
    }

    /// Codable support for identifiers stored as a single validated string.
    static func decode<T>(
        _ decoder: any Decoder,
        _ make: (String) throws(ValidationFailure) -> T
    ) throws -> T {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        do {
            return try make(raw)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }
}
