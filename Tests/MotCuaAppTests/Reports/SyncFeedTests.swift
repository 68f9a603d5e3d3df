import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

@Suite("Sync feed for the national portal")
struct SyncFeedTests {
    struct Page: Decodable {
        struct Item: Decodable {
            struct Status: Decodable { let code: Int }
            let code: String
            let procedureCode: String
            let agencyCode: String
            let status: Status
            let channel: String
        }
        let items: [Item]
        let next: String
    }

    func page(_ app: Application, _ token: String, since: String?, limit: Int) async throws -> Page {
        var body = Data()
        let query = "limit=\(limit)" + (since.map { "&since=\($0)" } ?? "")
        try await app.testing().test(.GET, "/api/v1/sync/changes?\(query)", headers: ["Authorization": "Bearer \(token)"]) { res in
            #expect(res.status == .ok, "\(res.body.string)")
            body = Data(res.body.readableBytesView)
        }
        return try JSONDecoder().decode(Page.self, from: body)
    }

    /// All pages from `since` to the end.
    func drain(_ app: Application, _ token: String, since: String?, limit: Int) async throws -> (codes: [String], cursor: String?, items: [Page.Item]) {
        var cursor = since, codes: [String] = [], items: [Page.Item] = []
        for _ in 0..<1_000 {
            let p = try await page(app, token, since: cursor, limit: limit)
            codes += p.items.map(\.code)
            items += p.items
            if p.next == cursor { break }
            cursor = p.next
        }
        return (codes, cursor, items)
    }

    /// On PostgreSQL the feed shows a change only once every older transaction of the server has ended; the tests of
    /// other suites run beside this one on the same server, so a drain is repeated until the expected count arrives.
    func drain(_ app: Application, _ token: String, since: String?, limit: Int, expecting count: Int) async throws -> (codes: [String], cursor: String?, items: [Page.Item]) {
        var result = try await drain(app, token, since: since, limit: limit)
        for _ in 0..<300 where result.codes.count < count {
            try await Task.sleep(for: .milliseconds(100))
            let more = try await drain(app, token, since: result.cursor, limit: limit)
            result = (result.codes + more.codes, more.cursor, result.items + more.items)
        }
        return result
    }

    @Test func pagesCoverEveryDossierOnceAndFollowLaterChanges() async throws {
        try await withMotCua { app in
            // setup
            let now = reportTime(2026, 11, 2, 9)
            app.clock.set(now)
            let calendar = try await CalendarService.workingCalendar(on: app.db, schedule: app.settings.schedule)
            _ = try await DossierGenerator(options: .init(count: 120, seed: 5, years: 1, now: now, transactionSize: 50), calendar: calendar).run(on: app.db)
            let token = try await app.bearer("tichhop")

            // act
            let all = try await drain(app, token, since: nil, limit: 7, expecting: 120)

            // assert: every dossier of the province once, with the portal's shape.
            #expect(all.codes.count == 120 && Set(all.codes).count == 120)
            #expect(all.items.allSatisfy { (1...10).contains($0.status.code) && !$0.procedureCode.isEmpty && !$0.agencyCode.isEmpty })
            // A new dossier, then a move of it: one item, at its latest state.
            let client = ReportClient(app: app)
            let agency = try #require(try await Agency.find(code: DemoSeed.homeAgencyCode, on: app.db))
            let procedure = try #require(try await Procedure.query(on: app.db).filter(\.$code == threeDayProcedure).first())
            let fresh = try client.dossier(1, procedure: procedure, agency: agency, received: now, appointment: reportTime(2026, 11, 5, 17))
            try await client.insert([fresh])
            try await client.transition(fresh.code, TransitionInput(action: "start"), by: "chuyenvien", at: now.addingTimeInterval(600))
            let later = try await drain(app, token, since: all.cursor, limit: 7, expecting: 1)
            #expect(later.codes == [fresh.code])
            #expect(later.items.first?.status.code == DossierStatus.processing.rawValue)
            // Nothing more after that.
            #expect(try await drain(app, token, since: later.cursor, limit: 7).codes.isEmpty)
        }
    }

    @Test func refusalsAreClear() async throws {
        try await withMotCua { app in
            let client = ReportClient(app: app)
            let token = try await app.bearer("tichhop")
            for query in ["since=abc", "since=1.2.3", "since=-1.0", "limit=0", "limit=5000", "limit=x", "since=99999999999999999999.1"] {
                #expect(try await client.status(token, "/api/v1/sync/changes?\(query)").0 == .badRequest, "\(query)")
            }
            #expect(try await client.status(try await app.bearer("lanhdao"), "/api/v1/sync/changes").0 == .forbidden)
            #expect(try await client.status(nil, "/api/v1/sync/changes").0 == .unauthorized)
            // The integration account sees no report and no dossier list.
            #expect(try await client.status(token, "/api/v1/reports/dossiers").0 == .forbidden)
        }
    }

    /// Two transactions: A starts first and commits last. A reader between B's commit and A's must not pass A's
    /// change by (it would never see it); after A commits, both come, each once.
    @Test func outOfOrderCommitsAreNeverSkipped() async throws {
        try await withMotCua { app in
            let now = reportTime(2026, 11, 2, 9)
            app.clock.set(now)
            let calendar = try await CalendarService.workingCalendar(on: app.db, schedule: app.settings.schedule)
            _ = try await DossierGenerator(options: .init(count: 10, seed: 9, years: 1, now: now, transactionSize: 10), calendar: calendar).run(on: app.db)
            let token = try await app.bearer("tichhop")
            let start = try await drain(app, token, since: nil, limit: 100, expecting: 10)
            let dossiers = try await Dossier.query(on: app.db).sort(\.$code).all()
            let (x, y) = (dossiers[0], dossiers[1])

            if app.db.isPostgres {
                let (startedStream, started) = AsyncStream<Void>.makeStream()
                let (releaseStream, release) = AsyncStream<Void>.makeStream()
                let a = Task {
                    try await app.db.transaction { tx in
                        try await DossierChangeLog.record(dossierID: try x.requireID(), at: now, on: tx)
                        started.yield()
                        for await _ in releaseStream { break }
                    }
                }
                for await _ in startedStream { break }
                try await app.db.transaction { tx in
                    try await DossierChangeLog.record(dossierID: try y.requireID(), at: now, on: tx)
                }
                // B has committed, A has not: B's change must wait behind A's.
                let between = try await drain(app, token, since: start.cursor, limit: 100)
                #expect(between.codes.isEmpty, "read past a transaction still running: \(between.codes)")
                release.yield()
                try await a.value
                let after = try await drain(app, token, since: between.cursor ?? start.cursor, limit: 100, expecting: 2)
                #expect(Set(after.codes) == [x.code, y.code] && after.codes.count == 2)
            } else {
                // SQLite runs one writer at a time: commit order is log order.
                try await app.db.transaction { tx in try await DossierChangeLog.record(dossierID: try x.requireID(), at: now, on: tx) }
                try await app.db.transaction { tx in try await DossierChangeLog.record(dossierID: try y.requireID(), at: now, on: tx) }
                let after = try await drain(app, token, since: start.cursor, limit: 1)
                #expect(after.codes == [x.code, y.code])
            }
        }
    }
}
