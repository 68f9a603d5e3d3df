import Fluent
import Foundation
import SQLKit
import Vapor
import MotCuaCore

/// Circular 01/2018 (Art. 13–15, DOMAIN.md §5): per dossier resolved in the period, the indicators the data allows,
/// each scored 0–2; per agency the mean of each (one decimal) and a grade. Computed in the database, one
/// aggregate query per period; the indicators MotCua cannot know (time at each agency of an inter-agency chain,
/// publicity of the procedure, handling of feedback, …) are listed as entered by the evaluator.
struct AgencyEvaluation: Content, Sendable {
    struct Indicator: Content, Sendable {
        let number: Int
        let name: String
        /// How the score is computed, or "nhập tay" for the entered ones.
        let rule: String
        /// Mean score over the dossiers with data, one decimal; nil when entered or without data.
        let score: Double?
        let dossiers: Int
    }

    struct Row: Content, Sendable {
        let agency: AgencySummary
        let dossiers: Int
        let indicators: [Indicator]
        /// The computed means, scaled to the nine indicators (mean × 9), one decimal: the provisional total.
        let total: Double?
        let grade: String
    }

    let period: DossierReport.Period
    let rows: [Row]

    /// ≥15 excellent, 12–<15 good, 9–<12 fairly good, 6–<9 average, <6 weak (on a total of nine indicators).
    static func grade(_ total: Double?) -> String {
        guard let total else { return "Chưa đủ dữ liệu" }
        switch total {
        case 15...: return "Xuất sắc"
        case 12..<15: return "Tốt"
        case 9..<12: return "Khá"
        case 6..<9: return "Trung bình"
        default: return "Yếu"
        }
    }

    static let entered: [(Int, String)] = [
        (2, "Thời gian thực hiện của từng cơ quan, đơn vị tham gia giải quyết"),
        (6, "Công khai thủ tục hành chính đầy đủ, đúng quy định"),
        (7, "Thái độ của cán bộ, công chức khi hướng dẫn, tiếp nhận (đánh giá trực tiếp của đoàn kiểm tra)"),
        (9, "Tiếp thu, giải trình ý kiến, kiến nghị của cá nhân, tổ chức"),
    ]

    static func build(agencies: [Agency], period: StatisticsPeriod, on db: Database) async throws -> AgencyEvaluation {
        guard let sql = db as? SQLDatabase else { throw AppError(.internalServerError, "no_sql", "Cơ sở dữ liệu không hỗ trợ SQL.") }
        let ids: [any Encodable & Sendable] = agencies.compactMap(\.id)
        struct Sums: Decodable {
            let agency: UUID
            let n: Int
            let time: Int?
            let supplement: Int?
            let visits: Int?
            let apology: Int?
            let rated: Int?
            let rating: Int?
        }
        var byAgency: [UUID: Sums] = [:]
        if !ids.isEmpty {
            // Per dossier: (1) time: early 2, on time 1, late 0; (3) supplements requested: none 2, once 1, more 0;
            // (4) visits to the office (intake and collection at the counter, each supplement): ≤1 → 2, 2 → 1, more 0;
            // (5) late ones: apology and new date issued beforehand 1, none 0, not late 2; (8) the applicant's rating:
            // satisfied 2, neutral 1, dissatisfied 0.
            for row in try await sql.raw("""
                SELECT handling_agency_id AS agency, COUNT(*) AS n,
                  SUM(CASE timeliness WHEN 'early' THEN 2 WHEN 'on_time' THEN 1 ELSE 0 END) AS time,
                  SUM(CASE WHEN sup = 0 THEN 2 WHEN sup = 1 THEN 1 ELSE 0 END) AS supplement,
                  SUM(CASE WHEN visits <= 1 THEN 2 WHEN visits = 2 THEN 1 ELSE 0 END) AS visits,
                  SUM(CASE WHEN timeliness <> 'late' THEN 2 WHEN rescheduled THEN 1 ELSE 0 END) AS apology,
                  SUM(CASE WHEN rating IS NULL THEN 0 ELSE 1 END) AS rated,
                  SUM(CASE rating WHEN 'satisfied' THEN 2 WHEN 'neutral' THEN 1 ELSE 0 END) AS rating
                FROM (
                  SELECT d.handling_agency_id, d.timeliness, d.rescheduled,
                    (SELECT COUNT(*) FROM dossier_events e WHERE e.dossier_id = d.id AND e.action = 'request-supplement') AS sup,
                    (CASE WHEN d.channel = 'counter' THEN 1 ELSE 0 END) + (CASE WHEN d.delivery = 'counter' THEN 1 ELSE 0 END)
                      + (SELECT COUNT(*) FROM dossier_events e WHERE e.dossier_id = d.id AND e.action = 'supplement') AS visits,
                    (SELECT r.overall FROM ratings r WHERE r.dossier_id = d.id ORDER BY r.created_at DESC LIMIT 1) AS rating
                  FROM dossiers d
                  WHERE d.handling_agency_id IN (\(binds: ids)) AND d.resolved_at >= \(bind: period.start) AND d.resolved_at < \(bind: period.end)
                    AND d.status IN (9, 10)
                ) x
                GROUP BY handling_agency_id
                """).all(decoding: Sums.self) {
                byAgency[row.agency] = row
            }
        }
        let rows = agencies.compactMap { agency -> Row? in
            guard let id = agency.id, let s = byAgency[id] else { return nil }
            let computed = [
                Indicator(number: 1, name: "Tổng thời gian giải quyết so với thời gian quy định", rule: "Trước hạn 2, đúng hạn 1, trễ hạn 0", score: tenths(s.time, s.n), dossiers: s.n),
                Indicator(number: 3, name: "Số lần cơ quan yêu cầu bổ sung hồ sơ", rule: "Không lần nào 2, một lần 1, nhiều hơn 0", score: tenths(s.supplement, s.n), dossiers: s.n),
                Indicator(number: 4, name: "Số lần phải trực tiếp đến cơ quan", rule: "Tối đa một lần 2, hai lần 1, nhiều hơn 0", score: tenths(s.visits, s.n), dossiers: s.n),
                Indicator(number: 5, name: "Xin lỗi khi trễ hạn", rule: "Không trễ 2, trễ có phiếu xin lỗi và hẹn lại 1, trễ không xin lỗi 0", score: tenths(s.apology, s.n), dossiers: s.n),
                Indicator(number: 8, name: "Mức độ hài lòng của người dân, tổ chức", rule: "Hài lòng 2, bình thường 1, không hài lòng 0", score: tenths(s.rating, s.rated ?? 0), dossiers: s.rated ?? 0),
            ]
            let entered = Self.entered.map { Indicator(number: $0.0, name: $0.1, rule: "Nhập tay (đánh giá của đoàn kiểm tra)", score: nil, dossiers: 0) }
            let scores = computed.compactMap(\.score)
            let total = scores.isEmpty ? nil : (scores.reduce(0, +) / Double(scores.count) * 9 * 10).rounded() / 10
            return Row(agency: agency.summary, dossiers: s.n, indicators: (computed + entered).sorted { $0.number < $1.number }, total: total, grade: grade(total))
        }
        return AgencyEvaluation(period: .init(from: period.from.iso, to: period.to.iso,
                                              label: period.label), rows: rows)
    }

    /// The mean of scores over n dossiers, one decimal, rounded half up in integers.
    static func tenths(_ sum: Int?, _ n: Int) -> Double? {
        guard n > 0 else { return nil }
        return Double((2 * (sum ?? 0) * 10 + n) / (2 * n)) / 10
    }
}
