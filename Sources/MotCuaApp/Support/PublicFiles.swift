import Vapor

/// Serves `Public/` (CSS, scripts, icons) for the few paths that can be a file there. Every other address goes
/// straight to the routes: Vapor's FileMiddleware would `stat` any path a client sends, and a 5,000-character
/// path made that fail with "File name too long" — a 500 for a request that is simply not found.
struct PublicFiles: AsyncMiddleware {
    static let prefixes = ["/css/", "/js/", "/fonts/", "/img/"]
    static let files = ["/favicon.svg"]
    static let maxPathBytes = 255

    let files: FileMiddleware

    init(directory: String) {
        files = FileMiddleware(publicDirectory: directory, defaultFile: nil)
    }

    func respond(to request: Request, chainingTo next: AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard request.method == .GET || request.method == .HEAD, path.utf8.count <= Self.maxPathBytes,
              Self.files.contains(path) || Self.prefixes.contains(where: { path.hasPrefix($0) }) else {
            return try await next.respond(to: request)
        }
        do {
            return try await files.respond(to: request, chainingTo: next)
        } catch let error as AbortError {
            throw error
        } catch {
            // `/css/app.css/x` (not a directory), names too long for the file system: simply not found.
            throw AppError.notFound()
        }
    }
}
