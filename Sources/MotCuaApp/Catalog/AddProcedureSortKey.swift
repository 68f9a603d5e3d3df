import Fluent
import MotCuaCore

/// Vietnamese alphabetical order for procedure names (`VietnameseCollation`), stored so lists sort and page in SQL.
struct AddProcedureSortKey: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(Procedure.schema).field("name_sort_key", .string).update()
        try await database.createIndex(name: "procedures_name_sort_idx", on: Procedure.schema, columns: ["name_sort_key"])
        for procedure in try await Procedure.query(on: database).all() {
            procedure.refreshSearchText()
            try await procedure.save(on: database)
        }
    }

    func revert(on database: Database) async throws {
        try await database.schema(Procedure.schema).deleteField("name_sort_key").update()
    }
}
