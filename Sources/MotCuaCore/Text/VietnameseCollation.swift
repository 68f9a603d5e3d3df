import Foundation

/// Vietnamese alphabetical order as a plain ASCII sort key, so that SQLite and PostgreSQL (whatever collation
/// the cluster was created with) sort names the way a Vietnamese reader expects: letters in the order of the
/// Vietnamese alphabet (a ă â b c d đ e ê … o ô ơ … u ư …), tone marks only breaking ties, a shorter word first.
/// "Cấp…" < "Chứng…" < "Công…", where byte order would put "Chứng" and "Công" before "Cấp".
public enum VietnameseCollation {
    /// Two-digit primary weights: digits, then the letters of the Vietnamese alphabet with the foreign f j w z in place.
    private static let letterOrder: [Character] = Array("0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
    private static let weights: [Character: Int] = Dictionary(uniqueKeysWithValues: letterOrder.enumerated().map { ($1, $0 + 1) })
    /// Dictionary order of the tones: ngang, huyền, hỏi, ngã, sắc, nặng.
    private static let toneMarks: [Unicode.Scalar: Int] = ["\u{0300}": 1, "\u{0309}": 2, "\u{0303}": 3, "\u{0301}": 4, "\u{0323}": 5]

    /// The sort key: primary weights, then "!" (below every digit, so a prefix sorts first), then one tone digit per letter.
    public static func key(_ text: String) -> String {
        var primary = ""
        var tones = ""
        primary.reserveCapacity(text.count * 2)
        for character in text.lowercased() {
            let (letter, tone) = split(character)
            if let weight = weights[letter] {
                primary += weight < 10 ? "0\(weight)" : "\(weight)"
                tones += String(tone)
            } else if character.isWhitespace || character.isPunctuation || character.isSymbol {
                // Word boundaries weigh least: "Cấp" before "Cấp đổi" before "Cấpx".
                if !primary.hasSuffix("00") && !primary.isEmpty { primary += "00" }
            } else {
                primary += "99"
                tones += "0"
            }
        }
        return primary + "!" + tones
    }

    /// A character's base letter with its letter-forming marks kept (ă â ê ô ơ ư, đ) and its tone taken apart.
    static func split(_ character: Character) -> (letter: Character, tone: Int) {
        if character == "đ" { return ("đ", 0) }
        var tone = 0
        var kept = String.UnicodeScalarView()
        for scalar in String(character).decomposedStringWithCanonicalMapping.unicodeScalars {
            if let mark = toneMarks[scalar] { tone = mark } else { kept.append(scalar) }
        }
        let composed = String(kept).precomposedStringWithCanonicalMapping
        guard composed.count == 1, let letter = composed.first else { return (character, tone) }
        return (letter, tone)
    }

    /// Sorts in Vietnamese order (for lists built in memory).
    public static func sorted<T>(_ items: [T], by name: (T) -> String) -> [T] {
        items.map { (key(name($0)), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
