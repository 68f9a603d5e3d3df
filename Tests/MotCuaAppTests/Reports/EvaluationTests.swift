import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

@Suite("Evaluation (Circular 01/2018): scores rolled up, equal to a count from the timelines")
struct EvaluationTests {
    @Test func aDossiersScoresFollowTheCircular() async throws {
        try await withMotCua { app in
            // setup: DOMAIN §5 — each indicator of a dossier scores 0, 1 or 2.
            let client = ReportClient(app: app)
            let agency = try #require(try await Agency.find(code: DemoSeed.homeAgencyCode, on: app.db))
            let procedure = try #require(try await Procedure.query(on: app.db).filter(\.$code == threeDayProcedure).first())
            let d = try client.dossier(1, procedure: procedure, agency: agency, received: reportTime(2026, 10, 1), appointment: reportTime(2026, 10, 6, 17))
            d.status = .returned
            d.timelinessCode = Timeliness.late.rawValue
            d.delivery = ResultDelivery.counter.rawValue

            // act / assert: filed at the counter, collected at the counter, one supplement brought = three visits.
            d.supplementRequests = 1
            d.supplementsReceived = 1
            var scores = DossierScores(DossierFacts(d))
            #expect(scores == DossierScores(supplement: 1, visits: 0, apology: 0, rating: nil))
            // Late, but an apology and a new date were issued beforehand; rated "bình thường".
            d.rescheduled = true
            d.ratingOverall = Rating.Level.neutral.rawValue
            scores = DossierScores(DossierFacts(d))
            #expect(scores == DossierScores(supplement: 1, visits: 0, apology: 1, rating: 1))
            // Online, result sent by post, no supplement, on time, satisfied: the best on every indicator.
            d.channel = DossierChannel.online.rawValue
            d.delivery = ResultDelivery.post.rawValue
            d.supplementRequests = nil
            d.supplementsReceived = nil
            d.timelinessCode = Timeliness.onTime.rawValue
            d.ratingOverall = Rating.Level.satisfied.rawValue
            #expect(DossierScores(DossierFacts(d)) == DossierScores(supplement: 2, visits: 2, apology: 2, rating: 2))
            // Two supplement requests, two visits (counter intake + one supplement): 0 and 1.
            d.channel = DossierChannel.counter.rawValue
            d.supplementRequests = 2
            d.supplementsReceived = 1
            #expect(DossierScores(DossierFacts(d)) == DossierScores(supplement: 0, visits: 1, apology: 2, rating: 2))
        }
    }

    @Test func rolledUpEvaluationEqualsACountFromTheTimelinesAndSurvivesTheMigration() async throws {
        try await withMotCua { app in
            // setup: a generated year (supplements, apologies, counter and online) and ratings given through the service.
            let client = ReportClient(app: app)
            let now = reportTime(2026, 11, 2, 9)
            app.clock.set(now)
            let calendar = try await CalendarService.workingCalendar(on: app.db, schedule: app.settings.schedule)
            _ = try await DossierGenerator(options: .init(count: 600, seed: 21, years: 1, now: now, transactionSize: 200), calendar: calendar).run(on: app.db)
            let returned = try await Dossier.query(on: app.db).filter(\.$statusCode == DossierStatus.returned.rawValue).sort(\.$code).limit(60).all()
            #expect(returned.count == 60)
            let levels = Rating.Level.allCases
            let request = Request(application: app, on: app.eventLoopGroup.next())
            for (index, dossier) in returned.enumerated() {
                let level = levels[index % levels.count].rawValue
                _ = try await RatingService.rate(dossier, input: .init(overall: level, attitude: level, comment: nil), officerID: nil,
                                                 channel: "online", request: request)
            }
            // A second rating of the same dossier is refused and counts nothing.
            await #expect(throws: AppError.self) {
                _ = try await RatingService.rate(returned[0], input: .init(overall: "satisfied", attitude: "satisfied", comment: nil),
                                                 officerID: nil, channel: "online", request: request)
            }
            let province = try await Agency.query(on: app.db).all()
            let periods = [try StatisticsPeriod(from: "2025-11-01", to: "2026-11-30", now: now),
                           try StatisticsPeriod(from: "2026-09-01", to: "2026-09-30", now: now)]

            // act
            var rolledUp: [[UUID: AgencyEvaluation.Sums]] = []
            for period in periods { rolledUp.append(try await AgencyEvaluation.sums(agencyIDs: province.compactMap(\.id), period: period, on: app.db)) }

            // assert: the same sums as a count over the timelines and the ratings, per agency and period.
            for (period, sums) in zip(periods, rolledUp) {
                let counted = try await timelineSums(period: period, on: app.db)
                #expect(sums == counted, "\(period.label)")
            }
            // The year holds every kind of score: ratings, supplements asked, late ones.
            let year = try #require(rolledUp.first)
            #expect(year.values.contains { $0.rated > 0 } && year.values.contains { $0.supplement < 2 * $0.n } && year.values.contains { $0.apology < 2 * $0.n })
            #expect(try await client.verify().isEmpty)
            // The officers' figures (from the generator's timelines, rebuilt after the load) equal a count of the events.
            let officers = try await User.query(on: app.db).all().compactMap(\.id)
            var officerYear: [UUID: OfficerRollups.Counters] = [:]
            for period in periods {
                let rolled = try await OfficerRollups.sums(officerIDs: officers, buckets: RollupDay.cover(from: period.from, to: period.to), on: app.db)
                    .filter { !$0.value.allSatisfy { $0 == 0 } }
                let counted = try await timelineOfficerCounts(period: period, on: app.db)
                #expect(rolled == counted, "\(period.label)")
                if officerYear.isEmpty { officerYear = rolled }
            }
            #expect(officerYear.values.contains { OfficerRollups.value($0, .received) > 0 }
                    && officerYear.values.contains { OfficerRollups.value($0, .resolvedEarly) + OfficerRollups.value($0, .resolvedOnTime) > 0 })
            #expect(try await client.verifyOfficers().isEmpty)

            // A database from before the evaluation roll-ups (no counters on the rows, no score columns): the migration
            // fills the counters from the timelines and the ratings, and rebuilds the roll-ups to the same figures.
            let sql = try #require(app.db as? SQLDatabase)
            try await sql.raw("UPDATE dossiers SET supplement_requests = NULL, supplements_received = NULL, rating_overall = NULL").run()
            try await sql.raw("DELETE FROM dossier_rollups").run()
            try await AddEvaluationRollups.fill(on: app.db)
            for (period, sums) in zip(periods, rolledUp) {
                #expect(try await AgencyEvaluation.sums(agencyIDs: province.compactMap(\.id), period: period, on: app.db) == sums)
            }
            #expect(try await client.verify().isEmpty)
        }
    }

    @Test func theEvaluationPageShowsTheRolledUpMeans() async throws {
        try await withMotCua { app in
            // setup: one agency, October 2026: two dossiers early with no supplement, one late without apology.
            let client = ReportClient(app: app)
            app.clock.set(reportTime(2026, 11, 20))
            let agency = try #require(try await Agency.find(code: DemoSeed.homeAgencyCode, on: app.db))
            let procedure = try #require(try await Procedure.query(on: app.db).filter(\.$code == threeDayProcedure).first())
            var dossiers: [Dossier] = []
            for index in 0..<3 {
                let d = try client.dossier(index, procedure: procedure, agency: agency, received: reportTime(2026, 10, 5, 8),
                                           appointment: reportTime(2026, 10, 8, 17))
                d.status = .resolved
                d.resolvedAt = reportTime(2026, 10, index < 2 ? 7 : 12)
                d.timelinessCode = (index < 2 ? Timeliness.early : .late).rawValue
                d.statusAt = d.resolvedAt
                dossiers.append(d)
            }
            try await client.insert(dossiers)

            // act
            let leader = WebSession(app: app)
            try await leader.login("lanhdao")
            let response = try await leader.get("/bao-cao/danh-gia?from=2026-10-01&to=2026-10-31&agency=\(agency.code)")

            // assert: 3 dossiers; (1) (2+2+0)/3 = 1,3; (2) entered; (3) none asked = 2; (4) one counter visit each = 2;
            // (5) (2+2+0)/3 = 1,3; (6), (7) entered; (8) nobody rated; (9) entered; mean 1,65 × 9 = 14,9: good.
            #expect(response.status == .ok)
            let page = response.body.string
            let row = try #require(page.range(of: "<th scope=\"row\">\(agency.name)").map { String(page[$0.lowerBound...].prefix(while: { $0 != "\n" })) })
            let cells = row.components(separatedBy: "<td class=\"num\">").dropFirst().map { cell in
                cell.components(separatedBy: "</td>")[0].replacingOccurrences(of: #"<[^>]+>"#, with: "", options: .regularExpression)
            }
            #expect(Array(cells.prefix(10)) == ["3", "1,3", "nhập tay", "2", "2", "1,3", "nhập tay", "nhập tay", "–", "nhập tay"], "\(cells)")
            #expect(row.contains("<td>Tốt</td>"), "\(row)")
        }
    }

    @Test func officersMovesRollUpAsTheyHappen() async throws {
        try await withMotCua { app in
            // setup: at the counter of Đà Lạt, tiepnhan takes in two dossiers and accepts one filed online; chuyenvien
            // starts one, lanhdao resolves it.
            let processing = ProcessingClient(app: app)
            let o = try await processing.at(processingMorning)
            let first = try await processing.intake(o.reception)
            _ = try await processing.intake(o.reception, applicant: 2)
            let online = try await processing.intake(o.reception, channel: "online", applicant: 3)
            try await processing.mustMove(online, token: o.reception, TransitionInput(action: "accept"))
            try await processing.mustMove(first, token: o.specialist, TransitionInput(action: "start"))
            try await processing.mustMove(first, token: o.leader, TransitionInput(action: "resolve"))

            // act
            let day = LocalDate(processingMorning)
            let agency = try #require(try await Agency.find(code: DemoSeed.homeAgencyCode, on: app.db))
            let subtree = try await Agency.query(on: app.db).all().filter { $0.path.hasPrefix(agency.path) }
            let supervision = try await OfficerSupervision.build(agencies: subtree, period: StatisticsPeriod(from: day, to: day), on: app.db)
            let byUsername = Dictionary(supervision.rows.map { ($0.username, $0) }, uniquingKeysWith: { a, _ in a })

            // assert: three received (a counter intake's acceptance is the same dossier; an online one is received when
            // accepted, as in the report), moves = events written.
            let reception = try #require(byUsername["tiepnhan"])
            #expect(reception.received == 3 && reception.moves == 6, "\(reception)")   // 3 intakes, 2 counter acceptances, 1 acceptance
            let specialist = try #require(byUsername["chuyenvien"])
            #expect(specialist.received == 0 && specialist.moves == 1)
            let leader = try #require(byUsername["lanhdao"])
            #expect(leader.moves == 1 && leader.early + leader.onTime + leader.late == 1 && leader.early == 1)
            #expect(try await ReportClient(app: app).verifyOfficers().isEmpty)
        }
    }

    /// The officers' figures counted from the timelines: per actor, events of the period.
    private func timelineOfficerCounts(period: StatisticsPeriod, on db: Database) async throws -> [UUID: OfficerRollups.Counters] {
        let sql = try #require(db as? SQLDatabase)
        struct Row: Decodable { let actor: UUID; let received: Int?; let moves: Int; let early: Int?; let on_time: Int?; let late: Int? }
        var out: [UUID: OfficerRollups.Counters] = [:]
        for row in try await sql.raw("""
            SELECT e.actor_id AS actor,
              SUM(CASE WHEN (e.action = 'intake' AND d.channel <> 'online') OR (e.action = 'accept' AND d.channel = 'online') THEN 1 ELSE 0 END) AS received,
              COUNT(*) AS moves,
              SUM(CASE WHEN e.action = 'resolve' AND d.timeliness = 'early' THEN 1 ELSE 0 END) AS early,
              SUM(CASE WHEN e.action = 'resolve' AND d.timeliness = 'on_time' THEN 1 ELSE 0 END) AS on_time,
              SUM(CASE WHEN e.action = 'resolve' AND (d.timeliness IS NULL OR d.timeliness NOT IN ('early', 'on_time')) THEN 1 ELSE 0 END) AS late
            FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
            WHERE e.actor_id IS NOT NULL AND e.at >= \(bind: period.start) AND e.at < \(bind: period.end)
            GROUP BY e.actor_id
            """).all(decoding: Row.self) {
            out[row.actor] = [row.received ?? 0, row.moves, row.early ?? 0, row.on_time ?? 0, row.late ?? 0]
        }
        return out
    }

    /// The evaluation as it was counted before the roll-ups: per dossier resolved in the period, from its timeline and
    /// its rating.
    private func timelineSums(period: StatisticsPeriod, on db: Database) async throws -> [UUID: AgencyEvaluation.Sums] {
        let sql = try #require(db as? SQLDatabase)
        struct Row: Decodable { let agency: UUID; let n: Int; let time: Int?; let supplement: Int?; let visits: Int?; let apology: Int?; let rated: Int?; let rating: Int? }
        var out: [UUID: AgencyEvaluation.Sums] = [:]
        for row in try await sql.raw("""
            SELECT handling_agency_id AS agency, COUNT(*) AS n,
              SUM(CASE timeliness WHEN 'early' THEN 2 WHEN 'on_time' THEN 1 ELSE 0 END) AS time,
              SUM(CASE WHEN sup = 0 THEN 2 WHEN sup = 1 THEN 1 ELSE 0 END) AS supplement,
              SUM(CASE WHEN visits <= 1 THEN 2 WHEN visits = 2 THEN 1 ELSE 0 END) AS visits,
              SUM(CASE WHEN timeliness <> 'late' THEN 2 WHEN rescheduled THEN 1 ELSE 0 END) AS apology,
              SUM(CASE WHEN rating IS NULL THEN 0 ELSE 1 END) AS rated,
              SUM(CASE rating WHEN 'satisfied' THEN 2 WHEN 'neutral' THEN 1 ELSE 0 END) AS rating
            FROM (
              SELECT d.handling_agency_id, d.timeliness, d.rescheduled,
                (SELECT COUNT(*) FROM dossier_events e WHERE e.dossier_id = d.id AND e.action = 'request-supplement') AS sup,
                (CASE WHEN d.channel = 'counter' THEN 1 ELSE 0 END) + (CASE WHEN d.delivery = 'counter' THEN 1 ELSE 0 END)
                  + (SELECT COUNT(*) FROM dossier_events e WHERE e.dossier_id = d.id AND e.action = 'supplement') AS visits,
                (SELECT r.overall FROM ratings r WHERE r.dossier_id = d.id ORDER BY r.created_at DESC LIMIT 1) AS rating
              FROM dossiers d
              WHERE d.resolved_at >= \(bind: period.start) AND d.resolved_at < \(bind: period.end) AND d.status IN (9, 10)
            ) x
            GROUP BY handling_agency_id
            """).all(decoding: Row.self) {
            out[row.agency] = AgencyEvaluation.Sums(n: row.n, time: row.time ?? 0, supplement: row.supplement ?? 0, visits: row.visits ?? 0,
                                                    apology: row.apology ?? 0, rated: row.rated ?? 0, rating: row.rating ?? 0)
        }
        return out
    }
}
