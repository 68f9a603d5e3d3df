import Vapor

struct OpenAPIController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {}
}
