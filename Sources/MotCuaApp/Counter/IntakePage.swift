import Fluent
import Vapor
import MotCuaCore

/// `GET/POST /mot-cua/tiep-nhan`: pick a procedure, tick its checklist, type the applicant, attach scans, and
/// accept (slip 01), ask for supplements (slip 02) or refuse (slip 03). Files are checked before anything is written.
struct IntakePage: Sendable {
    struct ProcedureOption: Encodable { let code: String; let name: String; let selected: Bool }
    struct ChosenProcedure: Encodable {
        let code: String
        let name: String
        let agencyName: String
        let legalTime: String
        let result: String
    }
    struct ChecklistRow: Encodable {
        let index: Int
        let name: String
        let copies: Int
        let original: Bool
        let required: Bool
        let condition: String?
        let presentOnly: Bool
        let checked: Bool
    }
    struct View: Encodable {
        let title = "Tiếp nhận hồ sơ mới"
        let page: PageContext
        let q: String
        let options: [ProcedureOption]
        let procedure: ChosenProcedure?
        let checklist: [ChecklistRow]
        let form: IntakeFormState
        let error: String?
        let maxUpload: String
    }

    @Sendable func show(req: Request) async throws -> Response {
        var form = IntakeFormState()
        form.procedureCode = (req.query[String.self, at: "procedure"] ?? "").trimmingCharacters(in: .whitespaces)
        form.ticket = IntakeFormState.ticketID(req.query[String.self, at: "ticket"])
        var procedure: Procedure? = nil
        var error: String? = nil
        if !form.procedureCode.isEmpty {
            procedure = try await Self.activeProcedure(form.procedureCode, on: req.db)
            if procedure == nil {
                error = "Không tìm thấy thủ tục có mã “\(form.procedureCode)” đang áp dụng. Hãy tìm theo tên hoặc chọn trong danh sách."
            }
        }
        return try await render(req, procedure: procedure, form: form, status: error == nil ? .ok : .notFound, error: error)
    }

    @Sendable func submit(req: Request) async throws -> Response {
        let posted = try await PostedForm.read(req)
        let form = IntakeFormState(posted)
        guard let procedure = try await Self.activeProcedure(form.procedureCode, on: req.db) else {
            return try await render(req, procedure: nil, form: form, status: .unprocessableEntity,
                                    error: "Chưa chọn thủ tục hợp lệ. Hãy tìm và chọn thủ tục trước khi tiếp nhận.")
        }
        let files = posted.files("attachments")
        let reselect = files.isEmpty ? "" : " Vui lòng chọn lại các tệp đính kèm."
        do {
            guard [DossierChannel.counter.rawValue, DossierChannel.post.rawValue].contains(form.channel) else {
                throw AppError.badRequest("invalid_channel", "Tại quầy chỉ tiếp nhận hồ sơ nộp trực tiếp hoặc qua bưu chính.")
            }
            let uploads = try UploadCheck.check(files, maxBytes: req.application.settings.maxUploadBytes)
            let outcome = posted.value("outcome") ?? IntakeOutcome.accept.rawValue
            let intake = form.request(for: procedure, outcome: outcome)
            // The form's key alone would return the first citizen's dossier after Back and new details: the key is the
            // form *and* what it says, so a double click is one dossier and a changed form is a new one.
            let result = try await IntakeService.receive(intake, idempotencyKey: "counter-form:\(form.formKey):\(intake.fingerprint)", request: req)
            let dossier = result.dossier
            if result.created, !uploads.isEmpty {
                let dossierID = try dossier.requireID()
                let user = try req.requireUser()
                let now = req.now
                _ = try await req.writeTransaction { db in
                    try await AttachmentStore.save(uploads, dossierID: dossierID, kind: .component, by: user, at: now, on: db)
                }
            }
            if let ticketID = UUID(uuidString: form.ticket) {
                try await QueueTicketLink.link(ticketID, to: dossier, request: req)
            }
            return req.redirect(to: Self.slip(for: dossier).path(for: dossier.code), redirectType: .normal)
        } catch {
            let appError = ErrorRendering.appError(from: error, request: req)
            guard appError.status.code < 500 else { throw error }
            return try await render(req, procedure: procedure, form: form, status: appError.status, error: appError.message + reselect)
        }
    }

    /// The slip that the intake outcome prints: 01 accepted, 02 supplements requested, 03 refused.
    static func slip(for dossier: Dossier) -> SlipForm {
        switch dossier.status {
        case .supplementRequested: return .supplement
        case .notAccepted: return .refusal
        default: return .receipt
        }
    }

    static func activeProcedure(_ code: String, on db: Database) async throws -> Procedure? {
        guard !code.isEmpty, code.count <= 60, let procedure = try await CatalogQuery.find(code: code, on: db), procedure.isActive else { return nil }
        return procedure
    }

    func render(_ req: Request, procedure: Procedure?, form: IntakeFormState, status: HTTPResponseStatus = .ok, error: String?) async throws -> Response {
        let q = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var options: [ProcedureOption] = []
        if procedure == nil {
            options = try await Self.options(q: q, request: req).map { ProcedureOption(code: $0.code, name: $0.name, selected: $0.code == form.procedureCode) }
        }
        let chosen = procedure.map {
            ChosenProcedure(code: $0.code, name: $0.name, agencyName: $0.agency.name,
                            legalTime: LegalTimeText.describe(days: $0.legalDays, unit: $0.unit), result: $0.result)
        }
        let checklist = (procedure?.components ?? []).enumerated().map { index, component in
            ChecklistRow(index: index, name: component.name, copies: component.copies, original: component.original,
                         required: IntakeFormState.isRequired(component), condition: component.conditional,
                         presentOnly: component.presentOnly == true, checked: form.provided.contains(index))
        }
        let view = View(page: PageContext(req, forms: true), q: q, options: options, procedure: chosen, checklist: checklist,
                        form: form, error: error, maxUpload: UploadCheck.megabytes(req.application.settings.maxUploadBytes))
        return try await req.view.render("Counter/intake", view).encodeResponse(status: status, for: req)
    }

    /// The fallback list without JavaScript: matches of the typed words, or else the procedures of the
    /// officer's own agency subtree (what this counter receives most), capped so the list stays usable.
    static func options(q: String, request req: Request) async throws -> [Procedure] {
        let paging = Paging(page: 1, per: 100)
        if !q.isEmpty {
            return try await CatalogQuery.search(CatalogFilter(q: String(q.prefix(200))), paging: paging, on: req.db).items
        }
        let scope = try await DossierScope.of(req)
        let own = try await CatalogQuery.search(CatalogFilter(agency: scope.agency.code), paging: paging, on: req.db).items
        return own.isEmpty ? try await CatalogQuery.search(CatalogFilter(), paging: paging, on: req.db).items : own
    }
}
