import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

@Suite("Statistics: percentages")
struct StatisticsPercentageTests {
    @Test func daLatSeedFiguresRoundToTheReportedShares() {
        // DOMAIN §4: Đà Lạt 8,114 dossiers — 66.8% early, 33.15% on time, 0.05% late.
        let counts = [5_420, 2_690, 4]
        #expect(PercentageSplit.split(counts, decimals: 2) == [66.80, 33.15, 0.05])
        #expect(PercentageSplit.split(counts, decimals: 1) == [66.8, 33.2, 0.0])
    }

    @Test func sharesAlwaysAddUpToExactlyOneHundred() {
        for counts in [[1, 1, 1], [2, 2, 2], [1, 2, 4], [999, 1, 0], [7, 13, 29], [5_420, 2_690, 4]] {
            let tenths = PercentageSplit.split(counts, decimals: 1).map { Int(($0 * 10).rounded()) }
            #expect(tenths.reduce(0, +) == 1000, "\(counts)")
        }
        // Three equal parts: the first listed takes the spare tenth.
        #expect(PercentageSplit.split([1, 1, 1], decimals: 1) == [33.4, 33.3, 33.3])
    }

    @Test func nothingResolvedGivesZeroesNotADivisionByZero() {
        #expect(PercentageSplit.split([0, 0, 0]) == [0, 0, 0])
        #expect(PercentageSplit.percent(0, of: 0) == 0)
    }

    @Test func singleShareRoundsHalfUp() {
        // DOMAIN §4: Hà Nội district, 2,930 of 2,948 resolved → 99.39%.
        #expect(PercentageSplit.percent(2_930, of: 2_948, decimals: 2) == 99.39)
        #expect(PercentageSplit.percent(1, of: 8, decimals: 1) == 12.5)
        #expect(PercentageSplit.percent(1, of: 16, decimals: 1) == 6.3)
    }
}

@Suite("Statistics: period")
struct StatisticsPeriodTests {
    let now = LocalDate(year: 2026, month: 11, day: 20).at(hour: 10, minute: 0)

    @Test func defaultsToTheCurrentVietnamMonth() throws {
        let period = try StatisticsPeriod(from: nil, to: nil, now: now)
        #expect(period.from == LocalDate(year: 2026, month: 11, day: 1))
        #expect(period.to == LocalDate(year: 2026, month: 11, day: 30))
        // 23:30 UTC on 31 October is already 1 November in Vietnam.
        let lateUTC = LocalDate(year: 2026, month: 11, day: 1).at(hour: 6, minute: 30)
        #expect(try StatisticsPeriod(from: nil, to: nil, now: lateUTC).from.month == 11)
    }

    @Test func boundsAreWholeVietnamDaysBothIncluded() {
        let period = StatisticsPeriod(from: LocalDate(year: 2026, month: 11, day: 1), to: LocalDate(year: 2026, month: 11, day: 30))
        #expect(period.start == LocalDate(year: 2026, month: 11, day: 1).at(hour: 0, minute: 0))
        #expect(period.end == LocalDate(year: 2026, month: 12, day: 1).at(hour: 0, minute: 0))
    }

    @Test func badDatesAreRefusedInVietnamese() {
        for (from, to) in [("2026-13-01", "2026-11-30"), ("01/11/2026", nil), ("2026-11-30", "2026-11-01"), ("1999-01-01", nil)] {
            #expect(throws: AppError.self) { _ = try StatisticsPeriod(from: from, to: to, now: now) }
        }
        do {
            _ = try StatisticsPeriod(from: "2026-02-30", to: nil, now: now)
            Issue.record("30 February was accepted")
        } catch let error as AppError {
            #expect(error.status == .badRequest)
            #expect(error.message.contains("YYYY-MM-DD"))
        } catch { Issue.record("unexpected \(error)") }
    }
}

/// The Đà Lạt scenario: dossiers with known timeliness, made through the API with the clock pinned.
/// November 2026: Monday 2 → appointment of the 3-day procedure Thursday 5, 17:00.
private func seedNovember(_ app: Application) async throws {
    let reception = try await app.bearer("tiepnhan")
    let specialist = try await app.bearer("chuyenvien")
    let leader = try await app.bearer("lanhdao")
    let reception2 = try await app.bearer("tiepnhan2")
    func at(_ day: Int, _ hour: Int, month: Int = 11) { app.clock.set(LocalDate(year: 2026, month: month, day: day).at(hour: hour, minute: 0)) }
    func create(_ procedure: String = threeDayProcedure, channel: String = "counter", token: String? = nil) async throws -> String {
        let body = IntakeBody(procedureCode: procedure, applicant: applicantJSON(), channel: channel)
        return try #require(try await app.createDossier(token: token ?? reception, body: body)).code
    }
    func move(_ code: String, _ token: String, _ fields: [String: String]) async throws {
        let (status, _, error) = try await app.move(code, token: token, fields)
        #expect(status == .ok, "\(fields) on \(code): \(error ?? "")")
    }

    at(30, 9, month: 10)   // last month: outside the period
    let older = try await create()
    try await move(older, specialist, ["action": "start"])
    try await move(older, leader, ["action": "resolve"])

    at(2, 9)
    let early = try await create(), onTime = try await create(), late = try await create(channel: "post"), overdue = try await create()
    let sameDay = try await create(ownAgencyProcedure)
    _ = try await create("2.000575.000.00.00.H36", token: reception2)   // Đức Trọng: another subtree
    at(2, 10)
    for code in [early, onTime, late, overdue, sameDay] { try await move(code, specialist, ["action": "start"]) }
    at(2, 14)
    try await move(sameDay, leader, ["action": "resolve"])                 // same-day procedure, by 17:00: on time
    at(3, 10)
    try await move(early, leader, ["action": "resolve"])                   // before Thursday: early
    at(3, 11)
    try await move(early, reception, ["action": "return", "delivery": "counter"])
    at(5, 10)
    try await move(onTime, leader, ["action": "resolve"])                  // Thursday by 17:00: on time
    at(6, 9)
    try await move(late, leader, ["action": "resolve"])                    // Friday: late

    at(19, 9)
    _ = try await create()                                                 // appointment Monday 24: within time
    let waiting = try await create()
    _ = try await create(channel: "online")                                // awaiting the counter's check (status 1): not received yet
    let checkedOnline = try await create(channel: "online")
    at(19, 10)
    try await move(checkedOnline, reception, ["action": "accept"])        // received online, appointment Monday 24
    try await move(waiting, specialist, ["action": "start"])
    try await app.testing().test(.POST, "/api/v1/dossiers/\(waiting)/transitions", headers: ["Authorization": "Bearer \(specialist)"], beforeRequest: { req in
        try req.content.encode(TransitionInput(action: "request-supplement", missing: ["Tờ khai theo mẫu"]))
    }, afterResponse: { res in #expect(res.status == .ok, "\(res.body.string)") })   // status 5: waiting for the applicant
    at(20, 10)
}

private func statistics(_ app: Application, token: String, query: String) async throws -> (HTTPStatus, AgencyStatistics?, String?) {
    var result: (HTTPStatus, AgencyStatistics?, String?) = (.internalServerError, nil, nil)
    try await app.testing().test(.GET, "/api/v1/statistics\(query)", headers: ["Authorization": "Bearer \(token)"]) { res in
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        result = (res.status, try? decoder.decode(AgencyStatistics.self, from: Data(res.body.readableBytesView)), res.apiError?.error.message)
    }
    return result
}

@Suite("Statistics API and dashboard")
struct StatisticsAPITests {
    @Test func countsTheSubtreeForThePeriodExactly() async throws {
        try await withMotCua { app in
            let leader = try await app.bearer("lanhdao")
            try await seedNovember(app)

            let (status, body, _) = try await statistics(app, token: leader, query: "?from=2026-11-01&to=2026-11-30")

            #expect(status == .ok)
            let stats = try #require(body)
            #expect(stats.agency.code == "000.00.21.H36")
            #expect(stats.from == "2026-11-01" && stats.to == "2026-11-30")
            #expect(stats.received.total == 8)
            #expect(stats.received.byChannel.counter == 6 && stats.received.byChannel.post == 1 && stats.received.byChannel.online == 1)
            #expect(stats.resolved.total == 4)
            #expect(stats.resolved.early.count == 1 && stats.resolved.early.percent == 25.0)
            #expect(stats.resolved.onTime.count == 2 && stats.resolved.onTime.percent == 50.0)
            #expect(stats.resolved.late.count == 1 && stats.resolved.late.percent == 25.0)
            #expect(stats.resolved.onTimeRate == 75.0)
            #expect(stats.open.withinTime == 2 && stats.open.overdue == 1)
            #expect(stats.open.waitingSupplement == 1 && stats.open.awaitingIntake == 1 && stats.open.total == 5)
            #expect(stats.returned == 1)

            // One definition (issue 13): the dashboard's flows are the periodic report's.
            let report = try await ReportClient(app: app).report(leader, "from=2026-11-01&to=2026-11-30").total
            #expect(report.receivedCounter + report.receivedOnline + report.receivedPost == stats.received.total)
            #expect(report.receivedOnline == stats.received.byChannel.online && report.receivedPost == stats.received.byChannel.post)
            #expect(report.resolvedEarly == stats.resolved.early.count && report.resolvedOnTime == stats.resolved.onTime.count)
            #expect(report.resolvedLate == stats.resolved.late.count && report.returned == stats.returned)
        }
    }

    @Test func aLeaderMayNarrowToAUnitOfTheSubtree() async throws {
        try await withMotCua { app in
            let leader = try await app.bearer("lanhdao")
            try await seedNovember(app)

            let (status, body, _) = try await statistics(app, token: leader, query: "?agency=000.02.21.H36&from=2026-11-01&to=2026-11-30")

            #expect(status == .ok)
            let stats = try #require(body)
            // Everything but the same-day procedure, which Đà Lạt's committee handles itself.
            #expect(stats.received.total == 7)
            #expect(stats.resolved.total == 3)
            #expect([stats.resolved.early.percent, stats.resolved.onTime.percent, stats.resolved.late.percent] == [33.4, 33.3, 33.3])
        }
    }

    @Test func aLeaderSeesTheirSubtreeOthersAre404AndOtherRolesAre403() async throws {
        try await withMotCua { app in
            let leader = try await app.bearer("lanhdao")
            let specialist = try await app.bearer("chuyenvien")
            let otherReception = try await app.bearer("tiepnhan2")
            try await seedNovember(app)

            let own = try await statistics(app, token: leader, query: "?from=2026-11-01&to=2026-11-30")
            let province = try await statistics(app, token: leader, query: "?agency=000.00.00.H36")
            let neighbour = try await statistics(app, token: leader, query: "?agency=000.00.27.H36")
            // The API follows the dashboard: leaders and administrators only (README, "Who may do what").
            let notLeaders = [try await statistics(app, token: specialist, query: "?from=2026-11-01&to=2026-11-30"),
                              try await statistics(app, token: otherReception, query: "")]

            #expect(own.0 == .ok && own.1?.received.total == 8)
            #expect(province.0 == .notFound)
            #expect(neighbour.0 == .notFound && neighbour.2?.contains("000.00.27.H36") == true)
            #expect(notLeaders.allSatisfy { $0.0 == .forbidden })
        }
    }

    @Test func defaultPeriodIsTheCurrentMonthAndBadDatesAre400() async throws {
        try await withMotCua { app in
            let leader = try await app.bearer("lanhdao")
            try await seedNovember(app)

            let current = try await statistics(app, token: leader, query: "")
            let badDate = try await statistics(app, token: leader, query: "?from=2026-11-31")
            let reversed = try await statistics(app, token: leader, query: "?from=2026-11-30&to=2026-11-01")
            var anonymous: HTTPStatus = .ok
            try await app.testing().test(.GET, "/api/v1/statistics") { anonymous = $0.status }

            #expect(current.0 == .ok && current.1?.from == "2026-11-01" && current.1?.to == "2026-11-30" && current.1?.received.total == 8)
            #expect(badDate.0 == .badRequest && badDate.2?.contains("2026-11-31") == true)
            #expect(reversed.0 == .badRequest && reversed.2?.contains("phải trước") == true)
            #expect(anonymous == .unauthorized)
        }
    }

    /// Issue 8: the table by unit adds up to the headline (the agency's own dossiers have a row of their own) and an
    /// intake refused at the counter (slip 03) is counted apart, never as received.
    @Test func unitRowsAddUpToTheHeadlineAndCounterRefusalsAreNotReceived() async throws {
        try await withMotCua { app in
            try await seedNovember(app)
            app.clock.set(LocalDate(year: 2026, month: 11, day: 3).at(hour: 9, minute: 0))
            var refusal = IntakeBody(procedureCode: threeDayProcedure, applicant: applicantJSON(7), channel: "counter")
            refusal.outcome = "refuse"
            refusal.reason = "Hồ sơ không thuộc thẩm quyền giải quyết"
            _ = try await app.createDossier(token: try await app.bearer("tiepnhan"), body: refusal)
            app.clock.set(LocalDate(year: 2026, month: 11, day: 20).at(hour: 10, minute: 0))

            let (status, body, _) = try await statistics(app, token: try await app.bearer("lanhdao"), query: "?from=2026-11-01&to=2026-11-30")
            let leader = WebSession(app: app)
            _ = try await leader.login("lanhdao")
            let html = try await leader.get("/thong-ke?agency=000.00.21.H36&from=2026-11-01&to=2026-11-30").body.string

            #expect(status == .ok)
            let stats = try #require(body)
            #expect(stats.received.total == 8)
            #expect(stats.notAccepted == 1)
            let table = try #require(html.components(separatedBy: "id=\"stats-children\"").last?.components(separatedBy: "</tbody>").first)
            let rows = table.components(separatedBy: "<tr>").dropFirst(2)   // the header row, then the body rows
            let received = rows.compactMap { row -> Int? in
                guard let cell = row.components(separatedBy: "<td class=\"num\">").dropFirst().first else { return nil }
                return Int(cell.prefix { $0.isNumber })
            }
            #expect(received.reduce(0, +) == 8, "rows \(received) must add up to the headline")
            #expect(html.contains("Ủy ban nhân dân thành phố Đà Lạt (trực tiếp giải quyết)"))
            #expect(html.contains("Tiếp nhận: 8 hồ sơ"))
            #expect(html.contains("id=\"stats-not-accepted\">1<"))
            #expect(html.contains("id=\"stats-total-row\""))
        }
    }

    @Test func dashboardShowsTheFiguresToLeadersOnly() async throws {
        try await withMotCua { app in
            try await seedNovember(app)
            let leader = WebSession(app: app)
            _ = try await leader.login("lanhdao")
            let reception = WebSession(app: app)
            _ = try await reception.login("tiepnhan")

            let page = try await leader.get("/thong-ke?agency=000.00.21.H36&from=2026-11-01&to=2026-11-30")
            let refused = try await reception.get("/thong-ke")
            let bad = try await leader.get("/thong-ke?from=2026-11-31&to=2026-11-30")

            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("25,0%") && html.contains("50,0%") && html.contains("75,0%"))
            #expect(html.contains("Phòng Tài chính - Kế hoạch thành phố Đà Lạt"))   // the breakdown by unit
            #expect(html.contains("value=\"2026-11-01\""))
            #expect(refused.status == .forbidden)
            #expect(bad.status == .badRequest)
            #expect(bad.body.string.contains("value=\"2026-11-31\"") && bad.body.string.contains("YYYY-MM-DD"))
        }
    }
}
