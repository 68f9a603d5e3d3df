import Vapor

struct StatisticsAPIController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {}
}
