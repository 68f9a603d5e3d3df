import Vapor

/// `GET /ho-so/{code}/tep/{id}`: an attachment of a dossier the officer may see, as a download.
struct AttachmentDownloadController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("ho-so", ":code", "tep", ":id", use: download)
    }

    @Sendable func download(req: Request) async throws -> Response {
        let attachment = try await AttachmentStore.find(code: req.parameters.get("code") ?? "", id: req.parameters.get("id") ?? "", request: req)
        return AttachmentStore.download(attachment)
    }
}
