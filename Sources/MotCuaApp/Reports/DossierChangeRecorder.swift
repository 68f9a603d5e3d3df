import Fluent
import Foundation

/// Called in the transaction of every write of a dossier's status or dates (status moves, intake, online
/// submission): keeps the report roll-ups and the sync feed's log with the row, or neither.
enum DossierChangeRecorder {
    static func changed(_ dossier: Dossier, before: DossierFacts?, at: Date, on db: Database) async throws {
        try await DossierRollups.record(before: before, after: DossierFacts(dossier), on: db)
        try await DossierChangeLog.record(dossierID: try dossier.requireID(), at: at, on: db)
    }

    /// New dossiers written in one statement (intake's group commit).
    static func created(_ dossiers: [Dossier], on db: Database) async throws {
        var table: DossierRollups.Table = [:]
        for dossier in dossiers { DossierRollups.add(DossierFacts(dossier), into: &table) }
        try await DossierRollups.upsert(table, on: db)
        try await DossierChangeLog.record(try dossiers.map { (id: try $0.requireID(), at: $0.updatedAt) }, on: db)
    }

    /// After a bulk load that bypassed the hooks (the generator, the demo seed).
    static func catchUp(on db: Database) async throws {
        try await DossierRollups.rebuild(on: db)
        try await DossierChangeLog.backfill(on: db)
    }
}
