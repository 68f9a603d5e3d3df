import FluentSQLiteDriver
import Vapor

/// WAL lets readers go on while one writer commits; synchronous=NORMAL in WAL mode keeps every
/// committed transaction across a process kill. busy_timeout makes a second writer wait instead of failing.
/// Each event loop owns one SQLite connection, so the pragmas are applied once per loop.
struct SQLiteTuning: LifecycleHandler {
    func didBootAsync(_ application: Application) async throws {
        for eventLoop in application.eventLoopGroup.makeIterator() {
            guard let db = application.databases.database(.sqlite, logger: application.logger, on: eventLoop) as? SQLDatabase else { continue }
            try await db.raw("PRAGMA journal_mode=WAL").run()
            try await db.raw("PRAGMA synchronous=NORMAL").run()
            try await db.raw("PRAGMA busy_timeout=10000").run()
        }
    }
}
