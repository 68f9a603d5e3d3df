import Fluent
import Vapor

struct CatalogAPIController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        let procedures = routes.grouped("procedures")
        procedures.get(use: list)
        procedures.get(":code", use: show)
    }

    @Sendable func list(req: Request) async throws -> PagedResponse<ProcedureListItem> {
        let filter = try CatalogFilter(req)
        let result = try await CatalogQuery.search(filter, paging: try Paging(req), on: req.db)
        return PagedResponse(items: result.items.map(ProcedureListItem.init), metadata: result.metadata)
    }

    @Sendable func show(req: Request) async throws -> ProcedureDTO {
        let code = req.parameters.get("code") ?? ""
        guard let procedure = try await CatalogQuery.find(code: code, on: req.db) else {
            throw AppError(.notFound, "procedure_not_found", "Không tìm thấy thủ tục có mã “\(code)”. Kiểm tra lại mã hoặc tìm theo tên tại /thu-tuc.")
        }
        return ProcedureDTO(procedure)
    }
}
