import Vapor

struct ProcessingController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {}
}
