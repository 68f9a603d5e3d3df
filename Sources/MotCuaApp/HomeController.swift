import Fluent
import Vapor

struct HomeController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get(use: home)
    }

    struct HomePage: Encodable {
        let title = "Trang chủ"
        let page: PageContext
        let procedureCount: Int
        let agencyCount: Int
    }

    @Sendable func home(req: Request) async throws -> View {
        try await req.view.render("home", HomePage(
            page: PageContext(req),
            procedureCount: try await Procedure.query(on: req.db).filter(\.$isActive == true).count(),
            agencyCount: try await Agency.query(on: req.db).count()))
    }
}
