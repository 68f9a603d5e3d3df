import Fluent
import Foundation
import SQLKit
import MotCuaCore

/// The supervision per officer, rolled up like the report: per bucket (`RollupDay`) × the one who acted, the moves
/// they made on dossiers' timelines. Kept as each timeline event is written (`DossierEventRollupMiddleware`, and
/// intake's bulk insert), rebuilt from the timelines by `rebuild`, compared with a recount by `statistics verify`.
enum OfficerRollups {
    enum Column: Int, CaseIterable, Sendable {
        /// Dossiers taken in: intake at the counter or by post (its acceptance is the same dossier), acceptance of an
        /// online submission — as the report counts an online dossier received when it is accepted.
        case received
        /// Every event they wrote (intake, each status move, assignment).
        case moves
        /// Dossiers they resolved, by the timeliness fixed at resolution.
        case resolvedEarly, resolvedOnTime, resolvedLate

        var sqlName: String {
            switch self {
            case .received: "received"
            case .moves: "moves"
            case .resolvedEarly: "resolved_early"
            case .resolvedOnTime: "resolved_on_time"
            case .resolvedLate: "resolved_late"
            }
        }
    }

    /// One timeline event, as far as the supervision is concerned; the dossier's timeliness and channel are read only
    /// for an intake, an acceptance and a resolution (`needsDossier`).
    struct Move: Sendable {
        let actorID: UUID?
        let action: String
        let at: Date
        var timeliness: String? = nil
        var channel: String? = nil

        static func needsDossier(_ action: String) -> Bool {
            action == DossierEvent.intakeAction || action == DossierAction.accept.rawValue || action == DossierAction.resolve.rawValue
        }
    }

    struct Key: Hashable, Comparable, Sendable {
        let bucket: Int
        let officerID: UUID

        static func < (a: Key, b: Key) -> Bool { (a.bucket, a.officerID.uuidString) < (b.bucket, b.officerID.uuidString) }
    }

    typealias Counters = [Int]
    typealias Table = [Key: Counters]

    static func zero() -> Counters { Array(repeating: 0, count: Column.allCases.count) }

    static func value(_ counters: Counters, _ column: Column) -> Int {
        counters.indices.contains(column.rawValue) ? counters[column.rawValue] : 0
    }

    static func add(_ move: Move, into table: inout Table) {
        guard let officerID = move.actorID else { return }
        var columns: [Column] = [.moves]
        let online = move.channel == DossierChannel.online.rawValue
        if (move.action == DossierEvent.intakeAction && !online) || (move.action == DossierAction.accept.rawValue && online) {
            columns.append(.received)
        }
        if move.action == DossierAction.resolve.rawValue {
            switch Timeliness(rawValue: move.timeliness ?? "") {
            case .early: columns.append(.resolvedEarly)
            case .onTime: columns.append(.resolvedOnTime)
            // As in the report: a resolution without a class is not claimed as timely.
            default: columns.append(.resolvedLate)
            }
        }
        for bucket in RollupDay.buckets(of: RollupDay.of(move.at)) {
            let key = Key(bucket: bucket, officerID: officerID)
            for column in columns { table[key, default: zero()][column.rawValue] += 1 }
        }
    }

    /// In the caller's transaction, with the events it writes.
    static func record(_ moves: [Move], on db: Database) async throws {
        var table: Table = [:]
        for move in moves { add(move, into: &table) }
        try await upsert(table, on: db)
    }

    static func upsert(_ table: Table, on db: Database) async throws {
        guard let sql = db as? SQLDatabase else { return }
        let rows = table.filter { !$0.value.allSatisfy { $0 == 0 } }.sorted { $0.key < $1.key }
            .map { (keys: [$0.key.bucket, $0.key.officerID] as [any Encodable & Sendable], counters: $0.value) }
        try await RollupUpsert.run(table: "officer_rollups", keyColumns: ["bucket", "officer_id"],
                                   counterColumns: Column.allCases.map(\.sqlName), rows: rows, on: sql)
    }

    /// The roll-ups recounted from every timeline event, read in pages by id.
    static func recount(on db: Database) async throws -> Table {
        guard let sql = db as? SQLDatabase else { return [:] }
        var table: Table = [:]
        var after: UUID? = nil
        let page = 20_000
        while true {
            var query = SQLQueryString("""
                SELECT e.id, e.actor_id, e.action, e.at, d.timeliness, d.channel
                FROM dossier_events e LEFT JOIN dossiers d ON d.id = e.dossier_id AND e.action IN ('intake', 'accept', 'resolve')
                """)
            if let after {
                query.appendInterpolation(unsafeRaw: " WHERE e.id > ")
                query.appendInterpolation(bind: after)
            }
            query.appendInterpolation(unsafeRaw: " ORDER BY e.id LIMIT \(page)")
            let rows = try await sql.raw(query).all()
            for row in rows {
                add(Move(actorID: try row.decode(column: "actor_id", as: UUID?.self), action: try row.decode(column: "action", as: String.self),
                         at: try row.decode(column: "at", as: Date.self), timeliness: try row.decode(column: "timeliness", as: String?.self),
                         channel: try row.decode(column: "channel", as: String?.self)),
                    into: &table)
            }
            guard rows.count == page, let last = rows.last else { break }
            after = try last.decode(column: "id", as: UUID.self)
        }
        return table.filter { !$0.value.allSatisfy { $0 == 0 } }
    }

    /// Replaces every row by a recount (`RollupUpsert.replaceAll`: one transaction, locked on PostgreSQL).
    static func rebuild(on db: Database) async throws {
        try await RollupUpsert.replaceAll(in: "officer_rollups", on: db) { tx in try await upsert(try await recount(on: tx), on: tx) }
    }

    static func stored(on db: Database) async throws -> Table {
        guard let sql = db as? SQLDatabase else { return [:] }
        let names = Column.allCases.map(\.sqlName).joined(separator: ", ")
        var table: Table = [:]
        for row in try await sql.raw("SELECT bucket, officer_id, \(unsafeRaw: names) FROM officer_rollups").all() {
            let key = Key(bucket: try row.decode(column: "bucket", as: Int.self), officerID: try row.decode(column: "officer_id", as: UUID.self))
            let counters = try Column.allCases.map { try row.decode(column: $0.sqlName, as: Int.self) }
            if !counters.allSatisfy({ $0 == 0 }) { table[key] = counters }
        }
        return table
    }

    /// Per officer, the sums over the given buckets.
    static func sums(officerIDs: [UUID], buckets: [Int], on db: Database) async throws -> [UUID: Counters] {
        guard let sql = db as? SQLDatabase, !officerIDs.isEmpty, !buckets.isEmpty else { return [:] }
        let ids: [any Encodable & Sendable] = officerIDs
        let keys: [any Encodable & Sendable] = buckets
        let sums = Column.allCases.map { "CAST(SUM(\($0.sqlName)) AS BIGINT) AS \($0.sqlName)" }.joined(separator: ", ")
        var out: [UUID: Counters] = [:]
        for row in try await sql.raw("""
            SELECT officer_id, \(unsafeRaw: sums) FROM officer_rollups
            WHERE bucket IN (\(binds: keys)) AND officer_id IN (\(binds: ids))
            GROUP BY officer_id
            """).all() {
            out[try row.decode(column: "officer_id", as: UUID.self)] = try Column.allCases.map { try row.decode(column: $0.sqlName, as: Int?.self) ?? 0 }
        }
        return out
    }
}

/// Every timeline event written through Fluent (status moves, online submission, assignment, the demo seed) adds its
/// move to the officers' roll-ups in the same database session — the transaction of the event, when there is one.
struct DossierEventRollupMiddleware: AsyncModelMiddleware {
    typealias Model = DossierEvent

    func create(model: DossierEvent, on db: Database, next: AnyAsyncModelResponder) async throws {
        try await next.create(model, on: db)
        var move = OfficerRollups.Move(actorID: model.$actor.id, action: model.action, at: model.at)
        if OfficerRollups.Move.needsDossier(model.action) {
            // The move saved the dossier (a resolution's class) before writing the event.
            let dossier = try await Dossier.query(on: db).filter(\.$id == model.$dossier.id)
                .field(\.$id).field(\.$timelinessCode).field(\.$channel).first()
            move.timeliness = dossier?.timelinessCode
            move.channel = dossier?.channel
        }
        try await OfficerRollups.record([move], on: db)
    }
}
