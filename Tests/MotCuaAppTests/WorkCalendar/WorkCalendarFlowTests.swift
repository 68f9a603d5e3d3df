import Fluent
import Foundation
import MotCuaCore
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp

@Suite("Work calendar: drafting, approval, changes after publication, the feeds")
struct WorkCalendarFlowTests {
    static let agency = DemoSeed.homeAgencyCode
    /// A week the demo seed does not touch.
    static let week = "2027-03-08"

    static func entryForm(_ overrides: [String: String] = [:]) -> [String: String] {
        var form = ["formID": "6b0f3c1e-5a8f-4d8e-9d0e-2f1f2c3b4a51", "date": "2027-03-09", "from": "08:00", "to": "10:00",
                    "content": "Họp thẩm định đồ án quy hoạch phân khu", "place": "Phòng họp số 2, UBND thành phố",
                    "chair": "lanhdao", "attendees": "Phòng Quản lý đô thị", "preparer": "Phòng Quản lý đô thị"]
        for (key, value) in overrides { form[key] = value }
        return form
    }

    func feed(_ app: Application, _ path: String) async throws -> String {
        let response = try await app.testing().sendRequest(.GET, path)
        #expect(response.status == .ok)
        #expect(response.headers.contentType?.description.hasPrefix("text/calendar") == true)
        return response.body.string
    }

    func entries(_ app: Application) async throws -> [WorkScheduleEntry] {
        try await WorkScheduleEntry.query(on: app.db).filter(\.$weekStart == Self.week).sort(\.$startsAt).all()
    }

    @Test("The same form sent twice adds one entry; a changed form adds another; a draft is not public")
    func addingIsIdempotent() async throws {
        try await withMotCua { app in
            let clerk = WebSession(app: app)
            _ = try await clerk.login("vanthu")
            #expect(try await clerk.post("/van-phong/lich-cong-tac", form: Self.entryForm()).status == .seeOther)
            #expect(try await clerk.post("/van-phong/lich-cong-tac", form: Self.entryForm()).status == .seeOther)
            #expect(try await entries(app).count == 1, "a double click adds nothing")
            let changed = Self.entryForm(["content": "Họp thẩm định đồ án quy hoạch phân khu B"])
            #expect(try await clerk.post("/van-phong/lich-cong-tac", form: changed).status == .seeOther)
            #expect(try await entries(app).count == 2, "a form changed after Back is a new entry, not the first one overwritten")

            let page = try await app.testing().sendRequest(.GET, "/lich-cong-tac/\(Self.agency)?ngay=\(Self.week)")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("chưa được công bố"))
            #expect(!page.body.string.contains("quy hoạch phân khu"))
            #expect(!(try await feed(app, "/lich-cong-tac/\(Self.agency).ics")).contains("quy hoạch phân khu"))

            // A draft entry cancelled is simply removed: it was never published.
            let first = try #require(try await entries(app).first?.id)
            #expect(try await clerk.post("/van-phong/lich-cong-tac/\(first.uuidString)/huy", form: [:]).status == .seeOther)
            #expect(try await entries(app).count == 1)
        }
    }

    @Test("Approval publishes; a change bumps SEQUENCE and is marked; a cancellation stays as STATUS:CANCELLED")
    func publishChangeCancel() async throws {
        try await withMotCua { app in
            app.clock.set(processingTime("2027-03-05T16:00"))
            let clerk = WebSession(app: app)
            _ = try await clerk.login("vanthu")
            #expect(try await clerk.post("/van-phong/lich-cong-tac", form: Self.entryForm()).status == .seeOther)
            #expect(try await clerk.post("/van-phong/lich-cong-tac", form: Self.entryForm([
                "formID": UUID().uuidString, "date": "2027-03-11", "from": "14:00", "to": "", "chair": "",
                "chairOther": "Phó Chủ tịch UBND thành phố Trần Thị Hồng", "content": "Đối thoại với doanh nghiệp"])).status == .seeOther)
            #expect(try await clerk.post("/van-phong/lich-cong-tac/duyet", form: ["week": Self.week]).status == .forbidden, "clerks draft, leaders approve")

            let leader = WebSession(app: app)
            _ = try await leader.login("lanhdao")
            #expect(try await leader.post("/van-phong/lich-cong-tac/duyet", form: ["week": "2027-03-10"]).status == .seeOther)
            #expect(try await leader.post("/van-phong/lich-cong-tac/duyet", form: ["week": Self.week]).status == .seeOther, "approving twice is harmless")
            #expect(try await WorkScheduleWeek.query(on: app.db).filter(\.$weekStart == Self.week).count() == 1)

            let published = try await feed(app, "/lich-cong-tac/\(Self.agency).ics")
            let items = try await entries(app)
            #expect(items.count == 2)
            let meeting = try #require(items.first), dialogue = try #require(items.last)
            let meetingUID = WorkCalendarFeed.uid(try meeting.requireID()), dialogueUID = WorkCalendarFeed.uid(try dialogue.requireID())
            #expect(published.contains("UID:\(meetingUID)\r\n"))
            #expect(published.contains("DTSTART;TZID=Asia/Ho_Chi_Minh:20270309T080000\r\n"))
            #expect(published.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Ho_Chi_Minh\r\n"))
            #expect(try await feed(app, "/lich-cong-tac/can-bo/lanhdao.ics").contains("UID:\(meetingUID)\r\n"), "the chair's own feed")
            #expect(!(try await feed(app, "/lich-cong-tac/can-bo/lanhdao.ics")).contains(dialogueUID), "not chaired by lanhdao")

            // After publication: moved within the week, with a reason; moving to another week is refused.
            app.clock.set(processingTime("2027-03-08T09:00"))
            _ = try await clerk.login("vanthu")
            let moved = Self.entryForm(["from": "15:00", "to": "17:00", "note": "Trùng lịch họp của tỉnh"])
            #expect(try await clerk.post("/van-phong/lich-cong-tac/\(try meeting.requireID().uuidString)", form: moved).status == .seeOther)
            #expect(try await clerk.post("/van-phong/lich-cong-tac/\(try meeting.requireID().uuidString)", form: moved).status == .seeOther)
            let otherWeek = try await clerk.post("/van-phong/lich-cong-tac/\(try meeting.requireID().uuidString)", form: Self.entryForm(["date": "2027-03-16"]))
            #expect(otherWeek.status == .conflict)
            #expect(otherWeek.body.string.contains("chỉ được dời trong cùng tuần"))
            #expect(try await clerk.post("/van-phong/lich-cong-tac/\(try dialogue.requireID().uuidString)/huy", form: ["reason": "Doanh nghiệp đề nghị hoãn"]).status == .seeOther)
            #expect(try await clerk.post("/van-phong/lich-cong-tac/\(try dialogue.requireID().uuidString)/huy", form: [:]).status == .seeOther)

            let changed = try await feed(app, "/lich-cong-tac/\(Self.agency).ics")
            let meetingEvent = try #require(Self.event(meetingUID, in: changed))
            #expect(meetingEvent.contains("SEQUENCE:1\r\n"), "one change, one increment — the repeated identical save changed nothing")
            #expect(meetingEvent.contains("STATUS:CONFIRMED\r\n"))
            #expect(meetingEvent.contains("DTSTART;TZID=Asia/Ho_Chi_Minh:20270309T150000\r\n"))
            let dialogueEvent = try #require(Self.event(dialogueUID, in: changed))
            #expect(dialogueEvent.contains("SEQUENCE:1\r\n"))
            #expect(dialogueEvent.contains("STATUS:CANCELLED\r\n"))
            #expect(!dialogueEvent.contains("DTEND"), "no end was given")

            let index = try await app.testing().sendRequest(.GET, "/lich-cong-tac")
            #expect(index.status == .ok)
            #expect(index.body.string.components(separatedBy: "href=\"/lich-cong-tac/\(Self.agency)\"").count == 2,
                    "the agency is listed once, whatever the number of its approved weeks")
            let page = try await app.testing().sendRequest(.GET, "/lich-cong-tac/\(Self.agency)?ngay=2027-03-12")
            #expect(page.body.string.contains("Điều chỉnh lúc 09:00 ngày 08/03/2027: Trùng lịch họp của tỉnh"))
            #expect(page.body.string.contains("Đã hủy lúc 09:00 ngày 08/03/2027: Doanh nghiệp đề nghị hoãn"))
            #expect(page.body.string.contains("15:00 – 17:00"))
        }
    }

    @Test("Bad input is a clear 4xx that changes nothing; other agencies' entries and other roles are kept out")
    func badInput() async throws {
        try await withMotCua { app in
            let before = try await WorkScheduleEntry.query(on: app.db).count()
            for path in ["/lich-cong-tac/\(Self.agency)?ngay=2027-02-30", "/lich-cong-tac/\(Self.agency)?ngay=x%00"] {
                #expect(try await app.testing().sendRequest(.GET, path).status == .badRequest, "\(path)")
            }
            for path in ["/lich-cong-tac/khong-co", "/lich-cong-tac/khong-co.ics", "/lich-cong-tac/can-bo/congdan.ics",
                         "/lich-cong-tac/can-bo/%00.ics", "/lich-cong-tac/can-bo/lanhdao", "/lich-cong-tac/" + String(repeating: "9", count: 5000)] {
                #expect(try await app.testing().sendRequest(.GET, path).status == .notFound, "\(path)")
            }
            let clerk = WebSession(app: app)
            _ = try await clerk.login("vanthu")
            let junk: [[String: String]] = [
                Self.entryForm(["date": "2027-02-30"]), Self.entryForm(["date": "99999-01-01"]), Self.entryForm(["from": "25:00"]),
                Self.entryForm(["to": "07:00"]), Self.entryForm(["content": String(repeating: "Họp ", count: 2000)]),
                Self.entryForm(["content": "  "]), Self.entryForm(["chair": "tiepnhan2"]), Self.entryForm(["chair": "", "chairOther": ""]),
                Self.entryForm(["place": "Phòng\u{0}họp"]), Self.entryForm(["formID": "' OR 1=1"]).merging(["date": ""]) { $1 },
            ]
            for form in junk {
                let response = try await clerk.post("/van-phong/lich-cong-tac", form: form)
                #expect(response.status == .unprocessableEntity, "\(form)")
                #expect(response.body.string.contains("calendar-error"))
            }
            #expect(try await WorkScheduleEntry.query(on: app.db).count() == before)
            #expect(try await clerk.get("/van-phong/lich-cong-tac?ngay=0000-00-00").status == .badRequest)
            #expect(try await clerk.get("/van-phong/lich-cong-tac/khong-phai-ma").status == .notFound)
            #expect(try await clerk.post("/van-phong/lich-cong-tac/\(UUID().uuidString)/huy", form: [:]).status == .notFound)

            // An entry of another agency is not reachable through this office.
            let seeded = try #require(try await WorkScheduleEntry.query(on: app.db).first())
            let other = WebSession(app: app)
            _ = try await other.login("tiepnhan2")
            #expect(try await other.get("/van-phong/lich-cong-tac").status == .forbidden, "receptionists do not keep the calendar")
            let leaderElsewhere = try #require(try await User.query(on: app.db).filter(\.$username == "chuyenvienkhdt").first())
            leaderElsewhere.roles = [.clerk]
            try await leaderElsewhere.save(on: app.db)
            let foreignClerk = WebSession(app: app)
            _ = try await foreignClerk.login("chuyenvienkhdt")
            #expect(try await foreignClerk.get("/van-phong/lich-cong-tac/\(try seeded.requireID().uuidString)").status == .notFound)
            #expect(try await foreignClerk.post("/van-phong/lich-cong-tac/\(try seeded.requireID().uuidString)/huy", form: [:]).status == .notFound)
            #expect(try await WorkScheduleEntry.find(seeded.id, on: app.db)?.isCancelled == false)
        }
    }

    static func event(_ uid: String, in feed: String) -> String? {
        feed.components(separatedBy: "BEGIN:VEVENT\r\n").first { $0.contains("UID:\(uid)\r\n") }
    }
}
