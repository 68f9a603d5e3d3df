import Fluent
import Foundation
import SQLKit
import MotCuaCore

/// Received and resolved per month of a period, for an agency subtree: one query over the roll-ups, grouped by bucket.
enum MonthlySeries {
    /// At most the last 36 months of the period.
    static func load(agencyIDs: [UUID], period: StatisticsPeriod, now: Date, on db: Database) async throws -> [ReportCharts.Month] {
        guard let sql = db as? SQLDatabase, !agencyIDs.isEmpty else { return [] }
        let end = min(period.to, LocalDate(now))
        guard period.from <= end else { return [] }
        var months: [(first: LocalDate, last: LocalDate)] = []
        var cursor = LocalDate(year: end.year, month: end.month, day: 1)
        while months.count < 36 {
            let first = max(cursor, period.from)
            let last = min(LocalDate(year: cursor.year, month: cursor.month, day: LocalDate.daysInMonth(year: cursor.year, month: cursor.month)), end)
            if first <= last { months.insert((first, last), at: 0) }
            if cursor <= period.from { break }
            cursor = cursor.month == 1 ? LocalDate(year: cursor.year - 1, month: 12, day: 1) : LocalDate(year: cursor.year, month: cursor.month - 1, day: 1)
        }
        let buckets = months.flatMap { RollupDay.cover(from: $0.first, to: $0.last) }
        let ids: [any Encodable & Sendable] = agencyIDs
        let keys: [any Encodable & Sendable] = buckets
        var received: [Int: Int] = [:], resolved: [Int: Int] = [:]
        for row in try await sql.raw("""
            SELECT bucket, CAST(SUM(received_counter + received_online + received_post) AS BIGINT) AS received,
                   CAST(SUM(resolved_early + resolved_on_time + resolved_late) AS BIGINT) AS resolved
            FROM dossier_rollups WHERE bucket IN (\(binds: keys)) AND agency_id IN (\(binds: ids)) GROUP BY bucket
            """).all() {
            let bucket = try row.decode(column: "bucket", as: Int.self)
            let month = bucket / 100 * 100
            received[month, default: 0] += try row.decode(column: "received", as: Int?.self) ?? 0
            resolved[month, default: 0] += try row.decode(column: "resolved", as: Int?.self) ?? 0
        }
        return months.map { m in
            let key = m.first.year * 10_000 + m.first.month * 100
            return ReportCharts.Month(label: "\(m.first.month)/\(m.first.year % 100 < 10 ? "0" : "")\(m.first.year % 100)",
                                      received: received[key] ?? 0, resolved: resolved[key] ?? 0)
        }
    }
}
