import Fluent
import Foundation
import SQLKit
import Vapor
import MotCuaCore

/// Per officer of an agency subtree, in a period: dossiers received (`OfficerRollups.Column.received`), moves made (every timeline
/// event they wrote), resolved early / on time / late (by the one who resolved) — from `OfficerRollups`, so that a
/// year costs what a day does — the latest late ones with their codes, and the ratings the applicants gave them.
struct OfficerSupervision: Sendable {
    struct Row: Sendable {
        let name: String
        let username: String
        let agency: String
        var received = 0
        var moves = 0
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
        let buckets = RollupDay.cover(from: period.from, to: period.to)
        for (officer, counters) in try await OfficerRollups.sums(officerIDs: Array(rows.keys), buckets: buckets, on: db) {
            func value(_ column: OfficerRollups.Column) -> Int { OfficerRollups.value(counters, column) }
            rows[officer]?.received = value(.received)
            rows[officer]?.moves = value(.moves)
            rows[officer]?.early = value(.resolvedEarly)
            rows[officer]?.onTime = value(.resolvedOnTime)
            rows[officer]?.late = value(.resolvedLate)
        }
        // The latest 500 late resolutions, through the index of late dossiers (`AddLateDossierIndex`): it stops after them.
        let subtree: [any Encodable & Sendable] = agencyIDs
        struct Late: Decodable { let actor: UUID; let code: String }
        for l in try await sql.raw("""
            SELECT e.actor_id AS actor, d.code AS code FROM dossiers d JOIN dossier_events e ON e.dossier_id = d.id AND e.action = 'resolve'
            WHERE d.\(unsafeRaw: AddLateDossierIndex.predicate) AND d.resolved_at >= \(bind: period.start) AND d.resolved_at < \(bind: period.end)
              AND d.handling_agency_id IN (\(binds: subtree)) AND e.actor_id IN (\(binds: ids))
            ORDER BY d.resolved_at DESC LIMIT 500
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
