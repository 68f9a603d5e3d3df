import Vapor

/// `GET /api/v1/statistics?agency=&from=&to=`: the report of an agency subtree for a period (bearer token, officers).
struct StatisticsAPIController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("statistics", use: show)
    }

    @Sendable func show(req: Request) async throws -> AgencyStatistics {
        let access = try await StatisticsAccess.of(req)
        let now = req.now
        let period = try StatisticsPeriod(from: req.query[String.self, at: "from"], to: req.query[String.self, at: "to"], now: now)
        let agency = try access.agency(code: req.query[String.self, at: "agency"])
        let ids = access.subtreeIDs(of: agency)
        let counts = try await StatisticsQuery.counts(agencyIDs: ids, period: period, now: now, on: req.db)
        return AgencyStatistics(agency: agency.summary, period: period, counts: counts.total(of: Set(ids)), now: now)
    }
}
