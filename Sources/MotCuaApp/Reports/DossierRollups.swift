import Fluent
import Foundation
import SQLKit
import MotCuaCore

/// The report roll-ups: per bucket (day, month, year; see `RollupDay`) × handling agency × procedure, the counters
/// of `RollupColumn`. Kept in the transaction of every change to a dossier (`record`), rebuilt from the raw rows
/// by `rebuild`.
enum DossierRollups {
    struct Key: Hashable, Sendable, Comparable {
        let bucket: Int
        let agencyID: UUID
        let procedureID: UUID

        static func < (a: Key, b: Key) -> Bool {
            (a.bucket, a.agencyID.uuidString, a.procedureID.uuidString) < (b.bucket, b.agencyID.uuidString, b.procedureID.uuidString)
        }
    }

    typealias Counters = [Int]
    typealias Table = [Key: Counters]

    static func zero() -> Counters { Array(repeating: 0, count: RollupColumn.count) }

    /// One column of a row's counters; 0 for a row without it.
    static func value(_ counters: Counters, _ column: RollupColumn) -> Int {
        counters.indices.contains(column.rawValue) ? counters[column.rawValue] : 0
    }

    /// Adds one dossier's contribution (times `sign`) to an in-memory table, in all three grains.
    static func add(_ facts: DossierFacts, sign: Int = 1, into table: inout Table) {
        for (cell, delta) in RollupContribution.cells(of: facts) where delta != 0 {
            for bucket in RollupDay.buckets(of: cell.day) {
                let key = Key(bucket: bucket, agencyID: facts.agencyID, procedureID: facts.procedureID)
                table[key, default: zero()][cell.column.rawValue] += sign * delta
            }
        }
    }

    /// In the caller's transaction: moves the dossier's contribution from `before` (nil for a new dossier) to `after`.
    static func record(before: DossierFacts?, after: DossierFacts, on db: Database) async throws {
        guard before != after else { return }
        var table: Table = [:]
        if let before { add(before, sign: -1, into: &table) }
        add(after, into: &table)
        try await upsert(table, on: db)
    }

    /// Adds the table's counters to the stored rows (in key order, so that concurrent writers lock rows in one order).
    static func upsert(_ table: Table, on db: Database) async throws {
        guard let sql = db as? SQLDatabase else { return }
        let rows = table.filter { !$0.value.allSatisfy { $0 == 0 } }.sorted { $0.key < $1.key }
            .map { (keys: [$0.key.bucket, $0.key.agencyID, $0.key.procedureID] as [any Encodable & Sendable], counters: $0.value) }
        try await RollupUpsert.run(table: "dossier_rollups", keyColumns: ["bucket", "agency_id", "procedure_id"],
                                   counterColumns: RollupColumn.allCases.map(\.sqlName), rows: rows, on: sql)
    }

    /// The roll-ups recounted from the dossiers (of the agencies whose path starts with `pathPrefix`, or all),
    /// read in pages by id so that ten million rows never sit in memory.
    static func recount(pathPrefix: String? = nil, on db: Database) async throws -> Table {
        guard let sql = db as? SQLDatabase else { return [:] }
        var table: Table = [:]
        var after: UUID? = nil
        let page = 20_000
        while true {
            var query = SQLQueryString("SELECT id, \(unsafeRaw: DossierFacts.selectColumns) FROM dossiers WHERE 1 = 1")
            if let pathPrefix {
                query.appendInterpolation(unsafeRaw: " AND handling_agency_path LIKE ")
                query.appendInterpolation(bind: pathPrefix.replacingOccurrences(of: "%", with: "") + "%")
            }
            if let after {
                query.appendInterpolation(unsafeRaw: " AND id > ")
                query.appendInterpolation(bind: after)
            }
            query.appendInterpolation(unsafeRaw: " ORDER BY id LIMIT \(page)")
            let rows = try await sql.raw(query).all()
            for row in rows { add(try DossierFacts(row: row), into: &table) }
            guard rows.count == page, let last = rows.last else { break }
            after = try last.decode(column: "id", as: UUID.self)
        }
        return table.filter { !$0.value.allSatisfy { $0 == 0 } }
    }

    /// Replaces every roll-up row by a recount (`RollupUpsert.replaceAll`: one transaction, locked on PostgreSQL).
    static func rebuild(on db: Database) async throws {
        try await RollupUpsert.replaceAll(in: "dossier_rollups", on: db) { tx in try await upsert(try await recount(on: tx), on: tx) }
    }

    /// Every stored row that is not all zeros (`statistics verify` compares them with a recount).
    static func stored(on db: Database) async throws -> Table {
        guard let sql = db as? SQLDatabase else { return [:] }
        let names = RollupColumn.allCases.map(\.sqlName).joined(separator: ", ")
        var table: Table = [:]
        for row in try await sql.raw("SELECT bucket, agency_id, procedure_id, \(unsafeRaw: names) FROM dossier_rollups").all() {
            let key = Key(bucket: try row.decode(column: "bucket", as: Int.self),
                          agencyID: try row.decode(column: "agency_id", as: UUID.self),
                          procedureID: try row.decode(column: "procedure_id", as: UUID.self))
            let counters = try RollupColumn.allCases.map { try row.decode(column: $0.sqlName, as: Int.self) }
            if !counters.allSatisfy({ $0 == 0 }) { table[key] = counters }
        }
        return table
    }

    /// Sums the stored rows of the given buckets per (agency, procedure), in the database.
    static func sums(agencyIDs: [UUID], buckets: [Int], on db: Database) async throws -> [Pair: Counters] {
        guard let sql = db as? SQLDatabase, !agencyIDs.isEmpty, !buckets.isEmpty else { return [:] }
        let ids: [any Encodable & Sendable] = agencyIDs
        let keys: [any Encodable & Sendable] = buckets
        let sums = RollupColumn.allCases.map { "CAST(SUM(\($0.sqlName)) AS BIGINT) AS \($0.sqlName)" }.joined(separator: ", ")
        var out: [Pair: Counters] = [:]
        for row in try await sql.raw("""
            SELECT agency_id, procedure_id, \(unsafeRaw: sums) FROM dossier_rollups
            WHERE bucket IN (\(binds: keys)) AND agency_id IN (\(binds: ids))
            GROUP BY agency_id, procedure_id
            """).all() {
            let pair = Pair(agencyID: try row.decode(column: "agency_id", as: UUID.self),
                            procedureID: try row.decode(column: "procedure_id", as: UUID.self))
            out[pair] = try RollupColumn.allCases.map { try row.decode(column: $0.sqlName, as: Int?.self) ?? 0 }
        }
        return out
    }

    struct Pair: Hashable, Sendable {
        let agencyID: UUID
        let procedureID: UUID
    }
}
