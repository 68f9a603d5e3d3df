import Vapor

/// `GET /api/v1/openapi.json`: the API's contract, a hand-maintained static document
/// (Resources/OpenAPI/openapi.json). A test keeps it honest: every registered `/api/v1` route must appear in it,
/// and it must pass `openapi-spec-validator` when that tool is installed.
struct OpenAPIController: RouteCollection {
    static let relativePath = "OpenAPI/openapi.json"

    func boot(routes: RoutesBuilder) throws {
        routes.get("openapi.json", use: document)
    }

    @Sendable func document(req: Request) async throws -> Response {
        let path = req.application.directory.resourcesDirectory + Self.relativePath
        guard FileManager.default.fileExists(atPath: path) else {
            throw AppError(.internalServerError, "openapi_missing", "Không tìm thấy tài liệu OpenAPI trên máy chủ; vui lòng báo quản trị viên.")
        }
        // Streamed with ETag/Last-Modified, so clients that poll it get 304s.
        let response = try await req.fileio.asyncStreamFile(at: path)
        response.headers.replaceOrAdd(name: .contentType, value: "application/json; charset=utf-8")
        return response
    }
}
