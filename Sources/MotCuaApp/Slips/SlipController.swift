import Vapor

struct SlipController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {}
}
