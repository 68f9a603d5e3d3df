import Fluent
import Foundation
import SQLKit
import Vapor
import MotCuaCore

/// Per officer of an agency subtree, in a period: dossiers received (intake, acceptance), handled (any move),
/// resolved early / on time / late (by the one who resolved), the late ones with their codes, and the ratings
/// the applicants gave them.
struct OfficerSupervision: Sendable {
    struct Row: Sendable {
        let name: String
        let username: String
        let agency: String
        var received = 0
        var handled = 0
        var early = 0
        var onTime = 0
        var late = 0
        var lateCodes: [String] = []
        var satisfied = 0
        var neutral = 0
        var dissatisfied = 0
    }

    let rows: [Row]

    static func build(agencies: [Agency], period: StatisticsPeriod, on db: Database) async throws -> OfficerSupervision {
        guard let sql = db as? SQLDatabase else { throw AppError(.internalServerError, "no_sql", "Cơ sở dữ liệu không hỗ trợ SQL.") }
        let agencyIDs = agencies.compactMap(\.id)
        guard !agencyIDs.isEmpty else { return OfficerSupervision(rows: []) }
        let names = Dictionary(uniqueKeysWithValues: agencies.compactMap { a in a.id.map { ($0, a.name) } })
        let officers = try await User.query(on: db).filter(\.$agency.$id ~~ agencyIDs).sort(\.$fullName).all()
            .filter { $0.hasAny(.receptionist, .specialist, .leader) }
        guard !officers.isEmpty else { return OfficerSupervision(rows: []) }
        var rows: [UUID: Row] = [:]
        for officer in officers {
            guard let id = officer.id else { continue }
            rows[id] = Row(name: officer.fullName, username: officer.username, agency: officer.$agency.id.flatMap { names[$0] } ?? "")
        }
        let ids: [any Encodable & Sendable] = Array(rows.keys)
        struct Counts: Decodable { let actor: UUID; let received: Int?; let handled: Int; let early: Int?; let on_time: Int?; let late: Int? }
        for c in try await sql.raw("""
            SELECT e.actor_id AS actor,
              SUM(CASE WHEN e.action IN ('intake', 'accept') THEN 1 ELSE 0 END) AS received,
              COUNT(DISTINCT e.dossier_id) AS handled,
              SUM(CASE WHEN e.action = 'resolve' AND d.timeliness = 'early' THEN 1 ELSE 0 END) AS early,
              SUM(CASE WHEN e.action = 'resolve' AND d.timeliness = 'on_time' THEN 1 ELSE 0 END) AS on_time,
              SUM(CASE WHEN e.action = 'resolve' AND d.timeliness = 'late' THEN 1 ELSE 0 END) AS late
            FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
            WHERE e.actor_id IN (\(binds: ids)) AND e.at >= \(bind: period.start) AND e.at < \(bind: period.end)
            GROUP BY e.actor_id
            """).all(decoding: Counts.self) {
            rows[c.actor]?.received = c.received ?? 0
            rows[c.actor]?.handled = c.handled
            rows[c.actor]?.early = c.early ?? 0
            rows[c.actor]?.onTime = c.on_time ?? 0
            rows[c.actor]?.late = c.late ?? 0
        }
        struct Late: Decodable { let actor: UUID; let code: String }
        for l in try await sql.raw("""
            SELECT e.actor_id AS actor, d.code AS code FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
            WHERE e.actor_id IN (\(binds: ids)) AND e.at >= \(bind: period.start) AND e.at < \(bind: period.end)
              AND e.action = 'resolve' AND d.timeliness = 'late'
            ORDER BY d.code LIMIT 500
            """).all(decoding: Late.self) {
            rows[l.actor]?.lateCodes.append(l.code)
        }
        struct Rated: Decodable { let officer: UUID; let overall: String; let n: Int }
        for r in try await sql.raw("""
            SELECT officer_id AS officer, overall, COUNT(*) AS n FROM ratings
            WHERE officer_id IN (\(binds: ids)) AND created_at >= \(bind: period.start) AND created_at < \(bind: period.end)
            GROUP BY officer_id, overall
            """).all(decoding: Rated.self) {
            switch r.overall {
            case "satisfied": rows[r.officer]?.satisfied += r.n
            case "neutral": rows[r.officer]?.neutral += r.n
            default: rows[r.officer]?.dissatisfied += r.n
            }
        }
        return OfficerSupervision(rows: officers.compactMap { $0.id.flatMap { rows[$0] } })
    }
}
