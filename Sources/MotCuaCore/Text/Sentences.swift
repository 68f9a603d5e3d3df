import Foundation

/// Joins clauses into sentences without doubling the full stop a clause typed by a person may already end with
/// ("Lý do: thiếu chữ ký." + ". Hẹn cũ…" would read "thiếu chữ ký.. Hẹn cũ").
public enum Sentences {
    public static func join(_ parts: [String?], separator: String = ". ") -> String {
        let clauses = parts.compactMap { part -> String? in
            guard var text = part?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
            while let last = text.last, last == "." || last == ";" || last == "," { text.removeLast() }
            text = text.trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : text
        }
        guard !clauses.isEmpty else { return "" }
        return clauses.joined(separator: separator) + "."
    }
}
