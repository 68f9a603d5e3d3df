import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp

@Suite("Queue: the administrator's areas, counters and opening hours")
struct QueueAdminTests {
    @Test("An area with opening hours refuses tickets outside them; a new counter serves the areas ticked")
    func areasCountersAndHours() async throws {
        try await withMotCua { app in
            let admin = WebSession(app: app)
            try await admin.login("quantri")
            let page = try await admin.get("/quan-tri/hang-cho")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Tư pháp – Hộ tịch"))

            let bad = try await admin.post("/quan-tri/hang-cho/linh-vuc", form: ["code": "Công chứng!", "name": "Công chứng", "prefix": "5"])
            #expect(bad.status == .unprocessableEntity)
            let halfHours = try await admin.post("/quan-tri/hang-cho/linh-vuc", form: ["code": "cong-chung", "name": "Công chứng", "prefix": "5", "opens": "07:30"])
            #expect(halfHours.status == .unprocessableEntity)
            #expect(halfHours.body.string.contains("value=\"cong-chung\""), "what was typed stays in the form")
            let saved = try await admin.post("/quan-tri/hang-cho/linh-vuc",
                                             form: ["code": "cong-chung", "name": "Công chứng, chứng thực", "prefix": "5", "opens": "07:30", "closes": "11:30"])
            #expect(saved.status == .seeOther)
            let takenPrefix = try await admin.post("/quan-tri/hang-cho/linh-vuc", form: ["code": "khac", "name": "Khác", "prefix": "5"])
            #expect(takenPrefix.status == .unprocessableEntity, "two areas with one prefix would print the same numbers")

            // 08:00 Vietnam time: open; 14:00: closed, with the hours in the refusal.
            app.clock.set(processingTime("2027-04-14T08:00"))
            let morning = try await app.queueIssue("cong-chung")
            #expect(morning.status == .created)
            #expect(try morning.content.get(String.self, at: "number") == "5001")
            app.clock.set(processingTime("2027-04-14T14:00"))
            let afternoon = try await app.queueIssue("cong-chung")
            #expect(afternoon.status == .conflict)
            #expect(afternoon.body.string.contains("area_closed"))
            #expect(afternoon.body.string.contains("07:30"))
            #expect(try await app.queueIssue("ho-tich").status == .created, "an area without hours stays open")

            let counter = try await admin.post("/quan-tri/hang-cho/quay", form: ["code": "Q7", "number": "7", "officer": "tiepnhan2", "areas": "cong-chung"])
            #expect(counter.status == .unprocessableEntity, "an officer of another agency cannot sit at this centre's counter")
            let added = try await admin.post("/quan-tri/hang-cho/quay", form: ["code": "Q7", "number": "7", "areas": "cong-chung"])
            #expect(added.status == .seeOther)
            let stored = try #require(try await QueueCounter.query(on: app.db).filter(\.$code == "Q7").first())
            #expect(stored.areaCodes == ["cong-chung"])
            #expect(stored.number == 7)

            let receptionist = WebSession(app: app)
            try await receptionist.login("tiepnhan")
            #expect(try await receptionist.get("/quan-tri/hang-cho").status != .ok, "administrators only")
        }
    }
}
