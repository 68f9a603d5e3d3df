import Fluent
import SQLKit
import Vapor
import MotCuaCore

/// The ratings of an agency subtree in a period, for the leaders' dashboard: the agency's totals and one row per
/// officer rated. Counted by the database (one GROUP BY), so the answer's size is the number of officers, not of ratings.
struct RatingSummary: Encodable {
    struct Row: Encodable {
        let name: String
        let total: Int
        let satisfied: Int
        let neutral: Int
        let dissatisfied: Int
        let attitudeSatisfied: Int
        /// "Hài lòng" over all ratings, in Vietnamese notation ("92,5%").
        let satisfiedShare: String
    }

    let total: Row
    let officers: [Row]

    static func load(agencyIDs: [UUID], period: StatisticsPeriod, on db: Database) async throws -> RatingSummary {
        guard let sql = db as? SQLDatabase, !agencyIDs.isEmpty else { return RatingSummary(total: row("Tổng cộng", []), officers: []) }
        let start = period.from.at(hour: 0, minute: 0), end = period.to.adding(days: 1).at(hour: 0, minute: 0)
        struct Count: Decodable { let officer_id: UUID?; let overall: String; let attitude: String; let n: Int }
        let counts = try await sql.raw("""
            SELECT officer_id, overall, attitude, COUNT(*) AS n FROM ratings
            WHERE agency_id IN (\(binds: agencyIDs)) AND created_at >= \(bind: start) AND created_at < \(bind: end)
            GROUP BY officer_id, overall, attitude
            """).all(decoding: Count.self)
        let officerIDs = Array(Set(counts.compactMap(\.officer_id)))
        let names = officerIDs.isEmpty ? [:] : Dictionary(
            try await User.query(on: db).filter(\.$id ~~ officerIDs).all().compactMap { user in user.id.map { ($0, user.fullName) } },
            uniquingKeysWith: { first, _ in first })
        let byOfficer = Dictionary(grouping: counts, by: { $0.officer_id })
        let officers = byOfficer.map { id, rows in
            row(id.flatMap { names[$0] } ?? "Không xác định", rows.map { ($0.overall, $0.attitude, $0.n) })
        }.sorted { VietnameseCollation.key($0.name) < VietnameseCollation.key($1.name) }
        return RatingSummary(total: row("Tổng cộng", counts.map { ($0.overall, $0.attitude, $0.n) }), officers: officers)
    }

    private static func row(_ name: String, _ counts: [(overall: String, attitude: String, n: Int)]) -> Row {
        func sum(_ include: ((overall: String, attitude: String, n: Int)) -> Bool) -> Int { counts.filter(include).reduce(0) { $0 + $1.n } }
        let total = sum { _ in true }
        let satisfied = sum { $0.overall == Rating.Level.satisfied.rawValue }
        return Row(name: name, total: total, satisfied: satisfied,
                   neutral: sum { $0.overall == Rating.Level.neutral.rawValue },
                   dissatisfied: sum { $0.overall == Rating.Level.dissatisfied.rawValue },
                   attitudeSatisfied: sum { $0.attitude == Rating.Level.satisfied.rawValue },
                   satisfiedShare: total == 0 ? "—" : VietnameseFormat.decimal(Double(satisfied * 1000 / total) / 10) + "%")
    }
}
