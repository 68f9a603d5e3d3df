import Foundation

/// Names shown to the public (queue boards, published result lists) are shortened so that a
/// person can recognise their own entry without the list exposing everyone's full name.
public enum PersonName {
    /// Keeps the family name and reduces every other word to its initial:
    /// "Nguyễn Văn An" → "Nguyễn V. A.", "Lê Thị Bích Ngọc" → "Lê T. B. N.".
    /// A single word may be a given name on its own, so it is reduced too ("An" → "A.").
    /// Extra spaces are ignored; the first letter of each word is capitalised ("đặng" → "Đặng")
    /// and the result is in NFC, whatever normalisation the input came in.
    public static func masked(_ fullName: String) -> String {
        let words = fullName.precomposedStringWithCanonicalMapping
            .split(whereSeparator: { $0.isWhitespace })
        guard let family = words.first else { return "" }
        guard words.count > 1 else { return initial(of: family) }
        let given = words.dropFirst().map(initial(of:))
        return ([capitalised(family)] + given).joined(separator: " ")
    }

    private static func initial(of word: Substring) -> String {
        guard let first = word.first else { return "" }
        return String(first).uppercased() + "."
    }

    private static func capitalised(_ word: Substring) -> String {
        guard let first = word.first else { return "" }
        return String(first).uppercased() + word.dropFirst()
    }
}
