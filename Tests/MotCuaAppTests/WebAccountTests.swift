import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp

@Suite("Sessions, CSRF and administration pages")
struct WebAccountTests {
    @Test func formLoginStoresTheSessionInTheDatabase() async throws {
        try await withMotCua { app in
            let web = WebSession(app: app)
            let login = try await web.login("tiepnhan")
            #expect(login.status == .seeOther)
            #expect(try await SessionRecord.query(on: app.db).count() >= 1)
            let home = try await web.get("/")
            #expect(home.body.string.contains("Nguyễn Thị Thu Hà"))
            let logout = try await web.post("/dang-xuat", form: [:])
            #expect(logout.status == .seeOther)
            let after = try await web.get("/")
            #expect(!after.body.string.contains("Nguyễn Thị Thu Hà"))
        }
    }

    @Test func wrongPasswordOnTheFormKeepsTheUsernameAndExplains() async throws {
        try await withMotCua { app in
            let web = WebSession(app: app)
            let res = try await web.login("tiepnhan", password: "nhamroi")
            #expect(res.status == .unauthorized)
            #expect(res.body.string.contains("Tên đăng nhập hoặc mật khẩu không đúng"))
            #expect(res.body.string.contains("value=\"tiepnhan\""))
        }
    }

    @Test func formPostWithoutTheTokenIsRefusedAndChangesNothing() async throws {
        try await withMotCua { app in
            let web = WebSession(app: app)
            _ = try await web.login("quantri")
            let before = try await CalendarOverrideRecord.query(on: app.db).count()
            let res = try await web.post("/quan-tri/lich-nghi", form: ["date": "2027-05-03", "kind": "off", "name": "Thử"], withToken: false)
            #expect(res.status == .forbidden)
            #expect(res.body.string.contains("tải lại trang"))
            #expect(try await CalendarOverrideRecord.query(on: app.db).count() == before)
        }
    }

    @Test func adminPagesNeedTheAdministratorRole() async throws {
        try await withMotCua { app in
            let anonymous = WebSession(app: app)
            let redirect = try await anonymous.get("/quan-tri/nguoi-dung")
            #expect(redirect.status == .seeOther)
            #expect(redirect.headers.first(name: .location)?.hasPrefix("/dang-nhap") == true)

            let receptionist = WebSession(app: app)
            _ = try await receptionist.login("tiepnhan")
            #expect(try await receptionist.get("/quan-tri/nguoi-dung").status == .forbidden)

            let admin = WebSession(app: app)
            _ = try await admin.login("quantri")
            for path in ["/quan-tri", "/quan-tri/co-quan", "/quan-tri/nguoi-dung", "/quan-tri/thu-tuc", "/quan-tri/lich-nghi?nam=2027"] {
                let res = try await admin.get(path)
                #expect(res.status == .ok, "\(path)")
            }
        }
    }

    @Test func adminCreatesAnAgencyAndRejectsAMalformedCode() async throws {
        try await withMotCua { app in
            let admin = WebSession(app: app)
            _ = try await admin.login("quantri")
            try await admin.get("/quan-tri/co-quan")
            let bad = try await admin.post("/quan-tri/co-quan", form: ["code": "00.00.21.H36", "name": "Sai mã", "tier": "commune", "parent": "000.00.21.H36"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Sai mã"), "the form keeps what was typed")
            #expect(try await Agency.find(code: "00.00.21.H36", on: app.db) == nil)

            let good = try await admin.post("/quan-tri/co-quan", form: ["code": "000.14.21.H36", "name": "Ủy ban nhân dân Phường 3, thành phố Đà Lạt", "tier": "commune", "parent": "000.00.21.H36"])
            #expect(good.status == .seeOther)
            let created = try #require(try await Agency.find(code: "000.14.21.H36", on: app.db))
            #expect(created.path == "/000.00.00.H36/000.00.21.H36/000.14.21.H36/")
        }
    }

    @Test func adminCreatesAUserWhoCanLogIn() async throws {
        try await withMotCua { app in
            let admin = WebSession(app: app)
            _ = try await admin.login("quantri")
            try await admin.get("/quan-tri/nguoi-dung")
            let res = try await admin.post("/quan-tri/nguoi-dung", form: ["username": "chuyenvien2", "fullName": "Vũ Thị Hạnh", "password": "MatKhau@123",
                                                                       "agency": "000.00.27.H36", "roles[]": "specialist"])
            #expect(res.status == .seeOther, "\(res.body.string)")
            let token = try await app.bearer("chuyenvien2", password: "MatKhau@123")
            #expect(!token.isEmpty)
            let duplicate = try await admin.post("/quan-tri/nguoi-dung", form: ["username": "chuyenvien2", "fullName": "X", "password": "MatKhau@123",
                                                                             "agency": "000.00.27.H36", "roles[]": "specialist"])
            #expect(duplicate.status == .conflict)
        }
    }

    @Test func holidayOverrideAppearsInTheYearView() async throws {
        try await withMotCua { app in
            let admin = WebSession(app: app)
            _ = try await admin.login("quantri")
            try await admin.get("/quan-tri/lich-nghi?nam=2027")
            let res = try await admin.post("/quan-tri/lich-nghi?nam=2027", form: ["date": "2027-04-19", "kind": "off", "name": "Nghỉ thêm theo thông báo"])
            #expect(res.status == .seeOther)
            let page = try await admin.get("/quan-tri/lich-nghi?nam=2027")
            #expect(page.body.string.contains("Nghỉ thêm theo thông báo"))
            #expect(page.body.string.contains("Giỗ Tổ Hùng Vương"))
            let invalid = try await admin.post("/quan-tri/lich-nghi?nam=2027", form: ["date": "2027-02-30", "kind": "off", "name": "x"])
            #expect(invalid.status == .unprocessableEntity)
        }
    }
}
