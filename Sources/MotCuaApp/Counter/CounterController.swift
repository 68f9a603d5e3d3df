import Vapor

struct CounterController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {}
}
