import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp

/// Runs a test body against a fresh application: in-memory SQLite by default, or — when
/// `MOTCUA_TEST_DATABASE_URL` names a PostgreSQL server — a schema of its own on that server,
/// dropped afterwards, so tests run in parallel on one server.
func withMotCua(seed: Bool = true, listensForEvents: Bool = false, _ body: (Application) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    var schema: String? = nil
    var sqliteFile: String? = nil
    let choice: DatabaseChoice
    if let url = ProcessInfo.processInfo.environment["MOTCUA_TEST_DATABASE_URL"], !url.isEmpty {
        schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        choice = .postgresSchema(url: url, schema: schema!)
    } else {
        // A file, not memory: WAL and the busy timeout behave as in production under concurrency.
        sqliteFile = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-test-\(UUID().uuidString).sqlite").path
        choice = .sqliteFile(path: sqliteFile!)
    }
    do {
        try await configure(app, options: AppOptions(database: choice, bcryptCost: 4, listensForEvents: listensForEvents))
        if let schema, let sql = app.db as? SQLDatabase {
            try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(unsafeRaw: schema)").run()
        }
        try await app.autoMigrate()
        if seed {
            try await DemoSeed.run(on: app.db, catalogURL: DemoSeed.catalogURL(app), passwordHash: TestPasswords.demoHash, logger: app.logger)
        }
        try await body(app)
    } catch {
        await cleanUp(app, schema: schema, sqliteFile: sqliteFile)
        throw error
    }
    await cleanUp(app, schema: schema, sqliteFile: sqliteFile)
}

private func cleanUp(_ app: Application, schema: String?, sqliteFile: String?) async {
    if let schema, let sql = app.db as? SQLDatabase {
        try? await sql.raw("DROP SCHEMA IF EXISTS \(unsafeRaw: schema) CASCADE").run()
    }
    try? await app.asyncShutdown()
    if let sqliteFile {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: sqliteFile + suffix) }
    }
}

enum TestPasswords {
    /// Hashed once per test process (bcrypt cost 4): seeding every test with a fresh hash would dominate the run time.
    static let demoHash: String = try! Bcrypt.hash(DemoSeed.password, cost: 4)
}

extension Application {
    /// Logs in through the API and returns the bearer header value.
    func bearer(_ username: String, password: String = DemoSeed.password) async throws -> String {
        var token = ""
        try await testing().test(.POST, "/api/v1/auth/login", beforeRequest: { req in
            try req.content.encode(["username": username, "password": password])
        }, afterResponse: { res in
            #expect(res.status == .ok, "login of \(username) failed: \(res.body.string)")
            token = try res.content.get(String.self, at: "token")
        })
        return token
    }
}

/// The error shape every API failure must have.
struct APIErrorBody: Decodable {
    struct Inner: Decodable { let code: String; let message: String }
    let error: Inner
}

extension TestingHTTPResponse {
    var apiError: APIErrorBody? { try? JSONDecoder().decode(APIErrorBody.self, from: Data(body.readableBytesView)) }
}
