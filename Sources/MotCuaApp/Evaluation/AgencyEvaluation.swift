import Fluent
import Foundation
import Vapor
import MotCuaCore

/// Circular 01/2018 (Art. 13–15, DOMAIN.md §5): per dossier resolved in the period, the indicators the data allows,
/// each scored 0–2 (`DossierScores`); per agency the mean of each (one decimal) and a grade, from the roll-ups. The
/// indicators MotCua cannot know (time at each agency of an inter-agency chain, publicity of the procedure, handling
/// of feedback, …) are listed as entered by the evaluator.
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

    /// Per agency, the sums of the dossiers resolved in the period: read from the roll-ups (`DossierScores` adds each
    /// dossier's scores on the day it is resolved), so the page costs the same for a month or ten years.
    struct Sums: Equatable {
        var n = 0
        var time = 0
        var supplement = 0
        var visits = 0
        var apology = 0
        var rated = 0
        var rating = 0

        mutating func add(_ counters: DossierRollups.Counters) {
            func value(_ column: RollupColumn) -> Int { DossierRollups.value(counters, column) }
            // (1) time: early 2, on time 1, late 0.
            n += value(.resolvedEarly) + value(.resolvedOnTime) + value(.resolvedLate)
            time += 2 * value(.resolvedEarly) + value(.resolvedOnTime)
            supplement += value(.scoreSupplement)
            visits += value(.scoreVisits)
            apology += value(.scoreApology)
            rated += value(.rated)
            rating += value(.scoreRating)
        }
    }

    static func sums(agencyIDs: [UUID], period: StatisticsPeriod, on db: Database) async throws -> [UUID: Sums] {
        let flows = try await DossierRollups.sums(agencyIDs: agencyIDs, buckets: RollupDay.cover(from: period.from, to: period.to), on: db)
        var byAgency: [UUID: Sums] = [:]
        for (pair, counters) in flows { byAgency[pair.agencyID, default: Sums()].add(counters) }
        return byAgency.filter { $0.value.n > 0 }
    }

    static func build(agencies: [Agency], period: StatisticsPeriod, on db: Database) async throws -> AgencyEvaluation {
        let byAgency = try await sums(agencyIDs: agencies.compactMap(\.id), period: period, on: db)
        let rows = agencies.compactMap { agency -> Row? in
            guard let id = agency.id, let s = byAgency[id] else { return nil }
            let computed = [
                Indicator(number: 1, name: "Tổng thời gian giải quyết so với thời gian quy định", rule: "Trước hạn 2, đúng hạn 1, trễ hạn 0", score: tenths(s.time, s.n), dossiers: s.n),
                Indicator(number: 3, name: "Số lần cơ quan yêu cầu bổ sung hồ sơ", rule: "Không lần nào 2, một lần 1, nhiều hơn 0", score: tenths(s.supplement, s.n), dossiers: s.n),
                Indicator(number: 4, name: "Số lần phải trực tiếp đến cơ quan", rule: "Tối đa một lần 2, hai lần 1, nhiều hơn 0", score: tenths(s.visits, s.n), dossiers: s.n),
                Indicator(number: 5, name: "Xin lỗi khi trễ hạn", rule: "Không trễ 2, trễ có phiếu xin lỗi và hẹn lại 1, trễ không xin lỗi 0", score: tenths(s.apology, s.n), dossiers: s.n),
                Indicator(number: 8, name: "Mức độ hài lòng của người dân, tổ chức", rule: "Hài lòng 2, bình thường 1, không hài lòng 0", score: tenths(s.rating, s.rated), dossiers: s.rated),
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
    static func tenths(_ sum: Int, _ n: Int) -> Double? {
        guard n > 0 else { return nil }
        return Double((2 * sum * 10 + n) / (2 * n)) / 10
    }
}
