import Fluent
import SQLKit

/// Counters of login attempts per client address, per account and per (account, address), shared by every node.
/// Times are epoch seconds so that the back-off arithmetic stays inside one portable SQL statement.
struct CreateLoginThrottles: AsyncMigration {
    func prepare(on database: Database) async throws {
        guard let sql = database as? SQLDatabase else { return }
        try await sql.raw("""
            CREATE TABLE login_throttles (
                key TEXT PRIMARY KEY,
                username TEXT,
                failures INTEGER NOT NULL,
                next_allowed_at DOUBLE PRECISION NOT NULL,
                updated_at DOUBLE PRECISION NOT NULL)
            """).run()
        try await sql.raw("CREATE INDEX login_throttles_username_idx ON login_throttles (username)").run()
        try await sql.raw("CREATE INDEX login_throttles_updated_idx ON login_throttles (updated_at)").run()
    }

    func revert(on database: Database) async throws {
        guard let sql = database as? SQLDatabase else { return }
        try await sql.raw("DROP TABLE IF EXISTS login_throttles").run()
    }
}
