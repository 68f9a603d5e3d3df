import Fluent
import SQLKit
import Vapor
import MotCuaCore

/// Issues `<agency>-<YYMMDD>-<NNNN>` codes (Decree 61 Art. 26). The counter row is advanced with one
/// atomic upsert inside the caller's transaction: a rolled-back intake gives its numbers back, and two nodes
/// sharing one PostgreSQL can never draw the same number.
enum DossierCodeIssuer {
    /// `count` consecutive codes of one agency and day, drawn with a single statement (the intake's group commit).
    /// Refused as a whole when they would pass 9,999.
    static func next(count: Int, agencyCode: String, receivedAt: Date, on db: Database) async throws -> [String] {
        guard let sql = db as? SQLDatabase else { throw AppError(.internalServerError, "no_sql", "Cơ sở dữ liệu không hỗ trợ SQL.") }
        let day = LocalDate(receivedAt)
        let dayKey = String(format: "%02d%02d%02d", day.year % 100, day.month, day.day)
        struct Row: Decodable { let last_value: Int }
        let row = try await sql.raw("""
            INSERT INTO dossier_sequences (agency_code, day, last_value) VALUES (\(bind: agencyCode), \(bind: dayKey), \(bind: count))
            ON CONFLICT (agency_code, day) DO UPDATE SET last_value = dossier_sequences.last_value + excluded.last_value
            RETURNING last_value
            """).first(decoding: Row.self)
        guard let last = row?.last_value else {
            throw AppError(.internalServerError, "sequence_failed", "Không cấp được mã hồ sơ. Vui lòng thử lại.")
        }
        guard DossierCode.sequenceRange.contains(last) else {
            throw AppError(.conflict, "sequence_exhausted",
                           "Cơ quan đã tiếp nhận 9.999 hồ sơ trong ngày; không thể cấp thêm mã hồ sơ trong hôm nay.")
        }
        let agency = try AgencyCode(agencyCode)
        return try (last - count + 1 ... last).map {
            try DossierCode(agency: agency, year: day.year, month: day.month, day: day.day, sequence: $0).value
        }
    }
}
