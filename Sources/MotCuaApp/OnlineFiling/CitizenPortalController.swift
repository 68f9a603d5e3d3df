import Fluent
import Vapor
import MotCuaCore

/// The citizen's pages: "Hồ sơ của tôi" (drafts and dossiers), the online filing form of a draft, and the page of
/// one of their dossiers (status, supplements, electronic result, rating). The files themselves travel by tus from
/// `Public/js/online-filing.js`; everything else is a plain form that works without script.
struct CitizenPortalController: RouteCollection {
    static let formLimit: ByteCount = "64kb"

    func boot(routes: RoutesBuilder) throws {
        let mine = routes.grouped("ho-so-cua-toi")
        mine.get(use: home)
        form(routes.on(.POST, "nop-truc-tuyen", body: .collect(maxSize: Self.formLimit), use: start))
        mine.get("ban-nhap", ":id", use: draftPage)
        form(mine.on(.POST, "ban-nhap", ":id", body: .collect(maxSize: Self.formLimit), use: saveDraft))
        form(mine.on(.POST, "ban-nhap", ":id", "xoa", body: .collect(maxSize: Self.formLimit), use: deleteDraft))
        mine.get(":code", use: dossierPage)
        form(mine.on(.POST, ":code", "bo-sung", body: .collect(maxSize: Self.formLimit), use: supplement))
        mine.get(":code", "tep", ":file", use: download)
    }

    private func form(_ route: Route) {
        route.bodyLimit = Self.formLimit.value
        route.maxFormFields = 200
    }

    // MARK: Hồ sơ của tôi

    struct HomePage: Encodable {
        struct DraftRow: Encodable { let id: String; let procedureName: String; let updatedAt: String }
        struct DossierRow: Encodable { let code: String; let procedureName: String; let status: String; let statusCode: Int; let receivedAt: String; let appointmentAt: String?; let needsAction: Bool }
        let title = "Hồ sơ của tôi"
        let page: PageContext
        let notice: String?
        let drafts: [DraftRow]
        let dossiers: [DossierRow]
        let pager: Pager
        let total: Int
    }

    @Sendable func home(req: Request) async throws -> View {
        let user = try DraftService.requireCitizen(req)
        let drafts = try await Draft.query(on: req.db).filter(\.$owner.$id == user.requireID()).filter(\.$submittedCode == nil)
            .with(\.$procedure).sort(\.$updatedAt, .descending).limit(DraftService.maxOpenDrafts).all()
        let result = try await MyDossiers.page(owner: user, paging: try Paging(req), on: req.db)
        let page = HomePage(
            page: PageContext(req), notice: req.takeNotice(),
            drafts: try drafts.map { .init(id: try $0.requireID().uuidString, procedureName: $0.procedure.name, updatedAt: VietnameseFormat.dateTime($0.updatedAt)) },
            dossiers: result.items.map {
                .init(code: $0.code, procedureName: $0.procedure.name, status: $0.status.label, statusCode: $0.status.rawValue,
                      receivedAt: VietnameseFormat.dateTime($0.receivedAt), appointmentAt: $0.appointmentAt.map(VietnameseFormat.date),
                      needsAction: $0.status == .supplementRequested)
            },
            pager: Pager(result.metadata, request: req), total: result.metadata.total)
        return try await req.view.render("OnlineFiling/mine", page)
    }

    struct StartForm: Content { var procedureCode: String? }

    @Sendable func start(req: Request) async throws -> Response {
        let form = try req.content.decode(StartForm.self)
        let draft = try await DraftService.create(procedureCode: form.procedureCode, request: req)
        return req.redirect(to: "/ho-so-cua-toi/ban-nhap/\(try draft.requireID().uuidString)")
    }

    // MARK: the filing form

    struct DraftPage: Encodable {
        struct Option: Encodable { let value: String; let label: String; let checked: Bool }
        let title: String
        let page: PageContext
        let draft: DraftDTO
        let notice: String?
        let error: String?
        let deliveryOptions: [Option]
        let maxUploadMB: Int
        let legalTime: String
    }

    @Sendable func draftPage(req: Request) async throws -> Response {
        let user = try DraftService.requireCitizen(req)
        let draft = try await DraftService.find(req.parameters.get("id"), owner: user, on: req.db)
        if let code = draft.submittedCode { return req.redirect(to: "/ho-so-cua-toi/\(code)") }
        return try await renderDraft(req, draft: draft, error: nil, status: .ok)
    }

    private func renderDraft(_ req: Request, draft: Draft, error: String?, status: HTTPStatus) async throws -> Response {
        let dto = try await DraftDTO.load(draft, procedure: draft.procedure, on: req.db)
        let page = DraftPage(
            title: "Nộp hồ sơ trực tuyến", page: PageContext(req), draft: dto, notice: req.takeNotice(), error: error,
            deliveryOptions: ResultDelivery.allCases.map { .init(value: $0.rawValue, label: $0.label, checked: $0.rawValue == draft.deliveryMethod) },
            maxUploadMB: req.application.settings.maxUploadBytes / 1_048_576,
            legalTime: LegalTimeText.describe(days: draft.procedure.legalDays, unit: draft.procedure.unit))
        return try await req.view.render("OnlineFiling/draft", page).encodeResponse(status: status, for: req)
    }

    @Sendable func saveDraft(req: Request) async throws -> Response {
        let user = try DraftService.requireCitizen(req)
        let draft = try await DraftService.find(req.parameters.get("id"), owner: user, on: req.db)
        if let code = draft.submittedCode { return req.redirect(to: "/ho-so-cua-toi/\(code)") }
        let form = try await PostedForm.read(req)
        let input = DraftService.UpdateInput(
            applicant: DraftApplicant(fullName: form.value("fullName"), idNumber: form.value("idNumber"), phone: form.value("phone"),
                                      email: form.value("email"), address: form.value("address")),
            // One checkbox per line, each with a name of its own (`component-<n>`), whose value is the line's name.
            components: form.fields.filter { $0.name.hasPrefix("component-") }.map(\.value),
            delivery: DraftDTO.Delivery(method: form.value("deliveryMethod") ?? draft.deliveryMethod, address: form.value("deliveryAddress")))
        do {
            try await DraftService.update(draft, with: input, request: req)
            guard form.value("intent") == "submit" else {
                return req.redirect(to: "/ho-so-cua-toi/ban-nhap/\(try draft.requireID().uuidString)", notice: "Đã lưu bản nháp.")
            }
            let outcome = try await OnlineSubmission.submit(draft, owner: user, request: req)
            return req.redirect(to: "/ho-so-cua-toi/\(outcome.dossier.code)",
                                notice: "Đã nộp hồ sơ. Mã hồ sơ của ông/bà là \(outcome.dossier.code); cán bộ tiếp nhận sẽ kiểm tra và báo kết quả qua thư điện tử.")
        } catch let error as AppError {
            return try await renderDraft(req, draft: draft, error: error.message, status: error.status)
        }
    }

    @Sendable func deleteDraft(req: Request) async throws -> Response {
        let user = try DraftService.requireCitizen(req)
        let draft = try await DraftService.find(req.parameters.get("id"), owner: user, on: req.db)
        try await DraftService.discard(draft, request: req)
        return req.redirect(to: "/ho-so-cua-toi", notice: "Đã xóa bản nháp “\(draft.procedure.name)”.")
    }

    // MARK: one dossier

    struct DossierPage: Encodable {
        struct FileRow: Encodable { let id: String; let filename: String; let size: String; let sha256: String; let isResult: Bool }
        struct Step: Encodable { let when: String; let what: String; let status: String; let note: String? }
        let title: String
        let page: PageContext
        let notice: String?
        let code: String
        let procedureName: String
        let status: String
        let statusCode: Int
        let receivedAt: String
        let appointmentAt: String?
        let requestedDelivery: String?
        let deliveryAddress: String?
        let awaitingSupplement: Bool
        let supplementRequest: String?
        let components: [IntakeComponent]
        let files: [FileRow]
        let results: [FileRow]
        let timeline: [Step]
        let rating: RatingPanel?
        var payments: PaymentPanel? = nil
    }

    @Sendable func dossierPage(req: Request) async throws -> View {
        let user = try DraftService.requireCitizen(req)
        let dossier = try await OwnerDossiers.find(code: req.parameters.get("code") ?? "", owner: user, on: req.db)
        let dossierID = try dossier.requireID()
        let procedure = try await dossier.$procedure.get(on: req.db)
        let events = try await DossierEvent.query(on: req.db).filter(\.$dossier.$id == dossierID).sort(\.$at).all()
            .filter { $0.action != DossierEvent.assignAction }
        let attachments = try await DossierAttachment.query(on: req.db).filter(\.$dossier.$id == dossierID)
            .field(\.$id).field(\.$kind).field(\.$filename).field(\.$size).field(\.$sha256).field(\.$uploadedAt).sort(\.$uploadedAt).all()
        let rows = try attachments.map {
            DossierPage.FileRow(id: try $0.requireID().uuidString, filename: $0.filename, size: UploadCheck.megabytes($0.size), sha256: $0.sha256,
                                isResult: $0.kind == AttachmentStore.Kind.result.rawValue)
        }
        let lastRequest = events.last { $0.action == DossierAction.requestSupplement.rawValue }
        let page = DossierPage(
            title: "Hồ sơ \(dossier.code)", page: PageContext(req), notice: req.takeNotice(), code: dossier.code, procedureName: procedure.name,
            status: dossier.status.label, statusCode: dossier.status.rawValue, receivedAt: VietnameseFormat.dateTime(dossier.receivedAt),
            appointmentAt: dossier.appointmentAt.map(VietnameseFormat.dateTime),
            requestedDelivery: dossier.requestedDelivery.flatMap(ResultDelivery.init(rawValue:))?.label, deliveryAddress: dossier.deliveryAddress,
            awaitingSupplement: dossier.status == .supplementRequested, supplementRequest: dossier.status == .supplementRequested ? lastRequest?.note : nil,
            components: dossier.components,
            files: rows.filter { !$0.isResult },
            results: OwnerDossiers.resultIsReleased(dossier) ? rows.filter(\.isResult) : [],
            timeline: events.map {
                let entry = TimelineEntryDTO($0, forPublic: true)
                return .init(when: VietnameseFormat.dateTime(entry.at), what: entry.actionLabel, status: entry.toStatus.label, note: entry.note)
            },
            rating: try await RatingPanel.load(for: dossier, viewer: user, on: req.db))
        var shown = page
        shown.payments = try await PaymentPanel.load(for: dossier, officer: false, request: req)
        return try await req.view.render("OnlineFiling/dossier", shown)
    }

    @Sendable func supplement(req: Request) async throws -> Response {
        let user = try DraftService.requireCitizen(req)
        let code = req.parameters.get("code") ?? ""
        let form = try await PostedForm.read(req)
        do {
            let dossier = try await OwnerDossiers.transition(TransitionInput(action: DossierAction.supplement.rawValue, note: form.value("note")),
                                                              code: code, owner: user, request: req)
            return req.redirect(to: "/ho-so-cua-toi/\(dossier.code)", notice: "Đã gửi bổ sung. Hồ sơ chuyển sang “\(dossier.status.label)”.")
        } catch let error as AppError {
            return req.redirect(to: "/ho-so-cua-toi/\(code.prefix(64))", notice: error.message)
        }
    }

    @Sendable func download(req: Request) async throws -> Response {
        let user = try DraftService.requireCitizen(req)
        return try await OwnerDossiers.download(code: req.parameters.get("code") ?? "", id: req.parameters.get("file"), owner: user, on: req.db)
    }
}
