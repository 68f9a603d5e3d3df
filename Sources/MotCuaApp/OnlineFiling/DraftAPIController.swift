import Fluent
import Vapor

/// `/api/v1/drafts`: a citizen's online filing, from an empty draft to a submitted dossier. Only the owner sees or
/// touches a draft; anyone else gets 404.
struct DraftAPIController: RouteCollection {
    static let bodyLimit: ByteCount = "64kb"

    func boot(routes: RoutesBuilder) throws {
        let drafts = routes.grouped("drafts")
        small(drafts.on(.POST, body: .collect(maxSize: Self.bodyLimit), use: create))
        drafts.get(use: list)
        drafts.get(":id", use: show)
        small(drafts.on(.PUT, ":id", body: .collect(maxSize: Self.bodyLimit), use: update))
        drafts.delete(":id", use: delete)
        small(drafts.on(.POST, ":id", "files", body: .collect(maxSize: Self.bodyLimit), use: attach))
        drafts.delete(":id", "files", ":file", use: detach)
        small(drafts.on(.POST, ":id", "submit", body: .collect(maxSize: Self.bodyLimit), use: submit))
    }

    private func small(_ route: Route) { route.bodyLimit = Self.bodyLimit.value }

    struct CreateInput: Content { var procedureCode: String? }

    @Sendable func create(req: Request) async throws -> Response {
        let input = try req.content.decode(CreateInput.self)
        let draft = try await DraftService.create(procedureCode: input.procedureCode, request: req)
        return try await DraftDTO.load(draft, procedure: draft.procedure, on: req.db).encodeResponse(status: .created, for: req)
    }

    struct DraftListItem: Content { let id: UUID; let procedure: ProcedureRef; let updatedAt: Date }

    @Sendable func list(req: Request) async throws -> PagedResponse<DraftListItem> {
        let user = try DraftService.requireCitizen(req)
        let paging = try Paging(req)
        let page = try await Draft.query(on: req.db).filter(\.$owner.$id == user.requireID()).filter(\.$submittedCode == nil)
            .with(\.$procedure).sort(\.$updatedAt, .descending).page(paging)
        return PagedResponse(items: try page.items.map { DraftListItem(id: try $0.requireID(), procedure: ProcedureRef(code: $0.procedure.code, name: $0.procedure.name), updatedAt: $0.updatedAt) },
                             metadata: page.metadata)
    }

    private func draft(_ req: Request) async throws -> (Draft, User) {
        let user = try DraftService.requireCitizen(req)
        return (try await DraftService.find(req.parameters.get("id"), owner: user, on: req.db), user)
    }

    @Sendable func show(req: Request) async throws -> DraftDTO {
        let (draft, _) = try await draft(req)
        return try await DraftDTO.load(draft, procedure: draft.procedure, on: req.db)
    }

    @Sendable func update(req: Request) async throws -> DraftDTO {
        let (draft, _) = try await draft(req)
        try DraftService.requireOpen(draft)
        let input = try req.content.decode(DraftService.UpdateInput.self)
        try await DraftService.update(draft, with: input, request: req)
        return try await DraftDTO.load(draft, procedure: draft.procedure, on: req.db)
    }

    @Sendable func delete(req: Request) async throws -> Response {
        let (draft, _) = try await draft(req)
        try await DraftService.discard(draft, request: req)
        return Response(status: .noContent)
    }

    struct AttachInput: Content { var upload: String?; var component: String? }

    @Sendable func attach(req: Request) async throws -> Response {
        let (draft, user) = try await draft(req)
        try DraftService.requireOpen(draft)
        let input = try req.content.decode(AttachInput.self)
        let file = try await DraftService.attach(uploadID: input.upload, component: input.component, to: draft, owner: user, request: req)
        return try await file.encodeResponse(status: .created, for: req)
    }

    @Sendable func detach(req: Request) async throws -> Response {
        let (draft, _) = try await draft(req)
        try DraftService.requireOpen(draft)
        guard let raw = req.parameters.get("file"), let fileID = UUID(uuidString: raw) else {
            throw AppError(.notFound, "file_not_found", "Không tìm thấy tệp này trong bản nháp.")
        }
        let draftID = try draft.requireID()
        let now = req.now
        try await req.writeTransaction { db in
            guard try await DraftFile.query(on: db).filter(\.$id == fileID).filter(\.$draft.$id == draftID).count() == 1 else {
                throw AppError(.notFound, "file_not_found", "Không tìm thấy tệp này trong bản nháp.")
            }
            try await DraftFile.query(on: db).filter(\.$id == fileID).delete()
            draft.updatedAt = now
            try await draft.save(on: db)
        }
        return Response(status: .noContent)
    }

    struct SubmitResponse: Content {
        let code: String
        let status: StatusDTO
        let procedure: ProcedureRef
        let receivedAt: Date
        let receivingAgency: AgencySummary
        let lookupUrl: String
    }

    @Sendable func submit(req: Request) async throws -> Response {
        let (draft, user) = try await draft(req)
        let outcome = try await OnlineSubmission.submit(draft, owner: user, request: req)
        let dossier = outcome.dossier
        let receiving = try await dossier.$receivingAgency.get(on: req.db)
        let body = SubmitResponse(code: dossier.code, status: StatusDTO(code: dossier.status.rawValue, label: dossier.status.label),
                                  procedure: ProcedureRef(code: draft.procedure.code, name: draft.procedure.name), receivedAt: dossier.receivedAt,
                                  receivingAgency: receiving.summary, lookupUrl: "/tra-cuu/\(dossier.code)")
        // A repeated submit is answered with the same dossier, as 200: nothing new was created.
        return try await body.encodeResponse(status: outcome.created ? .created : .ok, for: req)
    }
}
