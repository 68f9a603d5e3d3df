import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

@Suite("Queue: kiosk tickets and counters")
struct QueueAPITests {
    static let morning = LocalDate(year: 2027, month: 3, day: 15).at(hour: 8, minute: 0)

    @Test func kioskIssuesNumberedTicketsPerAreaAndDay() async throws {
        try await withMotCua { app in
            // setup
            app.clock.set(Self.morning)
            // act
            let first = try await app.queueIssue("ho-tich")
            let second = try await app.queueIssue("ho-tich", priority: true)
            let land = try await app.queueIssue("dat-dai")
            app.clock.set(Self.morning.addingTimeInterval(24 * 3600))
            let tomorrow = try await app.queueIssue("ho-tich")
            // assert
            #expect(first.status == .created)
            let a = try first.queueDecode(QueueTicketBody.self)
            let b = try second.queueDecode(QueueTicketBody.self)
            #expect(a.number == "1001")
            #expect(b.number == "1002")
            #expect(a.area.code == "ho-tich" && a.area.name == "Tư pháp – Hộ tịch")
            #expect(a.ahead == 0 && b.ahead == 0, "a priority ticket goes before the ordinary one")
            #expect(try land.queueDecode(QueueTicketBody.self).number == "2001")
            #expect(try tomorrow.queueDecode(QueueTicketBody.self).number == "1001")
            app.clock.set(Self.morning)
            let read = try await app.testing().sendRequest(.GET, "/api/v1/queue/tickets/\(a.id)")
            let ticket = try read.queueDecode(QueueTicketBody.self)
            #expect(ticket.status == "waiting")
            #expect(ticket.ahead == 1)
        }
    }

    @Test func unknownAreaAndBadInputAreClearRefusals() async throws {
        try await withMotCua { app in
            let unknown = try await app.queueIssue("khong-co")
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.apiError?.error.code == "unknown_area")
            let missing = try await app.testing().sendRequest(.POST, "/api/v1/queue/tickets", headers: ["Content-Type": "application/json"],
                                                              body: ByteBuffer(string: #"{"priority":true}"#))
            #expect(missing.status == .badRequest)
            let badID = try await app.testing().sendRequest(.GET, "/api/v1/queue/tickets/khong-phai-uuid")
            #expect(badID.status == .notFound)
            let badAudio = try await app.testing().sendRequest(.GET, "/api/v1/queue/calls/99999999999999999999/audio")
            #expect(badAudio.status == .notFound)
            let token = try await app.bearer("tiepnhan")
            let noCounter = try await app.queuePost("/api/v1/queue/counters/KHONG/call", token: token)
            #expect(noCounter.status == .notFound)
            let empty = try await app.queuePost("/api/v1/queue/counters/Q1/call", token: token)
            #expect(empty.status == .notFound)
            #expect(empty.apiError?.error.code == "queue_empty")
            let anonymous = try await app.testing().sendRequest(.POST, "/api/v1/queue/counters/Q1/call")
            #expect(anonymous.status == .unauthorized)
            let otherCentre = try await app.queuePost("/api/v1/queue/counters/Q1/call", token: try await app.bearer("tiepnhan2"))
            #expect(otherCentre.status == .forbidden)
        }
    }

    @Test func kioskIsRateLimitedPerClient() async throws {
        try await withMotCua { app in
            app.clock.set(Self.morning)
            app.queueSettings.kioskRateLimitPerMinute = 3
            for _ in 0..<3 { #expect(try await app.queueIssue("dat-dai").status == .created) }
            let refused = try await app.queueIssue("dat-dai")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.apiError?.error.code == "rate_limited")
            #expect(refused.headers.first(name: .retryAfter) != nil)
        }
    }

    @Test func retriedKioskRequestReturnsTheSameTicket() async throws {
        try await withMotCua { app in
            var headers: HTTPHeaders = ["Content-Type": "application/json", "Idempotency-Key": "kiosk-1-tap-42"]
            let body = ByteBuffer(string: #"{"area":"ho-tich"}"#)
            let first = try await app.testing().sendRequest(.POST, "/api/v1/queue/tickets", headers: headers, body: body)
            let again = try await app.testing().sendRequest(.POST, "/api/v1/queue/tickets", headers: headers, body: body)
            #expect(first.status == .created)
            #expect(again.status == .ok)
            #expect(try first.queueDecode(QueueTicketBody.self).id == again.queueDecode(QueueTicketBody.self).id)
            headers.replaceOrAdd(name: "Idempotency-Key", value: "có dấu")
            #expect(try await app.testing().sendRequest(.POST, "/api/v1/queue/tickets", headers: headers, body: body).status == .badRequest)
        }
    }

    @Test func counterCallsRecallsSkipsFinishesAndTransfers() async throws {
        try await withMotCua { app in
            // setup
            app.clock.set(Self.morning)
            let token = try await app.bearer("tiepnhan")
            let one = try await app.queueIssue("ho-tich").queueDecode(QueueTicketBody.self)
            app.clock.set(Self.morning.addingTimeInterval(1))
            let two = try await app.queueIssue("ho-tich").queueDecode(QueueTicketBody.self)
            app.clock.set(Self.morning.addingTimeInterval(2))
            let three = try await app.queueIssue("dat-dai").queueDecode(QueueTicketBody.self)
            app.clock.set(Self.morning.addingTimeInterval(60))
            // act + assert: call, recall
            let call = try await app.queuePost("/api/v1/queue/counters/Q1/call", token: token)
            #expect(call.status == .ok, "\(call.body.string)")
            let called = try call.queueDecode(QueueCallBody.self)
            #expect(called.ticket.id == one.id && called.counter == "Q1" && called.area == "ho-tich")
            let recall = try await app.queuePost("/api/v1/queue/counters/Q1/recall", token: token).queueDecode(QueueCallBody.self)
            #expect(recall.ticket.id == one.id && recall.id > called.id)
            // skip marks a no-show
            let skipped = try await app.queuePost("/api/v1/queue/counters/Q1/skip", token: token).queueDecode(QueueTicketBody.self)
            #expect(skipped.status == "no-show")
            // the next call takes two; calling again finishes two
            let second = try await app.queuePost("/api/v1/queue/counters/Q1/call", token: token).queueDecode(QueueCallBody.self)
            #expect(second.ticket.id == two.id)
            #expect(try await app.queuePost("/api/v1/queue/counters/Q1/start", token: token).queueDecode(QueueTicketBody.self).status == "serving")
            let third = try await app.queuePost("/api/v1/queue/counters/Q1/call", token: token).queueDecode(QueueCallBody.self)
            #expect(third.ticket.id == three.id)
            let twoNow = try await app.testing().sendRequest(.GET, "/api/v1/queue/tickets/\(two.id)").queueDecode(QueueTicketBody.self)
            #expect(twoNow.status == "done")
            // transfer three to kinh-doanh: it waits there, Q1 is free
            let moved = try await app.queuePost("/api/v1/queue/tickets/\(three.id)/transfer", token: token, json: #"{"area":"kinh-doanh"}"#)
            #expect(moved.status == .ok, "\(moved.body.string)")
            let movedBody = try moved.queueDecode(QueueTicketBody.self)
            #expect(movedBody.status == "transferred" && movedBody.area.code == "kinh-doanh")
            #expect(try await app.queuePost("/api/v1/queue/counters/Q1/finish", token: token).status == .conflict)
            let same = try await app.queuePost("/api/v1/queue/tickets/\(three.id)/transfer", token: token, json: #"{"area":"kinh-doanh"}"#)
            #expect(same.status == .unprocessableEntity)
            let closed = try await app.queuePost("/api/v1/queue/tickets/\(one.id)/transfer", token: token, json: #"{"area":"dat-dai"}"#)
            #expect(closed.status == .conflict)
            // Q4 serves kinh-doanh and gets it
            let q4 = try await app.queuePost("/api/v1/queue/counters/Q4/call", token: token).queueDecode(QueueCallBody.self)
            #expect(q4.ticket.id == three.id)
            // public lists
            let areas = try await app.testing().sendRequest(.GET, "/api/v1/queue/areas")
            #expect(areas.body.string.contains(#""code":"ho-tich""#))
            let counters = try await app.testing().sendRequest(.GET, "/api/v1/queue/counters")
            #expect(counters.body.string.contains("Nguyễn Thị Thu Hà"))
        }
    }

    /// Priority tickets first, but after `run` of them in a row the oldest ordinary one: at run 2, P P O P P O …
    @Test(arguments: [2, 3]) func priorityRunLetsOrdinaryTicketsThrough(run: Int) async throws {
        try await withMotCua { app in
            // setup: 12 priority and 6 ordinary tickets, ordinary ones issued first
            app.clock.set(Self.morning.addingTimeInterval(3600))
            app.queueSettings.priorityRun = run
            try await app.queueBulkTickets(area: "ho-tich", count: 18, priority: { $0 >= 6 }, start: Self.morning)
            let token = try await app.bearer("tiepnhan")
            // act: Q2 serves ho-tich only
            var classes: [Bool] = []
            var numbers: [String] = []
            for _ in 0..<18 {
                let call = try await app.queuePost("/api/v1/queue/counters/Q2/call", token: token).queueDecode(QueueCallBody.self)
                classes.append(call.ticket.priority)
                numbers.append(call.ticket.number)
            }
            // assert: the pattern, and first come first served within each class
            var expected: [Bool] = []
            var priorityLeft = 12, ordinaryLeft = 6, streak = 0
            while priorityLeft + ordinaryLeft > 0 {
                if priorityLeft > 0 && (streak < run || ordinaryLeft == 0) { expected.append(true); priorityLeft -= 1; streak += 1 }
                else { expected.append(false); ordinaryLeft -= 1; streak = 0 }
            }
            #expect(classes == expected)
            let ordinary = zip(classes, numbers).filter { !$0.0 }.map(\.1)
            #expect(ordinary == ordinary.sorted())
            let priority = zip(classes, numbers).filter { $0.0 }.map(\.1)
            #expect(priority == priority.sorted())
        }
    }

    /// Twenty counters calling at once over 1,000 tickets: every ticket called exactly once.
    @Test func twentyCountersNeverCallOneTicketTwice() async throws {
        try await withMotCua { app in
            // setup
            app.clock.set(Self.morning.addingTimeInterval(3 * 3600))
            try await app.queueBulkTickets(area: "xay-dung", count: 1000, priority: { $0 % 7 == 0 }, start: Self.morning)
            let counters = try await app.queueExtraCounters(20, area: "xay-dung")
            let token = try await app.bearer("tiepnhan")
            // act
            let called = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for counter in counters {
                    group.addTask {
                        var mine: [UUID] = []
                        while true {
                            let response = try await app.queuePost("/api/v1/queue/counters/\(counter)/call", token: token)
                            if response.status == .notFound { break }
                            #expect(response.status == .ok, "\(response.body.string)")
                            guard response.status == .ok else { break }
                            mine.append(try response.queueDecode(QueueCallBody.self).ticket.id)
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: [UUID]()) { $0 += $1 }
            }
            // assert
            #expect(called.count == 1000)
            #expect(Set(called).count == 1000)
            let waiting = try await QueueTicket.query(on: app.db).filter(\.$statusValue ~~ QueueLine.waitingStatuses).count()
            #expect(waiting == 0)
            let calls = try await QueueCall.query(on: app.db).count()
            #expect(calls == 1000)
        }
    }
}
