import Fluent
import SQLKit
import Vapor
import MotCuaCore

struct DossierAPIController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        let dossiers = routes.grouped("dossiers")
        dossiers.post(use: create)
        dossiers.get(use: list)
        dossiers.get(":code", use: show)
        dossiers.post(":code", "transitions", use: transition)
    }

    struct CreatedResponse: Content {
        let code: String
        let status: StatusDTO
        let receivedAt: Date
        let appointmentAt: Date?

        enum CodingKeys: String, CodingKey { case code, status, receivedAt, appointmentAt }
        /// Every key is present, `null` when absent (an online dossier has no appointment yet), as the contract says.
        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encode(status, forKey: .status)
            try container.encode(receivedAt, forKey: .receivedAt)
            try container.encode(appointmentAt, forKey: .appointmentAt)
        }
    }

    @Sendable func create(req: Request) async throws -> Response {
        // Who asks first: an anonymous body is never decoded.
        _ = try req.requireUser()
        let input = try req.content.decode(IntakeRequest.self)
        let result = try await IntakeService.receive(input, idempotencyKey: req.headers.first(name: "Idempotency-Key"), request: req)
        let dossier = result.dossier
        let body = CreatedResponse(code: dossier.code, status: StatusDTO(code: dossier.status.rawValue, label: dossier.status.label),
                                   receivedAt: dossier.receivedAt, appointmentAt: dossier.appointmentAt)
        let response = try await body.encodeResponse(status: result.created ? .created : .ok, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/dossiers/\(dossier.code)")
        return response
    }

    @Sendable func list(req: Request) async throws -> PagedResponse<DossierListItem> {
        let scope = try await DossierScope.of(req)
        let filter = try DossierFilter(req)
        let now = req.now
        let calendar = try await req.workingCalendar()
        let result = try await DossierQuery.list(filter, scope: scope, paging: try Paging(req), now: now, on: req.db)
        return PagedResponse(items: result.items.map { DossierListItem($0, now: now, calendar: calendar) }, metadata: result.metadata)
    }

    @Sendable func show(req: Request) async throws -> DossierDTO {
        if let user = req.auth.get(User.self), user.isCitizen {
            let dossier = try await OwnerDossiers.find(code: req.parameters.get("code") ?? "", owner: user, on: req.db)
            return try await DossierDTO.load(dossier, for: user, now: req.now, calendar: try await req.workingCalendar(), forOwner: true, on: req.db)
        }
        let scope = try await DossierScope.of(req)
        let dossier = try await scope.find(code: req.parameters.get("code") ?? "", on: req.db)
        return try await DossierDTO.load(dossier, for: scope.user, now: req.now, calendar: try await req.workingCalendar(), on: req.db)
    }

    @Sendable func transition(req: Request) async throws -> DossierDTO {
        _ = try req.requireUser()
        let input = try req.content.decode(TransitionInput.self)
        let dossier = try await DossierTransitions.perform(input, code: req.parameters.get("code") ?? "", request: req)
        let user = try req.requireUser()
        return try await DossierDTO.load(dossier, for: user, now: req.now, calendar: try await req.workingCalendar(), forOwner: user.isCitizen, on: req.db)
    }
}

/// The one path every move takes, for the API and the pages alike.
enum DossierTransitions {
    /// `documents` (checked uploads) are stored with the move, in its transaction: the result documents of a resolve,
    /// or the scans of the papers a supplement brings back; no other move carries files.
    static func perform(_ input: TransitionInput, code: String, documents: [CheckedUpload] = [],
                        request req: Request) async throws -> Dossier {
        if let user = req.auth.get(User.self), user.isCitizen {
            return try await OwnerDossiers.transition(input, code: code, owner: user, request: req)
        }
        let kind: AttachmentStore.Kind
        switch input.action {
        case DossierAction.resolve.rawValue: kind = .result
        case DossierAction.supplement.rawValue: kind = .component
        default:
            guard documents.isEmpty else {
                throw AppError.badRequest("documents_not_allowed",
                                          "Chỉ đính kèm tệp khi “Giải quyết xong” (văn bản kết quả) hoặc khi nhận hồ sơ bổ sung (bản chụp giấy tờ).")
            }
            kind = .component
        }
        let scope = try await DossierScope.of(req)
        let found = try await scope.find(code: code, on: req.db)
        let now = req.now
        let calendar = try await req.workingCalendar()
        let actor = scope.user
        let dossierID = try found.requireID()
        return try await req.writeTransaction { db in
            // Re-read inside the transaction (locked on PostgreSQL; SQLite writers are already queued):
            // the move is decided on the row as it is now, not as it was.
            if db.isPostgres, let sql = db as? SQLDatabase {
                try await sql.raw("SELECT id FROM dossiers WHERE id = \(bind: dossierID) FOR UPDATE").run()
            }
            guard let dossier = try await Dossier.query(on: db).filter(\.$id == dossierID).with(\.$procedure) { $0.with(\.$agency) }.first() else {
                throw AppError.notFound()
            }
            let event = try await TransitionService(now: now, calendar: calendar).apply(input, to: dossier, procedure: dossier.procedure, by: actor, on: db)
            // The applicant's mail commits with the move, or not at all.
            try await DossierNotifier.afterTransition(dossier, event: event, request: req, on: db)
            _ = try await AttachmentStore.save(documents, dossierID: dossierID, kind: kind, by: actor, at: now, on: db)
            return dossier
        }
    }
}
