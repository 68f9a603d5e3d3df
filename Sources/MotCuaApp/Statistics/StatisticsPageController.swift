import Vapor
import MotCuaCore

/// `/thong-ke`: the dashboard of leaders (and administrators) for an agency of their subtree and a period.
struct StatisticsPageController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.grouped(RequireRole(.leader, .administrator)).get("thong-ke", use: show)
    }

    struct Option: Encodable { let value: String; let label: String; let selected: Bool }
    struct QuickPeriod: Encodable { let label: String; let url: String; let current: Bool }

    struct DashboardPage: Encodable {
        let title = "Thống kê giải quyết hồ sơ"
        let page: PageContext
        let agencies: [Option]
        /// What the date fields show: the period used, or what was typed when it was refused.
        let from: String
        let to: String
        let error: String?
        let quickPeriods: [QuickPeriod]
        let report: StatisticsReportView?
        var ratings: RatingSummary? = nil
    }

    @Sendable func show(req: Request) async throws -> Response {
        let access = try await StatisticsAccess.of(req)
        let now = req.now
        let agency = try access.agency(code: req.query[String.self, at: "agency"])
        let rawFrom = req.query[String.self, at: "from"], rawTo = req.query[String.self, at: "to"]
        // Indented below the officer's own agency, which heads the list.
        let options = access.choices.map {
            Option(value: $0.code, label: String(repeating: "— ", count: $0.depth - access.home.depth) + $0.name, selected: $0.code == agency.code)
        }
        let period: StatisticsPeriod
        do {
            period = try StatisticsPeriod(from: rawFrom, to: rawTo, now: now)
        } catch let error as AppError {
            // Re-show the form with what was typed and say what to fix; no figures for a period that does not exist.
            let page = DashboardPage(page: PageContext(req), agencies: options, from: rawFrom ?? "", to: rawTo ?? "", error: error.message,
                                     quickPeriods: Self.quickPeriods(agency: agency.code, current: nil, now: now), report: nil)
            return try await req.view.render("Statistics/dashboard", page).encodeResponse(status: .badRequest, for: req)
        }
        let ids = access.subtreeIDs(of: agency)
        let counts = try await StatisticsQuery.counts(agencyIDs: ids, period: period, now: now, on: req.db)
        let stats = AgencyStatistics(agency: agency.summary, period: period, counts: counts.total(of: Set(ids)), now: now)
        var children = access.children(of: agency).map { child in
            StatisticsReportView.ChildRow(
                AgencyStatistics(agency: child.agency.summary, period: period, counts: counts.total(of: child.ids), now: now),
                url: Self.url(agency: child.agency.code, period: period))
        }
        // The agency's own dossiers in a row of their own, so that the rows add up to the headline.
        if !children.isEmpty, let ownID = agency.id {
            let own = AgencyStatistics(agency: agency.summary, period: period, counts: counts.total(of: [ownID]), now: now)
            children.insert(StatisticsReportView.ChildRow(own, url: nil, label: "\(agency.name) (trực tiếp giải quyết)"), at: 0)
        }
        let page = DashboardPage(page: PageContext(req), agencies: options, from: period.from.iso, to: period.to.iso, error: nil,
                                 quickPeriods: Self.quickPeriods(agency: agency.code, current: period, now: now),
                                 report: StatisticsReportView(stats, agencyName: agency.name, period: period, children: children),
                                 ratings: try await RatingSummary.load(agencyIDs: ids, period: period, on: req.db))
        return try await req.view.render("Statistics/dashboard", page).encodeResponse(for: req)
    }

    static func url(agency: String, period: StatisticsPeriod) -> String {
        "/thong-ke?agency=\(agency)&from=\(period.from.iso)&to=\(period.to.iso)"
    }

    /// One-click periods: this month, last month, this quarter, this year, the last twelve months.
    static func quickPeriods(agency: String, current: StatisticsPeriod?, now: Date) -> [QuickPeriod] {
        let today = LocalDate(now)
        let lastMonthStart = LocalDate(year: today.year, month: today.month, day: 1).adding(days: -1)
        let quarterFirstMonth = (today.month - 1) / 3 * 3 + 1
        let quarterEnd = StatisticsPeriod.month(year: today.year, month: quarterFirstMonth + 2).to
        let twelveMonthsStart = today.month == 12 ? LocalDate(year: today.year, month: 1, day: 1)
            : LocalDate(year: today.year - 1, month: today.month + 1, day: 1)
        let periods: [(String, StatisticsPeriod)] = [
            ("Tháng này", .currentMonth(now: now)),
            ("Tháng trước", .month(year: lastMonthStart.year, month: lastMonthStart.month)),
            ("Quý này", StatisticsPeriod(from: LocalDate(year: today.year, month: quarterFirstMonth, day: 1), to: quarterEnd)),
            ("Năm nay", StatisticsPeriod(from: LocalDate(year: today.year, month: 1, day: 1), to: LocalDate(year: today.year, month: 12, day: 31))),
            ("12 tháng gần nhất", StatisticsPeriod(from: twelveMonthsStart, to: StatisticsPeriod.currentMonth(now: now).to)),
        ]
        return periods.map { QuickPeriod(label: $0.0, url: url(agency: agency, period: $0.1), current: $0.1 == current) }
    }
}
