import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp

@Suite("Citizen accounts: registration, e-mail verification, login, password reset")
struct CitizenAccountTests {
    @Test("Registration answers 201 with the e-mail as username; the verification link (single use) opens the login")
    func registerVerifyLogin() async throws {
        try await withMotCua { app in
            let created = try await app.send(.POST, "/api/v1/citizens", json: [
                "fullName": "Nguyễn Văn An", "idNumber": "068095000001", "phone": "0912345678",
                "email": "An.Nguyen@Example.vn", "password": "Mat-khau-rieng-2026"])
            #expect(created.status == .created)
            #expect(created.json["username"] as? String == "an.nguyen@example.vn")
            #expect(created.json["emailVerified"] as? Bool == false)

            // Unverified: the right password still gets 403 email_not_verified.
            let early = try await app.send(.POST, "/api/v1/auth/login", json: ["username": "an.nguyen@example.vn", "password": "Mat-khau-rieng-2026"])
            #expect(early.status == .forbidden)
            #expect(early.errorCode == "email_not_verified")

            let link = try await app.lastMailLink(to: "an.nguyen@example.vn")
            #expect(link.contains("/xac-thuc-email/"))
            let path = URL(string: link)?.path ?? ""
            #expect(try await app.send(.GET, path).status == .ok)
            let again = try await app.send(.GET, path)
            #expect(again.status == .gone, "a verification link works once")

            let login = try await app.send(.POST, "/api/v1/auth/login", json: ["username": "an.nguyen@example.vn", "password": "Mat-khau-rieng-2026"])
            #expect(login.status == .ok)
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "an.nguyen@example.vn").first())
            #expect(user.roles == [.citizen])
            #expect(user.$agency.id == nil)
        }
    }

    @Test("A second account with the same CCCD or e-mail is 409 in Vietnamese, and nothing is created")
    func duplicates() async throws {
        try await withMotCua { app in
            let body: [String: Any] = ["fullName": "Nguyễn Văn An", "idNumber": "068095000002", "phone": "0912345678",
                                       "email": "an2@example.vn", "password": "Mat-khau-rieng-2026"]
            #expect(try await app.send(.POST, "/api/v1/citizens", json: body).status == .created)
            var sameID = body; sameID["email"] = "khac@example.vn"
            let first = try await app.send(.POST, "/api/v1/citizens", json: sameID)
            #expect(first.status == .conflict)
            #expect(first.errorCode == "account_exists")
            #expect(first.text.contains("CCCD"))
            var sameMail = body; sameMail["idNumber"] = "068095000003"
            let second = try await app.send(.POST, "/api/v1/citizens", json: sameMail)
            #expect(second.status == .conflict)
            #expect(try await User.query(on: app.db).filter(\.$username == "khac@example.vn").count() == 0)
            #expect(try await User.query(on: app.db).filter(\.$idNumber == "068095000003").count() == 0)
        }
    }

    @Test("Passwords under 10 characters or among the 1,000 most common are refused; bad fields are named")
    func passwordPolicy() async throws {
        try await withMotCua { app in
            func register(_ password: String, id: String) async throws -> Answer {
                try await app.send(.POST, "/api/v1/citizens", json: ["fullName": "Trần Thị Bích", "idNumber": id, "phone": "0912345678",
                                                                      "email": "b\(id)@example.vn", "password": password])
            }
            let short = try await register("ngan-qua", id: "068195000010")
            #expect(short.status == .unprocessableEntity)
            #expect(short.errorCode == "weak_password")
            let common = try await register("qwertyuiop", id: "068195000011")
            #expect(common.status == .unprocessableEntity)
            #expect(common.errorCode == "common_password")
            let badID = try await app.send(.POST, "/api/v1/citizens", json: ["fullName": "Trần Thị Bích", "idNumber": "123", "phone": "0912345678",
                                                                             "email": "c@example.vn", "password": "Mat-khau-rieng-2026"])
            #expect(badID.status == .unprocessableEntity)
            #expect(try await User.query(on: app.db).filter(\.$rolesValue == Role.citizen.rawValue).count() == 1, "only the demo citizen")
        }
    }

    @Test("Verification links: unknown → 404, expired after 24 h → 410, and the account stays unverified")
    func expiredAndUnknownTokens() async throws {
        try await withMotCua { app in
            #expect(try await app.send(.GET, "/xac-thuc-email/khong-ton-tai").status == .notFound)
            let now = Date()
            app.clock.set(now)
            _ = try await app.send(.POST, "/api/v1/citizens", json: ["fullName": "Phạm Văn Cường", "idNumber": "068095000020", "phone": "0912345678",
                                                                      "email": "cuong@example.vn", "password": "Mat-khau-rieng-2026"])
            let path = URL(string: try await app.lastMailLink(to: "cuong@example.vn"))?.path ?? ""
            app.clock.set(now.addingTimeInterval(24 * 3600 + 60))
            let late = try await app.send(.GET, path)
            #expect(late.status == .gone)
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "cuong@example.vn").first())
            #expect(user.emailVerifiedAt == nil)
        }
    }

    @Test("Forgotten password: the e-mailed link sets a new password once; old bearer tokens stop working")
    func passwordReset() async throws {
        try await withMotCua { app in
            let (email, oldToken) = try await app.citizen(30)
            let session = WebSession(app: app)
            _ = try await session.get("/quen-mat-khau")
            let asked = try await session.post("/quen-mat-khau", form: ["email": email])
            #expect(asked.status == .ok)
            let link = try await app.lastMailLink(to: email)
            #expect(link.contains("/dat-lai-mat-khau/"))
            let path = URL(string: link)?.path ?? ""
            _ = try await session.get(path)
            let weak = try await session.post(path, form: ["password": "123456789", "confirm": "123456789"])
            #expect(weak.status == .unprocessableEntity, "the citizen rule applies")
            let done = try await session.post(path, form: ["password": "Mat-khau-moi-2027", "confirm": "Mat-khau-moi-2027"])
            #expect(done.status == .seeOther || done.status == .found)
            #expect(try await app.send(.GET, "/api/v1/me", token: oldToken).status == .unauthorized)
            #expect(try await app.send(.POST, "/api/v1/auth/login", json: ["username": email, "password": "Mat-khau-moi-2027"]).status == .ok)
            let reused = try await session.post(path, form: ["password": "Mat-khau-khac-2028", "confirm": "Mat-khau-khac-2028"])
            #expect(reused.status == .gone)
        }
    }

    @Test("An administrator cannot give a citizen an officer's role")
    func citizenRoleIsExclusive() async throws {
        try await withMotCua { app in
            let admin = WebSession(app: app)
            _ = try await admin.login("quantri")
            _ = try await admin.get("/quan-tri/nguoi-dung/congdan")
            let answer = try await admin.post("/quan-tri/nguoi-dung/congdan", form: ["fullName": "Trần Văn Bình", "roles[]": "receptionist", "agency": DemoSeed.homeAgencyCode, "isActive": "on"])
            #expect(answer.status == .unprocessableEntity)
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "congdan").first())
            #expect(user.roles == [.citizen])
        }
    }
}
