import Foundation

/// Vietnamese text folded for search: lower case, no diacritics, đ → d, so "dang ky khai sinh" finds "Đăng ký khai sinh".
enum TextSearch {
    static func fold(_ text: String) -> String {
        let replaced = text.replacingOccurrences(of: "đ", with: "d").replacingOccurrences(of: "Đ", with: "d")
        let folded = replaced.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "vi_VN"))
        return folded.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
