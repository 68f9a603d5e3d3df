import Fluent
import Vapor
import MotCuaCore

struct AdminAgencyController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("co-quan", use: list)
        routes.post("co-quan", use: create)
        routes.get("co-quan", ":code", use: edit)
        routes.post("co-quan", ":code", use: update)
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
            let (name, tier) = try Self.nameAndTier(form.name, form.tier)
            var parent: Agency? = nil
            if let parentCode = form.parent, !parentCode.isEmpty {
                parent = try await Agency.find(code: parentCode, on: req.db)
                guard parent != nil else { throw AppError.badRequest("unknown_parent", "Cơ quan cấp trên “\(parentCode)” không tồn tại.") }
            }
            if try await Agency.find(code: code.value, on: req.db) != nil {
                throw AppError(.conflict, "duplicate_agency", "Mã định danh \(code.value) đã được dùng cho một cơ quan khác.")
            }
            let agency = Agency(code: code.value, name: name, tier: tier, kind: parent == nil ? "people_committee" : "unit", parent: parent)
            let summary = "Tên: \(AuditChanges.quoted(name)); Cấp: \(tier.label); Cơ quan cấp trên: \(parent.map { "\($0.name) (\($0.code))" } ?? "(không – cơ quan gốc)")"
            try await req.writeTransaction { db in
                try await agency.create(on: db)
                try await req.audit(.agencyCreate, target: code.value, summary, on: db)
            }
            return req.redirect(to: "/quan-tri/co-quan", notice: "Đã thêm cơ quan \(code.value).")
        } catch let error as ValidationFailure {
            return try await render(req, form: form, error: error.message, notice: nil).encodeResponse(status: .unprocessableEntity, for: req)
        } catch let error as AppError {
            return try await render(req, form: form, error: error.message, notice: nil).encodeResponse(status: error.status, for: req)
        }
    }

    static func nameAndTier(_ rawName: String?, _ rawTier: String?) throws -> (String, AgencyTier) {
        guard let name = try TextInput.clean(rawName, TextInput.agencyName) else { throw AppError(.unprocessableEntity, "missing_name", "Vui lòng nhập tên cơ quan.") }
        guard let tier = AgencyTier(rawValue: rawTier ?? "") else { throw AppError(.unprocessableEntity, "invalid_tier", "Vui lòng chọn cấp của cơ quan.") }
        return (name, tier)
    }

    // MARK: - Edit

    /// Name and tier. The identifier code and the place in the tree are fixed: dossiers, accounts and statistics
    /// refer to the agency through them (a dossier keeps its agencies' paths), so a move would be a migration, not an edit.
    /// Name, tier, and what slips print for the agency: the place of the date line and who signs (slip 04).
    struct EditForm: Content {
        var name: String?; var tier: String?
        var place: String?; var headTitle: String?; var headName: String?; var deputyName: String?
    }
    static let place = TextRules.Field("place", "Địa danh", maxCharacters: 100)
    static let headTitle = TextRules.Field("headTitle", "Chức danh người đứng đầu", maxCharacters: 100)
    static let headName = TextRules.Field("headName", "Họ tên người đứng đầu", maxCharacters: 100)
    static let deputyName = TextRules.Field("deputyName", "Họ tên cấp phó ký thay", maxCharacters: 100)
    struct EditPage: Encodable {
        let title: String
        let page: PageContext
        let code: String
        let parentName: String?
        let childCount: Int
        let userCount: Int
        let form: EditForm
        let tiers: [SelectOption]
        /// What slips print when the fields are left empty.
        let derivedPlace: String
        let defaultHeadTitle: String
        let error: String?
        let notice: String?
    }

    private func agency(_ req: Request) async throws -> Agency {
        let code = req.parameters.get("code") ?? ""
        guard code.utf8.count <= 32, let agency = try await Agency.query(on: req.db).filter(\.$code == code).with(\.$parent).first() else {
            throw AppError.notFound("Không tìm thấy cơ quan có mã “\(AuditChanges.shorten(code, to: 32))”.")
        }
        return agency
    }

    func renderEdit(_ req: Request, agency: Agency, form: EditForm? = nil, error: String? = nil, notice: String? = nil) async throws -> View {
        let form = form ?? EditForm(name: agency.name, tier: agency.tier, place: agency.place, headTitle: agency.headTitle,
                                    headName: agency.headName, deputyName: agency.deputyName)
        let id = try agency.requireID()
        return try await req.view.render("Admin/agency-edit", EditPage(
            title: "Sửa cơ quan \(agency.code)", page: PageContext(req), code: agency.code, parentName: agency.parent?.name,
            childCount: try await Agency.query(on: req.db).filter(\.$parent.$id == id).count(),
            userCount: try await User.query(on: req.db).filter(\.$agency.$id == id).count(),
            form: form, tiers: AgencyTier.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: form.tier == $0.rawValue) },
            derivedPlace: PlaceName.derive(fromAgencyName: agency.name),
            defaultHeadTitle: AgencySigner.defaultHeadTitle(kind: agency.kind, name: agency.name),
            error: error, notice: notice))
    }

    @Sendable func edit(req: Request) async throws -> View {
        try await renderEdit(req, agency: try await agency(req), notice: req.takeNotice())
    }

    @Sendable func update(req: Request) async throws -> Response {
        let agency = try await agency(req)
        let form = try req.content.decode(EditForm.self)
        do {
            let (name, tier) = try Self.nameAndTier(form.name, form.tier)
            var checks = TextInput.Checks()
            // A field the form does not carry keeps its value; one sent empty is cleared.
            let place = form.place == nil ? agency.place : checks.clean(form.place, Self.place)
            let headTitle = form.headTitle == nil ? agency.headTitle : checks.clean(form.headTitle, Self.headTitle)
            let headName = form.headName == nil ? agency.headName : checks.clean(form.headName, Self.headName)
            let deputyName = form.deputyName == nil ? agency.deputyName : checks.clean(form.deputyName, Self.deputyName)
            try checks.finish()
            var changes = AuditChanges()
            changes.field("Tên", agency.name, name)
            changes.field("Cấp", AgencyTier(rawValue: agency.tier)?.label ?? agency.tier, tier.label)
            changes.field("Địa danh", agency.place ?? "", place ?? "")
            changes.field("Chức danh người đứng đầu", agency.headTitle ?? "", headTitle ?? "")
            changes.field("Người đứng đầu", agency.headName ?? "", headName ?? "")
            changes.field("Cấp phó ký thay", agency.deputyName ?? "", deputyName ?? "")
            guard !changes.isEmpty else {
                return req.redirect(to: "/quan-tri/co-quan/\(agency.code)", notice: "Không có thay đổi nào để lưu.")
            }
            agency.name = name
            agency.tier = tier.rawValue
            agency.place = place
            agency.headTitle = headTitle
            agency.headName = headName
            agency.deputyName = deputyName
            let summary = changes.summary
            try await req.writeTransaction { db in
                try await agency.save(on: db)
                try await req.audit(.agencyUpdate, target: agency.code, summary, on: db)
            }
            return req.redirect(to: "/quan-tri/co-quan", notice: "Đã lưu cơ quan \(agency.code).")
        } catch let error as AppError {
            return try await renderEdit(req, agency: agency, form: form, error: error.message).encodeResponse(status: error.status, for: req)
        }
    }
}
