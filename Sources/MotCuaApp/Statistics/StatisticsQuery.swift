import Fluent
import SQLKit
import Vapor
import MotCuaCore

/// The counts behind the dashboard and `GET /api/v1/statistics`, per handling agency. The period's flows (received,
/// resolved, returned, refused at intake) are the report roll-ups' (`DossierRollups`), so they follow the one
/// definition of the periodic report and cost the same at one or ten million dossiers; the open dossiers are
/// counted live, to the minute, from the (handling agency, status) index, which only holds the open few.
struct StatisticsCounts: Sendable {
    struct PerAgency: Sendable {
        var receivedByChannel: [String: Int] = [:]
        var resolvedByTimeliness: [String: Int] = [:]
        var openByStatus: [Int: Int] = [:]
        var overdueByStatus: [Int: Int] = [:]
        var returned = 0
        /// Refused at intake (status 3): counted apart, never as received.
        var notAccepted = 0
    }

    var agencies: [UUID: PerAgency] = [:]

    /// The sum over some agencies (a subtree, or a child's subtree).
    func total(of ids: Set<UUID>) -> PerAgency {
        var sum = PerAgency()
        for (id, counts) in agencies where ids.contains(id) {
            sum.receivedByChannel.merge(counts.receivedByChannel, uniquingKeysWith: +)
            sum.resolvedByTimeliness.merge(counts.resolvedByTimeliness, uniquingKeysWith: +)
            sum.openByStatus.merge(counts.openByStatus, uniquingKeysWith: +)
            sum.overdueByStatus.merge(counts.overdueByStatus, uniquingKeysWith: +)
            sum.returned += counts.returned
            sum.notAccepted += counts.notAccepted
        }
        return sum
    }
}

enum StatisticsQuery {
    /// Statuses counted as open: 1 awaiting the counter's check (online), 2 accepted, 4 processing,
    /// 5 waiting for the applicant's supplement, 6 awaiting fees.
    static let openStatuses = [DossierStatus.new, .accepted, .processing, .supplementRequested, .awaitingFees].map(\.rawValue)

    static func counts(agencyIDs: [UUID], period: StatisticsPeriod, now: Date, on db: Database) async throws -> StatisticsCounts {
        guard let sql = db as? SQLDatabase else { throw AppError(.internalServerError, "no_sql", "Cơ sở dữ liệu không hỗ trợ SQL.") }
        var result = StatisticsCounts()
        guard !agencyIDs.isEmpty else { return result }

        let lastDay = min(period.to, LocalDate(now))
        if period.from <= lastDay {
            let flows = try await DossierRollups.sums(agencyIDs: agencyIDs, buckets: RollupDay.cover(from: period.from, to: lastDay), on: db)
            for (pair, counters) in flows {
                func value(_ column: RollupColumn) -> Int { DossierRollups.value(counters, column) }
                var agency = result.agencies[pair.agencyID, default: .init()]
                agency.receivedByChannel.merge([DossierChannel.counter.rawValue: value(.receivedCounter),
                                                DossierChannel.online.rawValue: value(.receivedOnline),
                                                DossierChannel.post.rawValue: value(.receivedPost)], uniquingKeysWith: +)
                agency.resolvedByTimeliness.merge([Timeliness.early.rawValue: value(.resolvedEarly),
                                                   Timeliness.onTime.rawValue: value(.resolvedOnTime),
                                                   Timeliness.late.rawValue: value(.resolvedLate)], uniquingKeysWith: +)
                agency.returned += value(.returned)
                agency.notAccepted += value(.notAccepted)
                result.agencies[pair.agencyID] = agency
            }
        }

        // Open dossiers are counted as they stand now, whatever the period.
        let ids: [any Encodable & Sendable] = agencyIDs
        struct OpenRow: Decodable { let agency: UUID; let status: Int; let n: Int; let overdue: Int? }
        let open: [any Encodable & Sendable] = openStatuses
        for row in try await sql.raw("""
            SELECT handling_agency_id AS agency, status, COUNT(*) AS n,
                   SUM(CASE WHEN appointment_at < \(bind: now) THEN 1 ELSE 0 END) AS overdue
            FROM dossiers
            WHERE handling_agency_id IN (\(binds: ids)) AND status IN (\(binds: open))
            GROUP BY handling_agency_id, status
            """).all(decoding: OpenRow.self) {
            result.agencies[row.agency, default: .init()].openByStatus[row.status, default: 0] += row.n
            result.agencies[row.agency, default: .init()].overdueByStatus[row.status, default: 0] += row.overdue ?? 0
        }
        return result
    }
}
