import MotCuaCore

/// What an incoming text asks for. `HS <dossier code>` ("hồ sơ"), forgiving of case and spacing ("hs 000.00.00.h41 -
/// 250312-0007", "HS:000…"); a text that is only a code means the same. Anything else gets the one-line help.
enum SMSKeyword: Equatable {
    /// The canonical code, well formed (it may still name no dossier).
    case status(code: String)
    /// "HS" followed by something that cannot be a dossier code.
    case malformedCode
    case help

    static let keyword = "HS"

    static func parse(_ text: String) -> SMSKeyword {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.prefix(2).uppercased() == keyword {
            let rest = trimmed.dropFirst(2)
            // "HSABC" is a word, not the keyword; "HS 000…", "HS:000…" and "HS000…" (codes start with a digit) are.
            guard let next = rest.first else { return .help }
            guard next.isWhitespace || next == ":" || next == "." || next == "-" || next.isNumber else { return .help }
            let candidate = rest.drop(while: { $0.isWhitespace || $0 == ":" || $0 == "." || $0 == "-" })
            guard !candidate.isEmpty else { return .help }
            return code(in: String(candidate)).map { .status(code: $0) } ?? .malformedCode
        }
        return code(in: trimmed).map { .status(code: $0) } ?? .help
    }

    /// Spaces inside a code are forgiven (phones break long words); the code type decides the rest.
    private static func code(in text: String) -> String? {
        let compact = String(text.filter { !$0.isWhitespace })
        guard !compact.isEmpty, compact.utf8.count <= 64 else { return nil }
        return try? DossierCode(compact).value
    }
}
