import Fluent
import Vapor
import MotCuaCore

struct AdminProcedureController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("thu-tuc", use: list)
        routes.get("thu-tuc", ":code", use: edit)
        routes.post("thu-tuc", ":code", use: update)
    }

    struct ListPage: Encodable {
        let title = "Quản lý thủ tục hành chính"
        let page: PageContext
        let q: String
        let items: [ProcedureListItem]
        let metadata: PageMetadata
        let pager: Pager
        let notice: String?
    }

    @Sendable func list(req: Request) async throws -> View {
        let filter = try CatalogFilter(req)
        let result = try await CatalogQuery.search(filter, paging: try Paging(req, defaultPer: 30), on: req.db)
        return try await req.view.render("Admin/procedures", ListPage(
            page: PageContext(req), q: filter.q ?? "", items: result.items.map(ProcedureListItem.init),
            metadata: result.metadata, pager: Pager(result.metadata, request: req), notice: req.takeNotice()))
    }

    struct EditForm: Content {
        var name: String?; var field: String?; var level: String?; var legalDays: String?; var timeUnit: String?; var isActive: String?
    }
    struct EditPage: Encodable {
        let title: String
        let page: PageContext
        let code: String
        let agencyName: String
        let form: EditForm
        let error: String?
    }

    private func procedure(_ req: Request) async throws -> Procedure {
        let code = req.parameters.get("code") ?? ""
        guard let procedure = try await CatalogQuery.find(code: code, on: req.db) else {
            throw AppError.notFound("Không tìm thấy thủ tục có mã “\(code)”.")
        }
        return procedure
    }

    @Sendable func edit(req: Request) async throws -> View {
        let procedure = try await procedure(req)
        let form = EditForm(name: procedure.name, field: procedure.field, level: "\(procedure.level)", legalDays: "\(procedure.legalDays)",
                            timeUnit: procedure.timeUnit, isActive: procedure.isActive ? "on" : nil)
        return try await req.view.render("Admin/procedure-edit", EditPage(title: "Sửa thủ tục", page: PageContext(req), code: procedure.code,
                                                                      agencyName: procedure.agency.name, form: form, error: nil))
    }

    @Sendable func update(req: Request) async throws -> Response {
        let procedure = try await procedure(req)
        let form = try req.content.decode(EditForm.self)
        do {
            guard let name = try TextInput.clean(form.name, TextInput.procedureName),
                  let field = try TextInput.clean(form.field, TextInput.procedureField) else { throw AppError.badRequest("missing_fields", "Tên thủ tục và lĩnh vực không được để trống.") }
            guard let level = Int(form.level ?? ""), (1...4).contains(level) else { throw AppError.badRequest("invalid_level", "Mức độ phải từ 1 đến 4.") }
            guard let days = Int(form.legalDays ?? ""), (0...365).contains(days) else {
                throw AppError.badRequest("invalid_days", "Thời hạn giải quyết phải là số ngày từ 0 đến 365.")
            }
            guard let unit = ProcessingTimeUnit(rawValue: form.timeUnit ?? "") else { throw AppError.badRequest("invalid_unit", "Vui lòng chọn đơn vị thời hạn.") }
            procedure.name = name
            procedure.field = field
            procedure.level = level
            procedure.legalDays = days
            procedure.timeUnit = unit.rawValue
            procedure.isActive = form.isActive != nil
            procedure.refreshSearchText()
            try await procedure.save(on: req.db)
            return req.redirect(to: "/quan-tri/thu-tuc", notice: "Đã lưu thủ tục \(procedure.code).")
        } catch let error as AppError {
            return try await req.view.render("Admin/procedure-edit", EditPage(title: "Sửa thủ tục", page: PageContext(req), code: procedure.code,
                                                                          agencyName: procedure.agency.name, form: form, error: error.message))
                .encodeResponse(status: error.status, for: req)
        }
    }
}
