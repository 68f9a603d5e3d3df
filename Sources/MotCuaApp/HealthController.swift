import Fluent
import SQLKit
import Vapor

enum HealthController {
    struct Health: Content { let status: String; let database: String }

    /// Answers only when the database answers: a load balancer must not send citizens to a node that cannot serve them.
    @Sendable static func health(req: Request) async throws -> Response {
        let name = req.application.databaseChoice.label
        do {
            if let sql = req.db as? SQLDatabase { try await sql.raw("SELECT 1").run() }
            return try await Health(status: "ok", database: name).encodeResponse(for: req)
        } catch {
            let response = try await Health(status: "unavailable", database: name).encodeResponse(for: req)
            response.status = .serviceUnavailable
            return response
        }
    }
}
