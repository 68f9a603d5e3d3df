import Fluent
import Vapor

/// The public catalogue: search as you type, filters, one page per procedure.
struct CatalogPageController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("thu-tuc", use: list)
        routes.get("thu-tuc", ":code", use: show)
        routes.get("thu-tuc", ":code", "mau-don", use: applicationForm)
    }


    struct ListPage: Encodable {
        let title = "Danh mục thủ tục hành chính"
        let page: PageContext
        let filter: CatalogFilter
        let items: [ProcedureListItem]
        let metadata: PageMetadata
        let tiers: [SelectOption]
        let levels: [SelectOption]
        let fields: [SelectOption]
        let agencies: [SelectOption]
        let pager: Pager
        let firstIndex: Int
        let lastIndex: Int
    }

    @Sendable func list(req: Request) async throws -> View {
        let filter = try CatalogFilter(req)
        let paging = try Paging(req)
        let result = try await CatalogQuery.search(filter, paging: paging, on: req.db)
        let agencies = try await Agency.query(on: req.db).sort(\.$path).all()
        let fields = try await CatalogQuery.fields(on: req.db)
        let page = ListPage(
            page: PageContext(req), filter: filter,
            items: result.items.map(ProcedureListItem.init), metadata: result.metadata,
            tiers: [AgencyTier.province, .district, .commune].map { SelectOption(value: $0.rawValue, label: $0.label, selected: filter.tier == $0.rawValue) },
            levels: (2...4).map { SelectOption(value: "\($0)", label: "Mức \($0) – \(ServiceLevel.shortLabel($0))", selected: filter.level == $0) },
            fields: fields.map { SelectOption(value: $0, label: $0, selected: filter.field == $0) },
            agencies: agencies.map { SelectOption(value: $0.code, label: $0.indentedName, selected: filter.agency == $0.code) },
            pager: Pager(result.metadata, request: req),
            firstIndex: result.metadata.total == 0 ? 0 : paging.offset + 1,
            lastIndex: paging.offset + result.items.count)
        return try await req.view.render("Catalog/list", page)
    }

    struct DetailPage: Encodable {
        let title: String
        let page: PageContext
        let procedure: ProcedureDTO
        let tierLabel: String
        let legalTimeText: String
        let fees: [FeeLine]
        let steps: [StepLine]
        let stepsTotal: String
        /// Level 3–4: "Nộp hồ sơ trực tuyến"; level 2: the application form to print; level 1: information only.
        let filesOnline: Bool
        let offersForm: Bool
        let signedIn: Bool
        let isCitizen: Bool
    }
    /// A step with its time as people write it: "2", "0,5", or "—" when the catalogue gives none for the step.
    struct StepLine: Encodable { let number: Int; let name: String; let unit: String; let days: String }
    struct FeeLine: Encodable { let name: String; let amount: String; let note: String? }

    @Sendable func show(req: Request) async throws -> View {
        let code = req.parameters.get("code") ?? ""
        guard let procedure = try await CatalogQuery.find(code: code, on: req.db) else {
            throw AppError.notFound("Không tìm thấy thủ tục có mã “\(code)”. Hãy tìm theo tên trong danh mục.")
        }
        let dto = ProcedureDTO(procedure)
        let total = procedure.steps.reduce(0) { $0 + $1.days }
        return try await req.view.render("Catalog/detail", DetailPage(
            title: procedure.name, page: PageContext(req), procedure: dto,
            tierLabel: AgencyTier(rawValue: procedure.tier)?.label ?? procedure.tier,
            legalTimeText: LegalTimeText.describe(days: procedure.legalDays, unit: procedure.unit),
            fees: procedure.fees.map { FeeLine(name: $0.name, amount: $0.amountVND.map { $0 == 0 ? "Miễn phí" : VietnameseFormat.money($0) } ?? "Theo quy định của HĐND tỉnh", note: ResearchNotes.publicPart(of: $0.note)) },
            steps: procedure.steps.enumerated().map { index, step in
                StepLine(number: index + 1, name: step.name, unit: step.unit, days: step.days > 0 ? VietnameseFormat.decimal(step.days) : "—")
            },
            // Steps without their own times: the legal time is the whole answer ("Trong ngày").
            stepsTotal: total > 0 ? VietnameseFormat.decimal(total) : LegalTimeText.describe(days: procedure.legalDays, unit: procedure.unit),
            filesOnline: ServiceLevel.offersOnlineFiling(procedure.level) && procedure.isActive, offersForm: procedure.level == 2,
            signedIn: req.auth.has(User.self), isCitizen: req.auth.get(User.self)?.isCitizen ?? false))
    }

    struct ApplicationFormPage: Encodable {
        let title: String
        let page: PageContext
        let procedure: ProcedureDTO
        let agencyName: String
    }

    /// A printable A4 application ("đơn đề nghị") listing the procedure's papers, for procedures filed on paper.
    @Sendable func applicationForm(req: Request) async throws -> View {
        let code = req.parameters.get("code") ?? ""
        guard let procedure = try await CatalogQuery.find(code: code, on: req.db) else {
            throw AppError.notFound("Không tìm thấy thủ tục có mã “\(code)”. Hãy tìm theo tên trong danh mục.")
        }
        return try await req.view.render("Catalog/application-form", ApplicationFormPage(
            title: "Mẫu đơn – \(procedure.name)", page: PageContext(req), procedure: ProcedureDTO(procedure), agencyName: procedure.agency.name))
    }
}
