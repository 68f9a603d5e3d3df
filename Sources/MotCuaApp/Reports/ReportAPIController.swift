import Vapor

/// `GET /api/v1/reports/dossiers?agency=&from=&to=&groupBy=&format=`: the periodic report of an agency subtree
/// (leaders and administrators; bearer token).
struct ReportAPIController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("reports", "dossiers", use: show)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let access = try await StatisticsAccess.of(req)
        let format = try ReportExport.format(req.query[String.self, at: "format"])
        let grouping = try DossierReport.Grouping.parse(req.query[String.self, at: "groupBy"])
        let period = try StatisticsPeriod(from: req.query[String.self, at: "from"], to: req.query[String.self, at: "to"], now: req.now)
        let agency = try access.agency(code: req.query[String.self, at: "agency"])
        let report = try await DossierReport.build(agency: agency, subtree: access.subtree(of: agency), period: period, grouping: grouping,
                                                   now: req.now, on: req.db)
        return try await ReportExport.response(report, format: format, for: req)
    }
}
