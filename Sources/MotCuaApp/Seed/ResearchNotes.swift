import Foundation
import MotCuaCore

/// The demo catalogue was compiled by hand and its notes mix what the public should read ("Miễn lệ phí (Luật Hộ tịch
/// Điều 11)") with the compiler's own remarks ("mức của Lâm Đồng chưa tìm được"). Only the former reach the pages.
enum ResearchNotes {
    /// Phrases that mark a clause as a remark about the data, not about the procedure.
    static let markers = ["chưa tìm được", "chưa xác minh", "chưa đối chiếu", "để trống", "cổng dvc quốc gia", "cổng dịch vụ công quốc gia ghi"]

    /// The note without its research clauses, or nil when nothing public is left.
    static func publicPart(of note: String?) -> String? {
        guard let note else { return nil }
        let sentences = note.components(separatedBy: ". ")
        let kept = sentences.compactMap { sentence -> String? in
            let clauses = sentence.components(separatedBy: "; ").filter { clause in
                let lower = clause.lowercased()
                return !markers.contains { lower.contains($0) }
            }
            return clauses.isEmpty ? nil : clauses.joined(separator: "; ")
        }
        let text = Sentences.join(kept)
        return text.isEmpty ? nil : text
    }
}
