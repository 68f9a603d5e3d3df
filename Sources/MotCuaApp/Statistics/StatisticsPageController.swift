import Vapor

struct StatisticsPageController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {}
}
