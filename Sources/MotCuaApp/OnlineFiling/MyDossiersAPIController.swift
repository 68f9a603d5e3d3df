import Fluent
import Vapor

/// A citizen's own dossiers: `GET /api/v1/my/dossiers` (paged, newest first), supplementary files for a dossier
/// that waits for them, and downloads of their files and released results.
struct MyDossiersAPIController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("my", "dossiers", use: list)
        routes.get("my", "dossiers", ":code", "files", ":file", use: download)
        let attach = routes.on(.POST, "dossiers", ":code", "files", body: .collect(maxSize: DraftAPIController.bodyLimit), use: attach)
        attach.bodyLimit = DraftAPIController.bodyLimit.value
    }

    struct Item: Content {
        let code: String
        let procedure: ProcedureRef
        let status: StatusDTO
        let channel: String
        let receivedAt: Date
        let appointmentAt: Date?
        let resolvedAt: Date?
        let returnedAt: Date?
        let requestedDelivery: String?
    }

    @Sendable func list(req: Request) async throws -> PagedResponse<Item> {
        let user = try DraftService.requireCitizen(req)
        let page = try await MyDossiers.page(owner: user, paging: try Paging(req), on: req.db)
        return PagedResponse(items: page.items.map(Item.init), metadata: page.metadata)
    }

    @Sendable func attach(req: Request) async throws -> Response {
        let user = try DraftService.requireCitizen(req)
        let input = try req.content.decode(DraftAPIController.AttachInput.self)
        let file = try await OwnerDossiers.attach(uploadID: input.upload, component: input.component, code: req.parameters.get("code") ?? "",
                                                  owner: user, request: req)
        return try await file.encodeResponse(status: .created, for: req)
    }

    @Sendable func download(req: Request) async throws -> Response {
        let user = try DraftService.requireCitizen(req)
        return try await OwnerDossiers.download(code: req.parameters.get("code") ?? "", id: req.parameters.get("file"), owner: user, on: req.db)
    }
}

extension MyDossiersAPIController.Item {
    init(_ dossier: Dossier) {
        self.init(code: dossier.code, procedure: ProcedureRef(code: dossier.procedure.code, name: dossier.procedure.name),
                  status: StatusDTO(code: dossier.status.rawValue, label: dossier.status.label), channel: dossier.channel,
                  receivedAt: dossier.receivedAt, appointmentAt: dossier.appointmentAt, resolvedAt: dossier.resolvedAt,
                  returnedAt: dossier.returnedAt, requestedDelivery: dossier.requestedDelivery)
    }
}

enum MyDossiers {
    static func page(owner: User, paging: Paging, on db: Database) async throws -> (items: [Dossier], metadata: PageMetadata) {
        try await Dossier.query(on: db).filter(\.$owner.$id == owner.requireID()).with(\.$procedure)
            .sort(\.$receivedAt, .descending).page(paging)
    }
}
