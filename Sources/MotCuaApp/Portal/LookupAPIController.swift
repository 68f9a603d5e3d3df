import Vapor

struct LookupAPIController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {}
}
