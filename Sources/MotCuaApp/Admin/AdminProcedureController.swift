import Fluent
import Vapor
import MotCuaCore

struct AdminProcedureController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("thu-tuc", use: list)
        routes.post("thu-tuc", use: create)
        routes.get("thu-tuc", "moi", use: new)
        routes.get("thu-tuc", ":code", use: edit)
        routes.post("thu-tuc", ":code", use: update)
    }

    struct Row: Encodable { let item: ProcedureListItem; let isActive: Bool }
    struct ListPage: Encodable {
        let title = "Quản lý thủ tục hành chính"
        let page: PageContext
        let q: String
        let rows: [Row]
        let metadata: PageMetadata
        let pager: Pager
        let notice: String?
    }

    /// The whole catalogue, procedures no longer applied included (the public catalogue shows only the active ones).
    @Sendable func list(req: Request) async throws -> View {
        let q = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard q.count <= 200 else { throw AppError.badRequest("query_too_long", "Từ khóa tìm kiếm quá dài (tối đa 200 ký tự).") }
        let query = Procedure.query(on: req.db)
        for word in TextSearch.fold(q).split(separator: " ") { query.filter(\.$searchText ~~ String(word)) }
        let result = try await query.sort(.custom(VietnameseOrder.column("name_sort_key", on: req.db))).sort(\.$code)
            .with(\.$agency).page(try Paging(req, defaultPer: 30))
        return try await req.view.render("Admin/procedures", ListPage(
            page: PageContext(req), q: q, rows: result.items.map { Row(item: ProcedureListItem($0), isActive: $0.isActive) },
            metadata: result.metadata, pager: Pager(result.metadata, request: req), notice: req.takeNotice()))
    }

    // MARK: - The form

    /// One row of a list in the form: its key, its number as shown, what was typed, and its choices as booleans.
    struct Line<Row: Encodable>: Encodable { let index: Int; let number: Int; let row: Row; let flags: [String: Bool] }
    struct EditPage: Encodable {
        let title: String
        let page: PageContext
        let isNew: Bool
        let code: String
        let action: String
        let form: ProcedureForm
        let agencies: [SelectOption]
        let tiers: [SelectOption]
        let components: [Line<ProcedureForm.ComponentRow>]
        let fees: [Line<ProcedureForm.FeeRow>]
        let steps: [Line<ProcedureForm.StepRow>]
        let error: String?
        let notice: String?
    }

    /// The typed rows in order, then blank ones to add to each list. Rows that cannot be ordered are shown as sent.
    static func lines<Row>(_ rows: [String: Row]?, blank: Row, limit: Int, flags: (Row) -> [String: Bool]) -> [Line<Row>] {
        let typed = (try? ProcedureForm.ordered(rows, label: "", limit: limit)) ?? Array((rows ?? [:]).values)
        let all = Array(typed.prefix(limit + 50)) + Array(repeating: blank, count: ProcedureForm.blankRows)
        return all.enumerated().map { Line(index: $0.offset, number: $0.offset + 1, row: $0.element, flags: flags($0.element)) }
    }

    func render(_ req: Request, form: ProcedureForm, code: String?, error: String? = nil, notice: String? = nil) async throws -> View {
        let agencies = try await Agency.query(on: req.db).sort(\.$path).all()
        let isNew = code == nil
        return try await req.view.render("Admin/procedure-edit", EditPage(
            title: isNew ? "Thêm thủ tục" : "Sửa thủ tục \(code ?? "")", page: PageContext(req), isNew: isNew, code: code ?? (form.code ?? ""),
            action: isNew ? "/quan-tri/thu-tuc" : "/quan-tri/thu-tuc/\(code ?? "")", form: form,
            agencies: agencies.map { SelectOption(value: $0.code, label: $0.indentedName, selected: form.agency == $0.code) },
            tiers: AgencyTier.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: form.tier == $0.rawValue) },
            components: Self.lines(form.components, blank: .init(name: nil, copies: "1", original: "1", presentOnly: "0", conditional: nil, remove: nil),
                                   limit: ProcedureForm.maxComponents) { ["original": $0.original == "1", "presentOnly": $0.presentOnly == "1", "remove": $0.remove != nil] },
            fees: Self.lines(form.fees, blank: .init(name: nil, amount: nil, note: nil, remove: nil), limit: ProcedureForm.maxFees) { ["remove": $0.remove != nil] },
            steps: Self.lines(form.steps, blank: .init(name: nil, unit: nil, days: nil, remove: nil), limit: ProcedureForm.maxSteps) { ["remove": $0.remove != nil] },
            error: error, notice: notice))
    }

    private func procedure(_ req: Request) async throws -> Procedure {
        let code = req.parameters.get("code") ?? ""
        guard code.utf8.count <= 64, let procedure = try await CatalogQuery.find(code: code, on: req.db) else {
            throw AppError.notFound("Không tìm thấy thủ tục có mã “\(AuditChanges.shorten(code, to: 64))”.")
        }
        return procedure
    }

    @Sendable func edit(req: Request) async throws -> View {
        let procedure = try await procedure(req)
        return try await render(req, form: ProcedureForm(procedure), code: procedure.code, notice: req.takeNotice())
    }

    @Sendable func update(req: Request) async throws -> Response {
        let procedure = try await procedure(req)
        let form = try req.content.decode(ProcedureForm.self)
        do {
            let draft = try await ProcedureDraft.check(form, on: req.db)
            let changes = draft.apply(to: procedure, isNew: false)
            guard !changes.isEmpty else {
                return req.redirect(to: "/quan-tri/thu-tuc/\(procedure.code)", notice: "Không có thay đổi nào để lưu.")
            }
            try await req.writeTransaction { db in
                try await procedure.save(on: db)
                try await req.audit(.procedureUpdate, target: procedure.code, changes.summary, on: db)
            }
            return req.redirect(to: "/quan-tri/thu-tuc/\(procedure.code)", notice: "Đã lưu thủ tục \(procedure.code).")
        } catch let error as AppError {
            return try await render(req, form: form, code: procedure.code, error: error.message).encodeResponse(status: error.status, for: req)
        }
    }

    @Sendable func new(req: Request) async throws -> View {
        try await render(req, form: ProcedureForm(), code: nil)
    }

    @Sendable func create(req: Request) async throws -> Response {
        var form = try req.content.decode(ProcedureForm.self)
        do {
            let raw = form.code ?? ""
            guard raw.utf8.count <= 64 else {
                throw AppError(.unprocessableEntity, "invalid_procedure_code", "Mã thủ tục quá dài; ví dụ mã đúng: 1.001193.000.00.00.H36.")
            }
            let code: ProcedureCode
            do { code = try ProcedureCode(raw) } catch { throw AppError(.unprocessableEntity, error.code, error.message) }
            form.code = code.value
            let draft = try await ProcedureDraft.check(form, on: req.db)
            if try await Procedure.query(on: req.db).filter(\.$code == code.value).count() > 0 {
                throw AppError(.conflict, "duplicate_procedure", "Mã thủ tục \(code.value) đã có trong danh mục. Hãy mở thủ tục đó để sửa, hoặc dùng mã khác.")
            }
            let procedure = Procedure()
            procedure.code = code.value
            let changes = draft.apply(to: procedure, isNew: true)
            try await req.writeTransaction { db in
                // Checked again inside the transaction: two administrators may add the same code at once.
                if try await Procedure.query(on: db).filter(\.$code == code.value).count() > 0 {
                    throw AppError(.conflict, "duplicate_procedure", "Mã thủ tục \(code.value) đã có trong danh mục. Hãy mở thủ tục đó để sửa, hoặc dùng mã khác.")
                }
                try await procedure.create(on: db)
                try await req.audit(.procedureCreate, target: code.value, changes.summary, on: db)
            }
            return req.redirect(to: "/quan-tri/thu-tuc/\(code.value)", notice: "Đã thêm thủ tục \(code.value).")
        } catch let error as DatabaseError where error.isConstraintFailure {
            let message = "Mã thủ tục \(form.code ?? "") đã có trong danh mục. Hãy mở thủ tục đó để sửa, hoặc dùng mã khác."
            req.logger.info("procedure create refused by a constraint: \(String(describing: error))")
            return try await render(req, form: form, code: nil, error: message).encodeResponse(status: .conflict, for: req)
        } catch let error as AppError {
            return try await render(req, form: form, code: nil, error: error.message).encodeResponse(status: error.status, for: req)
        }
    }
}
