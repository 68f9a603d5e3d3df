import Fluent
import Vapor
import MotCuaCore

struct AdminAgencyController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("co-quan", use: list)
        routes.post("co-quan", use: create)
    }

    struct Row: Encodable { let code: String; let name: String; let tierLabel: String; let indent: Int; let userCount: Int }
    struct ListPage: Encodable {
        let title = "Quản lý cơ quan, đơn vị"
        let page: PageContext
        let rows: [Row]
        let parents: [SelectOption]
        let tiers: [SelectOption]
        let form: CreateForm
        let error: String?
        let notice: String?
    }
    struct CreateForm: Content { var code: String?; var name: String?; var tier: String?; var parent: String? }

    @Sendable func list(req: Request) async throws -> View {
        try await render(req, form: CreateForm(), error: nil, notice: req.takeNotice())
    }

    func render(_ req: Request, form: CreateForm, error: String?, notice: String?) async throws -> View {
        // The tree of a province is a few thousand rows at most; sorted by path it reads as an indented tree.
        let agencies = try await Agency.query(on: req.db).sort(\.$path).all()
        let counts = try await User.query(on: req.db).all(\.$agency.$id).reduce(into: [UUID: Int]()) { counts, id in
            if let id { counts[id, default: 0] += 1 }
        }
        return try await req.view.render("Admin/agencies", ListPage(
            page: PageContext(req),
            rows: agencies.map { Row(code: $0.code, name: $0.name, tierLabel: AgencyTier(rawValue: $0.tier)?.label ?? $0.tier, indent: $0.depth, userCount: counts[$0.id!] ?? 0) },
            parents: agencies.map { SelectOption(value: $0.code, label: $0.indentedName, selected: form.parent == $0.code) },
            tiers: AgencyTier.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: form.tier == $0.rawValue) },
            form: form, error: error, notice: notice))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(CreateForm.self)
        do {
            let code = try AgencyCode(form.code ?? "")
            guard let name = try TextInput.clean(form.name, TextInput.agencyName) else { throw AppError.badRequest("missing_name", "Vui lòng nhập tên cơ quan.") }
            guard let tier = AgencyTier(rawValue: form.tier ?? "") else { throw AppError.badRequest("invalid_tier", "Vui lòng chọn cấp của cơ quan.") }
            var parent: Agency? = nil
            if let parentCode = form.parent, !parentCode.isEmpty {
                parent = try await Agency.find(code: parentCode, on: req.db)
                guard parent != nil else { throw AppError.badRequest("unknown_parent", "Cơ quan cấp trên “\(parentCode)” không tồn tại.") }
            }
            if try await Agency.find(code: code.value, on: req.db) != nil {
                throw AppError(.conflict, "duplicate_agency", "Mã định danh \(code.value) đã được dùng cho một cơ quan khác.")
            }
            try await Agency(code: code.value, name: name, tier: tier, kind: parent == nil ? "people_committee" : "unit", parent: parent).create(on: req.db)
            return req.redirect(to: "/quan-tri/co-quan", notice: "Đã thêm cơ quan \(code.value).")
        } catch let error as ValidationFailure {
            return try await render(req, form: form, error: error.message, notice: nil).encodeResponse(status: .unprocessableEntity, for: req)
        } catch let error as AppError {
            return try await render(req, form: form, error: error.message, notice: nil).encodeResponse(status: error.status, for: req)
        }
    }
}
