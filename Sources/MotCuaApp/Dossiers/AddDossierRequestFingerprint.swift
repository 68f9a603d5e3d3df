import Fluent

/// Remembers what each Idempotency-Key was first used for, so a key reused with another body is refused (422).
struct AddDossierRequestFingerprint: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(Dossier.schema).field("request_fingerprint", .string).update()
    }

    func revert(on database: Database) async throws {
        try await database.schema(Dossier.schema).deleteField("request_fingerprint").update()
    }
}
