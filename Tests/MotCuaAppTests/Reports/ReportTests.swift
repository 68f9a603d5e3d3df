import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

@Suite("Reports: roll-ups and the periodic report")
struct ReportTests {
    @Test func bucketCoversAreShortAndExact() {
        let cover = RollupDay.cover(from: LocalDate(year: 2025, month: 11, day: 29), to: LocalDate(year: 2027, month: 2, day: 2))
        #expect(cover == [20251129, 20251130, 20251200, 20260000, 20270100, 20270201, 20270202])
        #expect(RollupDay.cover(from: LocalDate(year: 2026, month: 3, day: 1), to: LocalDate(year: 2026, month: 3, day: 31)) == [20260300])
        let prefix = RollupDay.prefix(through: LocalDate(year: 2026, month: 12, day: 31))
        #expect(prefix.count == 2026 - RollupDay.firstYear + 1)
    }

    @Test func daLatProportionsAreReportedExactly() async throws {
        try await withMotCua { app in
            // setup: DOMAIN §4 — Đà Lạt, 8,114 dossiers resolved in October 2026: 5,420 early, 2,690 on time, 4 late.
            let client = ReportClient(app: app)
            app.clock.set(reportTime(2026, 11, 20))
            let agency = try #require(try await Agency.find(code: DemoSeed.homeAgencyCode, on: app.db))
            let procedure = try #require(try await Procedure.query(on: app.db).filter(\.$code == threeDayProcedure).first())
            var dossiers: [Dossier] = []
            for index in 0..<8_114 {
                let day = 1 + index % 28
                let d = try client.dossier(index, procedure: procedure, agency: agency, received: reportTime(2026, 10, day, 8),
                                           appointment: reportTime(2026, 10, day, 17).addingTimeInterval(3 * 86_400))
                d.status = .returned
                d.resolvedAt = reportTime(2026, 10, day, 9).addingTimeInterval(index < 5_420 ? 86_400 : 3 * 86_400)
                d.returnedAt = d.resolvedAt?.addingTimeInterval(3_600)
                d.timelinessCode = (index < 5_420 ? Timeliness.early : index < 8_110 ? .onTime : .late).rawValue
                d.statusAt = d.returnedAt
                dossiers.append(d)
            }
            try await client.insert(dossiers)

            // act
            let leader = try await app.bearer("lanhdao")
            let report = try await client.report(leader, "from=2026-10-01&to=2026-10-31&groupBy=field")

            // assert
            let t = report.total
            #expect(t.received == 8_114 && t.receivedCounter == 8_114 && t.carriedOver == 0)
            #expect(t.resolved == 8_114 && t.resolvedEarly == 5_420 && t.resolvedOnTime == 2_690 && t.resolvedLate == 4)
            #expect(t.resolvedEarlyRate == 66.8 && t.resolvedOnTimeRate == 33.15 && t.resolvedLateRate == 0.05)
            #expect(t.onTimeRate == 100.0)
            #expect(t.returned == 8_114 && t.awaitingCollection == 0 && t.inProgressWithinTime == 0)
            var sum = ReportFigures()
            report.rows.forEach { sum.add($0.values) }
            #expect(sum == t)
            // The province's leader sees the same dossiers in the whole province; the next month carries nothing over.
            let province = try await client.report(try await app.bearer("lanhdaotinh"), "from=2026-10-01&to=2026-10-31&groupBy=agency")
            #expect(province.total.resolvedEarly == 5_420 && province.agency.code == DemoSeed.provinceAgencyCode)
            let november = try await client.report(leader, "from=2026-11-01&to=2026-11-30")
            #expect(november.total.carriedOver == 0 && november.total.resolved == 0)
            #expect(try await client.verify().isEmpty)
        }
    }

    @Test func forwardedDossierCountsOnceAtTheHandlingAgency() async throws {
        try await withMotCua { app in
            // setup: received at Đà Lạt, forwarded to Đức Trọng, resolved there.
            let client = ReportClient(app: app)
            let agency = try #require(try await Agency.find(code: DemoSeed.homeAgencyCode, on: app.db))
            let procedure = try #require(try await Procedure.query(on: app.db).filter(\.$code == threeDayProcedure).first())
            let d = try client.dossier(1, procedure: procedure, agency: agency, received: reportTime(2026, 11, 2, 8), appointment: reportTime(2026, 11, 5, 17))
            try await client.insert([d])
            try await client.transition(d.code, TransitionInput(action: "start"), by: "chuyenvien", at: reportTime(2026, 11, 2, 9))
            try await client.transition(d.code, TransitionInput(action: "forward", toAgency: DemoSeed.secondAgencyCode), by: "lanhdao", at: reportTime(2026, 11, 3, 9))
            try await client.transition(d.code, TransitionInput(action: "resolve"), by: "lanhdaotinh", at: reportTime(2026, 11, 4, 9))
            app.clock.set(reportTime(2026, 11, 20))

            // act
            let report = try await client.report(try await app.bearer("lanhdaotinh"), "from=2026-11-01&to=2026-11-30&groupBy=agency")
            let daLat = try await client.report(try await app.bearer("lanhdao"), "from=2026-11-01&to=2026-11-30")

            // assert
            #expect(report.total.received == 1 && report.total.resolved == 1 && report.total.resolvedEarly == 1)
            #expect(report.rows.map(\.key) == [DemoSeed.secondAgencyCode])
            #expect(daLat.total.received == 0 && daLat.total.resolved == 0)
            #expect(try await client.verify().isEmpty)
        }
    }

    @Test func verifyAgreesAfterARandomMixOfMovesAndFindsTampering() async throws {
        try await withMotCua { app in
            // setup: generated history (bulk load + catch-up), then random moves through the status machine.
            let client = ReportClient(app: app)
            let now = reportTime(2026, 11, 2, 9)
            app.clock.set(now)
            let calendar = try await CalendarService.workingCalendar(on: app.db, schedule: app.settings.schedule)
            _ = try await DossierGenerator(options: .init(count: 400, seed: 13, years: 1, now: now, transactionSize: 200), calendar: calendar).run(on: app.db)
            #expect(try await client.verify().isEmpty)
            // …and fresh ones through intake's hook: accepted at the counter, or submitted online and not yet checked.
            let agency = try #require(try await Agency.find(code: DemoSeed.homeAgencyCode, on: app.db))
            let procedure = try #require(try await Procedure.query(on: app.db).filter(\.$code == threeDayProcedure).first())
            var fresh: [Dossier] = []
            for index in 0..<40 {
                let d = try client.dossier(index, procedure: procedure, agency: agency, received: now, appointment: reportTime(2026, 11, 5, 17))
                if index % 4 == 0 {
                    d.status = .new
                    d.wasAccepted = false
                    d.appointmentAt = nil
                    d.channel = DossierChannel.online.rawValue
                }
                fresh.append(d)
            }
            try await client.insert(fresh)
            let open = try await Dossier.query(on: app.db).filter(\.$handlingAgencyPath =~ "/000.00.00.H36/")
                .filter(\.$statusCode ~~ [1, 2, 4, 5, 6, 9]).sort(\.$code).all()
            var rng = SeededRandom(seed: 7)
            // Per status, the moves a person could try (some are still refused: the supplement window, the last step).
            let moves: [Int: [(String, TransitionInput)]] = [
                1: [("tiepnhan", TransitionInput(action: "accept")), ("tiepnhan", TransitionInput(action: "refuse", reason: "Sai thẩm quyền.")),
                    ("tiepnhan", TransitionInput(action: "withdraw", reason: "Rút."))],
                2: [("chuyenvien", TransitionInput(action: "start")), ("tiepnhan", TransitionInput(action: "withdraw", reason: "Rút."))],
                4: [("lanhdao", TransitionInput(action: "forward", toAgency: DemoSeed.secondAgencyCode)),
                    ("chuyenvien", TransitionInput(action: "request-supplement", missing: ["Tờ khai"])),
                    ("chuyenvien", TransitionInput(action: "request-fees", feeAmount: 50_000)),
                    ("lanhdao", TransitionInput(action: "resolve")), ("lanhdao", TransitionInput(action: "resolve")),
                    ("lanhdao", TransitionInput(action: "stop", reason: "Giấy tờ giả.")), ("tiepnhan", TransitionInput(action: "withdraw", reason: "Rút."))],
                5: [("tiepnhan", TransitionInput(action: "supplement")), ("tiepnhan", TransitionInput(action: "withdraw", reason: "Rút."))],
                6: [("tiepnhan", TransitionInput(action: "fees-paid")), ("lanhdao", TransitionInput(action: "resolve"))],
                9: [("tiepnhan", TransitionInput(action: "return", delivery: "counter"))],
            ]
            var applied = 0
            for step in 0..<300 where !open.isEmpty {
                let code = open[rng.below(open.count)].code
                guard let current = try await Dossier.query(on: app.db).filter(\.$code == code).first(),
                      let choices = moves[current.statusCode], !choices.isEmpty else { continue }
                let move = choices[rng.below(choices.count)]
                do {
                    try await client.transition(code, move.1, by: move.0, at: now.addingTimeInterval(Double(step) * 1_800))
                    applied += 1
                } catch {}   // a refused move changes nothing
            }
            #expect(applied > 60)

            // act / assert: the roll-ups equal a recount (the officers' too), and the report balances.
            #expect(try await client.verify().isEmpty)
            #expect(try await client.verifyOfficers().isEmpty)
            app.clock.set(now.addingTimeInterval(300 * 1_800))
            let leader = try await app.bearer("lanhdaotinh")
            var totals: [ReportFigures] = []
            for grouping in DossierReport.Grouping.allCases {
                let report = try await client.report(leader, "from=2025-01-01&to=2026-12-31&groupBy=\(grouping.rawValue)")
                var sum = ReportFigures()
                report.rows.forEach { sum.add($0.values) }
                #expect(sum == report.total, "\(grouping)")
                totals.append(report.total)
            }
            #expect(Set(totals.map(\.counts)).count == 1)
            let t = try #require(totals.first)
            #expect(t.received == t.resolved + t.stopped + t.withdrawn + t.inProgressWithinTime + t.inProgressOverdue + t.waitingSupplement)
            // An independent recount of one column, straight from the rows.
            let sql = try #require(app.db as? SQLDatabase)
            struct Count: Decodable { let n: Int }
            let early = try await sql.raw("SELECT COUNT(*) AS n FROM dossiers WHERE timeliness = 'early' AND status IN (9, 10) AND was_accepted = \(bind: true)")
                .first(decoding: Count.self)
            #expect(early?.n == t.resolvedEarly)

            // A changed roll-up row is found, and a rebuild repairs it.
            try await sql.raw("UPDATE dossier_rollups SET resolved_early = resolved_early + 1 WHERE bucket = (SELECT MAX(bucket) FROM dossier_rollups WHERE resolved_early > 0 AND bucket % 100 <> 0)").run()
            let found = try await client.verify()
            #expect(!found.isEmpty && found.allSatisfy { $0.column == .resolvedEarly && $0.stored == $0.recounted + 1 })
            try await DossierRollups.rebuild(on: app.db)
            #expect(try await client.verify().isEmpty)
        }
    }

    @Test func exportsAndRefusals() async throws {
        try await withMotCua { app in
            let client = ReportClient(app: app)
            app.clock.set(reportTime(2026, 11, 20))
            let leader = try await app.bearer("lanhdao")
            var csv = Data(), xlsx = Data()
            try await app.testing().test(.GET, "/api/v1/reports/dossiers?from=2026-11-01&to=2026-11-30&format=csv", headers: ["Authorization": "Bearer \(leader)"]) { res in
                #expect(res.status == .ok)
                #expect(res.headers.contentType?.subType == "csv")
                csv = Data(res.body.readableBytesView)
            }
            #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(String(decoding: csv, as: UTF8.self).contains("Tổng số hồ sơ tiếp nhận"))
            try await app.testing().test(.GET, "/api/v1/reports/dossiers?from=2026-11-01&to=2026-11-30&format=xlsx&groupBy=agency", headers: ["Authorization": "Bearer \(leader)"]) { res in
                #expect(res.status == .ok)
                xlsx = Data(res.body.readableBytesView)
            }
            #expect(Array(xlsx.prefix(2)) == [0x50, 0x4B])
            for query in ["groupBy=month", "format=pdf", "from=2026-13-01", "from=2026-11-30&to=2026-11-01"] {
                #expect(try await client.status(leader, "/api/v1/reports/dossiers?\(query)").0 == .badRequest, "\(query)")
            }
            #expect(try await client.status(leader, "/api/v1/reports/dossiers?agency=000.00.00.H36").0 == .notFound)
            #expect(try await client.status(try await app.bearer("tiepnhan"), "/api/v1/reports/dossiers").0 == .forbidden)
            #expect(try await client.status(nil, "/api/v1/reports/dossiers").0 == .unauthorized)
        }
    }

    @Test func publicStatisticsAreOpenAndCacheable() async throws {
        try await withMotCua { app in
            let client = ReportClient(app: app)
            app.clock.set(reportTime(2026, 11, 20))
            let agency = try #require(try await Agency.find(code: DemoSeed.homeAgencyCode, on: app.db))
            let procedure = try #require(try await Procedure.query(on: app.db).filter(\.$code == threeDayProcedure).first())
            var dossiers: [Dossier] = []
            for index in 0..<2_948 {
                let d = try client.dossier(index, procedure: procedure, agency: agency, received: reportTime(2026, 10, 5, 8), appointment: reportTime(2026, 10, 8, 17))
                d.status = .resolved
                d.resolvedAt = reportTime(2026, 10, index < 2_930 ? 7 : 9, 9)
                d.timelinessCode = (index < 2_930 ? Timeliness.early : .late).rawValue
                d.rescheduled = index >= 2_940
                d.statusAt = d.resolvedAt
                dossiers.append(d)
            }
            try await client.insert(dossiers)
            var etag = ""
            try await app.testing().test(.GET, "/api/v1/public/statistics?agency=\(DemoSeed.homeAgencyCode)&from=2026-10-01&to=2026-10-31") { res in
                #expect(res.status == .ok)
                #expect(res.headers.first(name: .cacheControl)?.contains("max-age") == true)
                etag = res.headers.first(name: .eTag) ?? ""
                let text = res.body.string
                #expect(text.contains("99,39% hồ sơ giải quyết đúng hạn và trước hạn"))
                #expect(!text.contains("Nguyễn Văn An"))
                let stats = try JSONDecoder().decode(PublicStatisticsProbe.self, from: Data(res.body.readableBytesView))
                #expect(stats.lateCount == 18 && stats.lateDossiers.count == 18)
                #expect(stats.lateDossiers.filter(\.apologyIssued).count == 8)
            }
            #expect(!etag.isEmpty)
            try await app.testing().test(.GET, "/api/v1/public/statistics?agency=\(DemoSeed.homeAgencyCode)&from=2026-10-01&to=2026-10-31",
                                         headers: ["If-None-Match": etag]) { res in
                #expect(res.status == .notModified)
            }
            let page = try await client.status(nil, "/cong-khai?agency=\(DemoSeed.homeAgencyCode)&from=2026-10-01&to=2026-10-31")
            #expect(page.0 == .ok && page.1.contains("99,39% hồ sơ giải quyết đúng hạn và trước hạn") && page.1.contains("<svg"))
            #expect(try await client.status(nil, "/api/v1/public/statistics?agency=000.99.99.H99").0 == .notFound)
        }
    }
}

private struct PublicStatisticsProbe: Decodable {
    struct Late: Decodable { let code: String; let apologyIssued: Bool }
    let lateCount: Int
    let lateDossiers: [Late]
}
