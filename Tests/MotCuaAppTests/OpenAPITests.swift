import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// `GET /api/v1/openapi.json` must describe the API that is actually registered.
@Suite("OpenAPI document")
struct OpenAPITests {
    static func document(_ app: Application) async throws -> [String: Any] {
        let response = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
        #expect(response.status == .ok)
        #expect(response.headers.contentType?.subType == "json")
        return try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    /// `/api/v1/dossiers/:code/transitions` → `/api/v1/dossiers/{code}/transitions`.
    static func openAPIPath(_ route: Route) -> String {
        "/" + route.path.map { component -> String in
            switch component {
            case .constant(let text): return text
            case .parameter(let name): return "{\(name)}"
            case .anything: return "{any}"
            case .catchall: return "{path}"
            }
        }.joined(separator: "/")
    }

    @Test func everyRegisteredAPIRouteIsDocumented() async throws {
        try await withMotCua(seed: false) { app in
            // setup
            let apiRoutes = app.routes.all.filter { $0.path.starts(with: [.constant("api"), .constant("v1")]) }
            #expect(apiRoutes.count >= 8)
            // act
            let doc = try await Self.document(app)
            // assert
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            for route in apiRoutes {
                let path = Self.openAPIPath(route)
                let method = route.method.rawValue.lowercased()
                #expect(paths[path]?[method] != nil, "\(route.method) \(path) is registered but not in openapi.json")
            }
            #expect(paths["/api/v1/lookup/{code}"]?["get"] != nil)
            #expect(paths["/health"]?["get"] != nil)
        }
    }

    @Test func documentStatesTheContractsOfIssue3() async throws {
        try await withMotCua(seed: false) { app in
            // act
            let doc = try await Self.document(app)
            // assert
            #expect((doc["openapi"] as? String)?.hasPrefix("3.") == true)
            let components = try #require(doc["components"] as? [String: Any])
            let schemes = try #require(components["securitySchemes"] as? [String: [String: Any]])
            #expect(schemes["bearerAuth"]?["scheme"] as? String == "bearer")
            let schemas = try #require(components["schemas"] as? [String: [String: Any]])

            let error = try #require(schemas["Error"]?["properties"] as? [String: [String: Any]])
            #expect(error["error"]?["required"] as? [String] == ["code", "message"])

            // The action enum is the status machine's, spelled as the API accepts it.
            let transition = try #require(schemas["TransitionRequest"]?["properties"] as? [String: [String: Any]])
            #expect(transition["action"]?["enum"] as? [String] == DossierAction.allCases.map(\.rawValue))

            let lookup = try #require(schemas["Lookup"])
            let lookupKeys = Set((lookup["properties"] as? [String: Any])?.keys.map { $0 } ?? [])
            #expect(lookupKeys == ["code", "procedure", "status", "applicantName", "receivedAt", "appointmentAt",
                                   "resolvedAt", "returnedAt", "timeline"])
            #expect(Set(lookup["required"] as? [String] ?? []).isSuperset(of: ["resolvedAt", "returnedAt", "timeline"]))

            let paths = try #require(doc["paths"] as? [String: [String: [String: Any]]])
            let create = try #require(paths["/api/v1/dossiers"]?["post"])
            let headers = (create["parameters"] as? [[String: Any]] ?? []).filter { $0["in"] as? String == "header" }
            #expect(headers.map { $0["name"] as? String } == ["Idempotency-Key"])
            let list = try #require(paths["/api/v1/dossiers"]?["get"])
            let listQuery = Set((list["parameters"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
            #expect(listQuery.isSuperset(of: ["status", "overdue", "page"]))
            let statistics = try #require(paths["/api/v1/statistics"]?["get"])
            let statsQuery = Set((statistics["parameters"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
            #expect(statsQuery == ["agency", "from", "to"])
            let attachments = try #require(paths["/api/v1/dossiers/{code}/attachments"]?["post"])
            let body = try #require(attachments["requestBody"] as? [String: Any])
            #expect((body["content"] as? [String: Any])?["multipart/form-data"] != nil)
            let lookupOp = try #require(paths["/api/v1/lookup/{code}"]?["get"])
            #expect((lookupOp["responses"] as? [String: Any])?["429"] != nil)
            #expect((lookupOp["security"] as? [Any])?.isEmpty == true, "the lookup is public")
        }
    }

    @Test(.enabled(if: OpenAPIValidator.enabled, "needs openapi-spec-validator (pip install openapi-spec-validator); MOTCUA_REQUIRE_TOOLS=1 makes its absence a failure"))
    func documentPassesOpenAPISpecValidator() async throws {
        try await withMotCua(seed: false) { app in
            // setup
            let validator = try #require(OpenAPIValidator.path, "openapi-spec-validator is not on PATH")
            let response = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-openapi-\(UUID().uuidString).json")
            try Data(response.body.readableBytesView).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            // act
            let process = Process()
            process.executableURL = URL(fileURLWithPath: validator)
            process.arguments = [file.path]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            // assert
            #expect(process.terminationStatus == 0, "\(text)")
            #expect(text.contains("OK"))
        }
    }
}

/// The PyPI tool `openapi-spec-validator`: found on PATH; required when CI sets MOTCUA_REQUIRE_TOOLS=1.
enum OpenAPIValidator {
    static var path: String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/openapi-spec-validator" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var enabled: Bool {
        ProcessInfo.processInfo.environment["MOTCUA_REQUIRE_TOOLS"] == "1" || path != nil
    }
}
