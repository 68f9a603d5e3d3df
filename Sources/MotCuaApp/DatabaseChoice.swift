import Foundation

/// Where the data lives: the embedded SQLite file (default), an in-memory SQLite (tests) or PostgreSQL (production).
public enum DatabaseChoice: Sendable, Equatable {
    case sqliteFile(path: String)
    case sqliteMemory
    case postgres(url: String)
    /// PostgreSQL with every table in one schema of its own: tests run side by side on one server.
    case postgresSchema(url: String, schema: String)

    /// `DATABASE_URL=postgres://…` selects PostgreSQL, otherwise SQLite under the data directory.
    static func fromEnvironment(dataDirectory: String) -> DatabaseChoice {
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], url.hasPrefix("postgres") {
            return .postgres(url: url)
        }
        return .sqliteFile(path: (dataDirectory as NSString).appendingPathComponent("motcua.sqlite"))
    }

    var label: String {
        switch self {
        case .sqliteFile, .sqliteMemory: return "sqlite"
        case .postgres, .postgresSchema: return "postgresql"
        }
    }
}
