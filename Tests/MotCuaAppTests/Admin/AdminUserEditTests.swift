import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp

@Suite("Administration: editing users")
struct AdminUserEditTests {
    @Test func editsNameRolesAgencyAndWritesOneAuditLine() async throws {
        try await withMotCua { app in
            // setup
            let admin = try await WebSession.admin(app)
            #expect(try await admin.get("/quan-tri/nguoi-dung/chuyenvien").status == .ok)
            let before = try await AdminFixtures.auditCount(app)
            // act
            let res = try await admin.post("/quan-tri/nguoi-dung/chuyenvien", fields: [
                ("fullName", "Lê Văn Phúc Anh"), ("email", "phuc@dalat.gov.vn"), ("agency", DemoSeed.secondAgencyCode),
                ("roles[]", "specialist"), ("roles[]", "leader"), ("isActive", "on")])
            // assert
            #expect(res.status == .seeOther, "\(res.body.string)")
            let user = try await AdminFixtures.user("chuyenvien", app)
            #expect(user.fullName == "Lê Văn Phúc Anh")
            #expect(user.email == "phuc@dalat.gov.vn")
            #expect(Set(user.roles) == [.specialist, .leader])
            #expect(user.agency?.code == DemoSeed.secondAgencyCode)
            #expect(try await AdminFixtures.auditCount(app) == before + 1)
            let line = try #require(try await AdminFixtures.lastAudit(app))
            #expect(line.action == "user.update" && line.targetID == "chuyenvien" && line.actor == "quantri")
            #expect(line.summary.contains("Họ và tên: “Lê Văn Phúc” → “Lê Văn Phúc Anh”"), "\(line.summary)")
            #expect(line.summary.contains("Vai trò: “Chuyên viên xử lý” → “Chuyên viên xử lý, Lãnh đạo”"), "\(line.summary)")
            let page = try await admin.get("/quan-tri/nguoi-dung/chuyenvien")
            #expect(page.body.string.contains("Đã lưu tài khoản chuyenvien."))
        }
    }

    @Test func saveWithoutChangesWritesNoAuditLine() async throws {
        try await withMotCua { app in
            let admin = try await WebSession.admin(app)
            try await admin.get("/quan-tri/nguoi-dung/vanthu")
            let before = try await AdminFixtures.auditCount(app)
            let res = try await admin.post("/quan-tri/nguoi-dung/vanthu", fields: [
                ("fullName", "Đỗ Thị Lan"), ("agency", DemoSeed.homeAgencyCode), ("roles[]", "clerk"), ("isActive", "on")])
            #expect(res.status == .seeOther)
            #expect(try await AdminFixtures.auditCount(app) == before)
        }
    }

    @Test(arguments: [
        ([("fullName", "Lê\u{202E}Phúc"), ("agency", DemoSeed.homeAgencyCode), ("roles[]", "specialist"), ("isActive", "on")], "ký tự không được phép"),
        ([("fullName", "Lê Văn Phúc Mới"), ("agency", DemoSeed.homeAgencyCode), ("isActive", "on")], "ít nhất một vai trò"),
        ([("fullName", "Lê Văn Phúc Mới"), ("agency", DemoSeed.homeAgencyCode), ("roles[]", "superuser"), ("isActive", "on")], "không tồn tại"),
        ([("fullName", "Lê Văn Phúc Mới"), ("agency", "999.99.99.H99"), ("roles[]", "specialist"), ("isActive", "on")], "không tồn tại"),
        ([("fullName", "Lê Văn Phúc Mới"), ("agency", ""), ("roles[]", "specialist"), ("isActive", "on")], "phải thuộc một cơ quan"),
        ([("fullName", String(repeating: "a", count: 101)), ("agency", DemoSeed.homeAgencyCode), ("roles[]", "specialist")], "dài quá"),
    ] as [([(String, String)], String)])
    func badInputIsRefusedWithTheFormKeptAndChangesNothing(_ fields: [(String, String)], message: String) async throws {
        try await withMotCua { app in
            let admin = try await WebSession.admin(app)
            try await admin.get("/quan-tri/nguoi-dung/chuyenvien")
            let before = try await AdminFixtures.auditCount(app)
            let res = try await admin.post("/quan-tri/nguoi-dung/chuyenvien", fields: fields)
            #expect(res.status == .unprocessableEntity, "\(res.status)")
            #expect(res.body.string.contains(message), "\(message)")
            if fields[0].1.contains("Mới") { #expect(res.body.string.contains("Lê Văn Phúc Mới"), "the typed name is kept") }
            let user = try await AdminFixtures.user("chuyenvien", app)
            #expect(user.fullName == "Lê Văn Phúc" && user.roles == [.specialist] && user.isActive)
            #expect(try await AdminFixtures.auditCount(app) == before)
        }
    }

    @Test func nonAdministratorsGet403AndChangeNothing() async throws {
        try await withMotCua { app in
            let leader = WebSession(app: app)
            _ = try await leader.login("lanhdao")
            for path in ["/quan-tri/nguoi-dung/chuyenvien", "/quan-tri/nhat-ky", "/quan-tri/co-quan/000.00.21.H36",
                         "/quan-tri/thu-tuc/moi", "/quan-tri/thu-tuc/\(AdminFixtures.birthRegistration)"] {
                #expect(try await leader.get(path).status == .forbidden, "\(path)")
            }
            let post = try await leader.post("/quan-tri/nguoi-dung/chuyenvien", fields: [
                ("fullName", "Bị đổi"), ("agency", DemoSeed.homeAgencyCode), ("roles[]", "administrator"), ("isActive", "on")])
            #expect(post.status == .forbidden)
            let reset = try await leader.post("/quan-tri/nguoi-dung/chuyenvien/mat-khau", fields: [("mode", "generate")])
            #expect(reset.status == .forbidden)
            #expect(try await AdminFixtures.user("chuyenvien", app).fullName == "Lê Văn Phúc")
            #expect(try await AdminFixtures.auditCount(app) == 0)
        }
    }

    @Test func anAdministratorCannotDemoteOrDisableThemself() async throws {
        try await withMotCua { app in
            let admin = try await WebSession.admin(app)
            try await admin.get("/quan-tri/nguoi-dung/quantri")
            let demote = try await admin.post("/quan-tri/nguoi-dung/quantri", fields: [
                ("fullName", "Trần Minh Quân"), ("agency", DemoSeed.homeAgencyCode), ("roles[]", "receptionist"), ("isActive", "on")])
            #expect(demote.status == .conflict)
            #expect(demote.body.string.contains("không thể bỏ vai trò Quản trị hệ thống của chính mình"))
            let disable = try await admin.post("/quan-tri/nguoi-dung/quantri", fields: [
                ("fullName", "Trần Minh Quân"), ("agency", DemoSeed.homeAgencyCode), ("roles[]", "administrator")])
            #expect(disable.status == .conflict)
            #expect(disable.body.string.contains("không thể tự vô hiệu hóa"))
            let toggle = try await admin.post("/quan-tri/nguoi-dung/quantri/kich-hoat", fields: [])
            #expect(toggle.status == .conflict)
            let me = try await AdminFixtures.user("quantri", app)
            #expect(me.roles == [.administrator] && me.isActive)
            #expect(try await AdminFixtures.auditCount(app) == 0)
            // Other changes to one's own account are fine.
            let rename = try await admin.post("/quan-tri/nguoi-dung/quantri", fields: [
                ("fullName", "Trần Minh Quân"), ("agency", DemoSeed.homeAgencyCode), ("roles[]", "administrator"), ("roles[]", "leader"), ("isActive", "on")])
            #expect(rename.status == .seeOther)
        }
    }

    @Test func disablingEndsTheSessionAndTheTokensAtOnce() async throws {
        try await withMotCua { app in
            // setup: the specialist is signed in on a browser and holds an API token
            let officer = WebSession(app: app)
            _ = try await officer.login("chuyenvien")
            #expect(try await officer.get("/xu-ly").status == .ok)
            let token = try await app.bearer("chuyenvien")
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: headers).status == .ok)
            // act
            let admin = try await WebSession.admin(app)
            try await admin.get("/quan-tri/nguoi-dung/chuyenvien")
            let sessions = try await SessionRecord.query(on: app.db).count()
            let res = try await admin.post("/quan-tri/nguoi-dung/chuyenvien", fields: [
                ("fullName", "Lê Văn Phúc"), ("agency", DemoSeed.homeAgencyCode), ("roles[]", "specialist")])
            // assert
            #expect(res.status == .seeOther)
            #expect(try await SessionRecord.query(on: app.db).count() == sessions - 1, "the officer's session row is deleted")
            #expect(try await AdminFixtures.user("chuyenvien", app).isActive == false)
            let page = try await officer.get("/xu-ly")
            #expect(page.status == .seeOther && page.headers.first(name: .location)?.hasPrefix("/dang-nhap") == true)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: headers).status == .unauthorized)
            #expect(try await ApiToken.query(on: app.db).count() == 0, "the token is revoked, not only refused")
            let line = try #require(try await AdminFixtures.lastAudit(app))
            #expect(line.summary.contains("Trạng thái: hoạt động → vô hiệu hóa"))
            #expect(line.summary.contains("thu hồi 1 mã truy cập API"))
            // A new login is refused too, with the reason.
            let again = WebSession(app: app)
            #expect(try await again.login("chuyenvien").status == .forbidden)
        }
    }

    @Test func theListButtonDisablesAndEnablesWithAnAuditLineEach() async throws {
        try await withMotCua { app in
            let token = try await app.bearer("vanthu")
            let admin = try await WebSession.admin(app)
            try await admin.get("/quan-tri/nguoi-dung")
            #expect(try await admin.post("/quan-tri/nguoi-dung/vanthu/kich-hoat", fields: []).status == .seeOther)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: headers).status == .unauthorized)
            #expect(try await admin.post("/quan-tri/nguoi-dung/vanthu/kich-hoat", fields: []).status == .seeOther)
            #expect(try await AdminFixtures.user("vanthu", app).isActive)
            let actions = try await AuditEntry.query(on: app.db).sort(\.$at).all().map(\.action)
            #expect(actions == ["user.disable", "user.enable"])
        }
    }

    @Test func resetPasswordChecksThePolicyAndEndsOldAccess() async throws {
        try await withMotCua { app in
            let token = try await app.bearer("tiepnhan")
            let admin = try await WebSession.admin(app)
            try await admin.get("/quan-tri/nguoi-dung/tiepnhan")
            let short = try await admin.post("/quan-tri/nguoi-dung/tiepnhan/mat-khau", fields: [("mode", "set"), ("password", "ngan"), ("confirm", "ngan")])
            #expect(short.status == .unprocessableEntity)
            #expect(short.body.string.contains("Mật khẩu cần từ 8 đến 1.024 ký tự"))
            let mismatch = try await admin.post("/quan-tri/nguoi-dung/tiepnhan/mat-khau", fields: [("mode", "set"), ("password", "MatKhau@Moi1"), ("confirm", "MatKhau@Moi2")])
            #expect(mismatch.status == .unprocessableEntity)
            #expect(mismatch.body.string.contains("không khớp"))
            #expect(try await AdminFixtures.auditCount(app) == 0)
            _ = try await app.bearer("tiepnhan")   // the old password still works

            let good = try await admin.post("/quan-tri/nguoi-dung/tiepnhan/mat-khau", fields: [("mode", "set"), ("password", "MatKhau@Moi1"), ("confirm", "MatKhau@Moi1")])
            #expect(good.status == .seeOther)
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: token)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: headers).status == .unauthorized)
            let old = try await app.testing().sendRequest(.POST, "/api/v1/auth/login", beforeRequest: { req in
                try req.content.encode(["username": "tiepnhan", "password": DemoSeed.password])
            })
            #expect(old.status == .unauthorized)
            _ = try await app.bearer("tiepnhan", password: "MatKhau@Moi1")
            let line = try #require(try await AdminFixtures.lastAudit(app))
            #expect(line.action == "user.password")
            #expect(!line.summary.contains("MatKhau"), "never a password in the log")
        }
    }

    @Test func aGeneratedPasswordIsShownOnceAndWorks() async throws {
        try await withMotCua { app in
            let admin = try await WebSession.admin(app)
            try await admin.get("/quan-tri/nguoi-dung/chuyenvien")
            let res = try await admin.post("/quan-tri/nguoi-dung/chuyenvien/mat-khau", fields: [("mode", "generate")])
            #expect(res.status == .ok)
            #expect(res.headers.first(name: .cacheControl) == "no-store")
            let html = res.body.string
            let range = try #require(html.range(of: #"<span class="password-once">([^<]+)</span>"#, options: .regularExpression))
            let password = String(html[range]).replacingOccurrences(of: "<span class=\"password-once\">", with: "")
                .replacingOccurrences(of: "</span>", with: "").removingHTMLEntities
            #expect(password.count == 14)
            _ = try await app.bearer("chuyenvien", password: password)
            let line = try #require(try await AdminFixtures.lastAudit(app))
            #expect(!line.summary.contains(password))
            // The page shown afterwards no longer has it.
            #expect(!(try await admin.get("/quan-tri/nguoi-dung/chuyenvien")).body.string.contains(password))
        }
    }

    @Test func creatingAndUnlockingWriteAuditLines() async throws {
        try await withMotCua { app in
            let admin = try await WebSession.admin(app)
            try await admin.get("/quan-tri/nguoi-dung")
            let res = try await admin.post("/quan-tri/nguoi-dung", fields: [("username", "motcua.moi"), ("fullName", "Vũ Thị Hạnh"), ("password", "MatKhau@123"),
                                                                          ("agency", DemoSeed.homeAgencyCode), ("roles[]", "receptionist"), ("roles[]", "specialist")])
            #expect(res.status == .seeOther)
            #expect(Set(try await AdminFixtures.user("motcua.moi", app).roles) == [.receptionist, .specialist])
            #expect(try await admin.post("/quan-tri/nguoi-dung/motcua.moi/mo-khoa", fields: []).status == .seeOther)
            let lines = try await AuditEntry.query(on: app.db).sort(\.$at).all()
            #expect(lines.map(\.action) == ["user.create", "user.unlock"])
            #expect(!lines[0].summary.contains("MatKhau"))
            #expect(try await admin.get("/quan-tri/nguoi-dung/khongco").status == .notFound)
        }
    }
}
