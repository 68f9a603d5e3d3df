import Fluent
import Vapor
import MotCuaCore

/// The back office: the officers' inbox and the dossier page where every move is made by form.
struct ProcessingController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("xu-ly", use: inbox)
        routes.get("ho-so", ":code", use: show)
        // The resolve form may carry the result documents (multipart), hence the upload limit.
        routes.postUpload("ho-so", ":code", "thao-tac", use: perform)
        routes.post("ho-so", ":code", "phan-cong", use: assign)
    }

    /// Specialists and leaders work here; receptionists may look (read-only) to answer applicants at the counter.
    @Sendable func inbox(req: Request) async throws -> View {
        let user = try req.requireUser()
        guard user.hasAny(.specialist, .leader, .receptionist) else {
            throw AppError(.forbidden, "forbidden", "Trang xử lý hồ sơ dành cho cán bộ tiếp nhận, chuyên viên và lãnh đạo.")
        }
        let scope = try await DossierScope.of(req)
        let filter = try InboxFilter(req)
        var notice: String? = nil
        // Only a well-formed dossier code is echoed: the address must not put words of its own on the page.
        if req.query[String.self, at: "ok"] == "forwarded", case .success(let code)? = req.query[String.self, at: "ma"].map(PublicDossier.normalise) {
            notice = "Đã chuyển hồ sơ \(code) sang cơ quan khác; hồ sơ không còn trong phạm vi xử lý của bạn."
        }
        return try await req.view.render("Processing/inbox", InboxPage.build(req, scope: scope, filter: filter, notice: notice))
    }

    @Sendable func show(req: Request) async throws -> View {
        let scope = try await DossierScope.of(req)
        let dossier = try await scope.find(code: req.parameters.get("code") ?? "", on: req.db)
        let notice = req.takeNotice() ?? req.query[String.self, at: "ok"].flatMap(DossierAction.init(rawValue:)).map {
            "Đã thực hiện “\($0.label)”. Trạng thái hiện tại: “\(dossier.status.label)”."
        }
        return try await req.view.render("Processing/dossier", DossierPage.build(dossier, scope: scope, request: req, notice: notice))
    }

    /// One move by form. Success → 303 back to the page (a reload never repeats the move); a refusal →
    /// the page again, with the message and what was typed.
    @Sendable func perform(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? ""
        let scope = try await DossierScope.of(req)
        // Outside the scope the dossier does not exist, whatever the form says.
        let found = try await scope.find(code: code, on: req.db)
        let posted = try await PostedForm.read(req)
        let form = ActionForm(posted)
        let files = posted.files(ActionForm.resultFilesField) + posted.files(ActionForm.supplementFilesField)
        do {
            let documents = try UploadCheck.check(files, maxBytes: req.application.settings.maxUploadBytes)
            let dossier = try await DossierTransitions.perform(try form.transitionInput(), code: found.code,
                                                               documents: documents, request: req)
            if scope.canSee(dossier) {
                // A move that issues a slip opens it for printing, as intake at the counter does.
                if let slip = Self.slipToPrint(after: form.action, dossier: dossier) {
                    return req.redirect(to: slip.path(for: dossier.code), redirectType: .normal)
                }
                return req.redirect(to: "/ho-so/\(dossier.code)?ok=\(form.action)", redirectType: .normal)
            }
            // Forwarded to an agency outside this officer's reach: the page would now be a 404.
            return req.redirect(to: "/xu-ly?ok=forwarded&ma=\(dossier.code)", redirectType: .normal)
        } catch let error as AppError where error.status != .notFound {
            return try await refused(req, scope: scope, code: found.code, form: form, status: error.status,
                                     message: error.message + Self.reselect(files))
        } catch let error as TransitionError {
            return try await refused(req, scope: scope, code: found.code, form: form, status: .conflict,
                                     message: error.message + Self.reselect(files))
        }
    }

    /// The slip a move issues: 01 on acceptance, and again when a supplement completes an accepted dossier (new
    /// appointment, every paper received listed); 02, 03 and 04 for the requests, refusals and apologies.
    static func slipToPrint(after action: String, dossier: Dossier) -> SlipForm? {
        switch DossierAction(rawValue: action) {
        case .accept: return .receipt
        case .supplement: return dossier.wasAccepted ? .receipt : nil
        case .requestSupplement: return .supplement
        case .refuse: return .refusal
        case .reschedule: return .apology
        default: return nil
        }
    }

    /// `POST /ho-so/{code}/phan-cong`: assign the dossier to a named officer (leaders and specialists).
    @Sendable func assign(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? ""
        let scope = try await DossierScope.of(req)
        let found = try await scope.find(code: code, on: req.db)
        let posted = try await PostedForm.read(req)
        var form = ActionForm(action: DossierEvent.assignAction)
        form.assignee = posted.value("assignee") ?? ""
        form.note = posted.value("note") ?? ""
        do {
            let dossier = try await DossierAssignment.assign(code: found.code, to: form.assignee, note: form.note, request: req)
            let name = try await dossier.$assignee.get(on: req.db)?.fullName ?? form.assignee
            return req.redirect(to: "/ho-so/\(dossier.code)", notice: "Đã giao hồ sơ cho \(name).")
        } catch let error as AppError where error.status != .notFound {
            return try await refused(req, scope: scope, code: found.code, form: form, status: error.status, message: error.message)
        }
    }

    /// A browser never re-fills a file input: say so when a refused form had files.
    private static func reselect(_ files: [IncomingFile]) -> String {
        files.isEmpty ? "" : " Vui lòng chọn lại tệp văn bản kết quả."
    }

    private func refused(_ req: Request, scope: DossierScope, code: String, form: ActionForm,
                         status: HTTPResponseStatus, message: String) async throws -> Response {
        // Re-read: the refusal changed nothing, but another officer may have moved the dossier meanwhile.
        let dossier = try await scope.find(code: code, on: req.db)
        let page = try await DossierPage.build(dossier, scope: scope, request: req, form: form, error: message)
        return try await req.view.render("Processing/dossier", page).encodeResponse(status: status, for: req)
    }
}
