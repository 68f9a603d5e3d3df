import Fluent
import SQLKit
import Vapor

/// Continuous numbers per named series (receipts per agency and year; later registers of documents): one atomic
/// upsert in the caller's transaction, so a rollback gives the number back and two nodes never draw the same one.
enum NumberSeries {
    static func next(_ series: String, on db: Database) async throws -> Int {
        guard let sql = db as? SQLDatabase else { throw AppError(.internalServerError, "no_sql", "Cơ sở dữ liệu không hỗ trợ SQL.") }
        struct Row: Decodable { let last_value: Int }
        let row = try await sql.raw("""
            INSERT INTO number_series (name, last_value) VALUES (\(bind: series), 1)
            ON CONFLICT (name) DO UPDATE SET last_value = number_series.last_value + 1
            RETURNING last_value
            """).first(decoding: Row.self)
        guard let value = row?.last_value else {
            throw AppError(.internalServerError, "sequence_failed", "Không cấp được số thứ tự. Vui lòng thử lại.")
        }
        return value
    }
}
