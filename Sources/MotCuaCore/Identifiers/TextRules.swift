import Foundation

/// What a text typed by a person may be before it is stored, printed on a slip or shown on the public page.
///
/// Text is normalised to NFC (one scalar per Vietnamese letter), then bounded three ways: in characters (what the
/// form promises), in Unicode scalars (a letter followed by ten thousand combining marks is one "character") and
/// in UTF-8 bytes. Control characters never pass (tab and line breaks only in multi-line text), nor do the bidi
/// controls that make a name read differently from what it is (U+202E RIGHT-TO-LEFT OVERRIDE and its kin).
public enum TextRules {
    public struct Field: Sendable {
        public let key: String
        public let label: String
        public let maxCharacters: Int
        public let multiline: Bool

        public init(_ key: String, _ label: String, maxCharacters: Int, multiline: Bool = false) {
            self.key = key; self.label = label; self.maxCharacters = maxCharacters; self.multiline = multiline
        }
    }

    /// Trimmed and checked text, or nil when nothing but spaces was sent.
    public static func clean(_ raw: String?, _ field: Field) throws(ValidationFailure) -> String? {
        guard let raw else { return nil }
        // A first bound before any Unicode work, so a megabyte costs nothing.
        guard raw.utf8.count <= field.maxCharacters * 12 else { throw tooLong(field) }
        let normalized = raw.precomposedStringWithCanonicalMapping.replacingOccurrences(of: "\r\n", with: "\n")
        if let bad = normalized.unicodeScalars.first(where: { isForbidden($0, multiline: field.multiline) }) {
            throw ValidationFailure(field: field.key, code: "forbidden_character",
                                    message: "\(field.label) chứa ký tự không được phép (\(describe(bad))). Hãy gõ lại nội dung này.")
        }
        let text = normalized.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { return nil }
        guard text.unicodeScalars.count <= field.maxCharacters, text.utf8.count <= field.maxCharacters * 4,
              text.count <= field.maxCharacters else { throw tooLong(field) }
        return text
    }

    /// A list of short texts (a checklist, the missing papers): at most `maxItems`, each bounded like a field.
    public static func cleanList(_ raw: [String]?, _ field: Field, maxItems: Int) throws(ValidationFailure) -> [String]? {
        guard let raw else { return nil }
        guard raw.count <= maxItems else {
            throw ValidationFailure(field: field.key, code: "too_many_items",
                                    message: "\(field.label) có nhiều hơn \(maxItems) mục; hãy gộp hoặc bớt các mục.")
        }
        var items: [String] = []
        for item in raw {
            if let text = try clean(item, field) { items.append(text) }
        }
        return items
    }

    public static func isForbidden(_ scalar: Unicode.Scalar, multiline: Bool) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: return !multiline
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true   // bidi marks, embeddings, overrides, isolates
        case 0x2028, 0x2029, 0xFEFF, 0xFFF9...0xFFFB: return true                     // separators, BOM, interlinear annotation
        default: return scalar.properties.generalCategory == .unassigned || scalar.properties.generalCategory == .privateUse
        }
    }

    static func describe(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    static func tooLong(_ field: Field) -> ValidationFailure {
        ValidationFailure(field: field.key, code: "text_too_long",
                          message: "\(field.label) dài quá \(field.maxCharacters) ký tự; hãy rút gọn.")
    }
}
