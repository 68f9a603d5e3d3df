import Fluent
import SQLKit
import Vapor
import MotCuaCore

/// The counts behind a report, per handling agency, from four aggregate queries (COUNT … GROUP BY).
/// Dossiers are never loaded: each query is answered from a covering index on (handling_agency_id, …),
/// so its cost grows with the dossiers of the period, not with the table.
struct StatisticsCounts: Sendable {
    struct PerAgency: Sendable {
        var receivedByChannel: [String: Int] = [:]
        var resolvedByTimeliness: [String: Int] = [:]
        var openByStatus: [Int: Int] = [:]
        var overdueByStatus: [Int: Int] = [:]
        var returned = 0
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
        let ids: [any Encodable & Sendable] = agencyIDs
        let start = period.start, end = period.end

        struct ChannelRow: Decodable { let agency: UUID; let channel: String; let n: Int }
        for row in try await sql.raw("""
            SELECT handling_agency_id AS agency, channel, COUNT(*) AS n FROM dossiers
            WHERE handling_agency_id IN (\(binds: ids)) AND received_at >= \(bind: start) AND received_at < \(bind: end)
            GROUP BY handling_agency_id, channel
            """).all(decoding: ChannelRow.self) {
            result.agencies[row.agency, default: .init()].receivedByChannel[row.channel, default: 0] += row.n
        }

        struct TimelinessRow: Decodable { let agency: UUID; let timeliness: String?; let n: Int }
        for row in try await sql.raw("""
            SELECT handling_agency_id AS agency, timeliness, COUNT(*) AS n FROM dossiers
            WHERE handling_agency_id IN (\(binds: ids)) AND resolved_at >= \(bind: start) AND resolved_at < \(bind: end)
            GROUP BY handling_agency_id, timeliness
            """).all(decoding: TimelinessRow.self) {
            result.agencies[row.agency, default: .init()].resolvedByTimeliness[row.timeliness ?? "", default: 0] += row.n
        }

        // Open dossiers are counted as they stand now, whatever the period.
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

        struct ReturnedRow: Decodable { let agency: UUID; let n: Int }
        for row in try await sql.raw("""
            SELECT handling_agency_id AS agency, COUNT(*) AS n FROM dossiers
            WHERE handling_agency_id IN (\(binds: ids)) AND returned_at >= \(bind: start) AND returned_at < \(bind: end)
            GROUP BY handling_agency_id
            """).all(decoding: ReturnedRow.self) {
            result.agencies[row.agency, default: .init()].returned += row.n
        }
        return result
    }
}
