import Fluent
import Foundation

/// Called in the transaction of every write of a dossier's status or dates (status moves, intake, online
/// submission): keeps the report roll-ups and the sync feed's log with the row, or neither. (The officers' roll-ups
/// follow the timeline events: `DossierEventRollupMiddleware`, and `created` for intake's bulk insert.)
enum DossierChangeRecorder {
    static func changed(_ dossier: Dossier, before: DossierFacts?, at: Date, on db: Database) async throws {
        try await DossierRollups.record(before: before, after: DossierFacts(dossier), on: db)
        try await DossierChangeLog.record(dossierID: try dossier.requireID(), at: at, on: db)
    }

    /// New dossiers and their events written in bulk, bypassing Fluent (intake's group commit).
    static func created(_ dossiers: [Dossier], events: [DossierEvent], on db: Database) async throws {
        // Officers' rows first, as a status move does (its event is written before the dossier's roll-ups): one lock
        // order for every writer, so that on PostgreSQL a transaction may wait for another's rows but never in a cycle.
        let byID = Dictionary(dossiers.compactMap { d in d.id.map { ($0, d) } }, uniquingKeysWith: { a, _ in a })
        try await OfficerRollups.record(events.map {
            OfficerRollups.Move(actorID: $0.$actor.id, action: $0.action, at: $0.at,
                                timeliness: byID[$0.$dossier.id]?.timelinessCode, channel: byID[$0.$dossier.id]?.channel)
        }, on: db)
        var table: DossierRollups.Table = [:]
        for dossier in dossiers { DossierRollups.add(DossierFacts(dossier), into: &table) }
        try await DossierRollups.upsert(table, on: db)
        try await DossierChangeLog.record(try dossiers.map { (id: try $0.requireID(), at: $0.updatedAt) }, on: db)
    }

    /// After a bulk load that bypassed the hooks (the generator, the demo seed).
    static func catchUp(on db: Database) async throws {
        try await DossierRollups.rebuild(on: db)
        try await OfficerRollups.rebuild(on: db)
        try await DossierChangeLog.backfill(on: db)
    }
}
