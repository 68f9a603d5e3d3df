import Vapor

struct LookupPageController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {}
}
