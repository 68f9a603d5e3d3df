import Foundation

/// What characters an SMS may carry. Gateways bill per part: 70 characters in UCS-2 (Vietnamese with its diacritics),
/// 160 in the GSM alphabet. `unicode` keeps the diacritics; `ascii` (`MOTCUA_SMS_ASCII=1`) writes the text without them,
/// so that no phone shows "?" or mojibake for a letter its alphabet lacks.
enum SMSAlphabet: Sendable {
    case unicode, ascii

    /// The text as it will go out. Unicode: NFC (one UCS-2 unit per Vietnamese letter, not two), and anything outside
    /// the Basic Multilingual Plane, which UCS-2 cannot carry, becomes "?". ASCII: diacritics dropped, đ → d,
    /// typographic dashes and quotes made plain, and any other non-ASCII character becomes "?".
    func render(_ text: String) -> String {
        switch self {
        case .unicode:
            let scalars = text.precomposedStringWithCanonicalMapping.unicodeScalars.map { $0.value > 0xFFFF ? "?" : $0 }
            return String(String.UnicodeScalarView(scalars))
        case .ascii:
            return Self.ascii(text)
        }
    }

    private static let plain: [Character: String] = [
        "đ": "d", "Đ": "D", "–": "-", "—": "-", "‘": "'", "’": "'", "“": "\"", "”": "\"", "…": "...", "\u{00A0}": " ",
    ]

    private static func ascii(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            if let replacement = plain[character] {
                out += replacement
                continue
            }
            // ư, ơ, ă, â, ê, ô and the five tones are all combining marks on a Latin letter once decomposed.
            let base = String(character).decomposedStringWithCanonicalMapping.unicodeScalars.first
            if let base, base.isASCII, base.value >= 0x20 || base == "\n" {
                out.unicodeScalars.append(base)
            } else {
                out += "?"
            }
        }
        return out
    }
}
