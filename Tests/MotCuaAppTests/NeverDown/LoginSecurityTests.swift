import NIOCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp

/// Issue 7, "nobody gets in": five wrong passwords locked any officer for 15 minutes (anyone could lock a counter
/// out), only real accounts were told "còn N lần thử", 60 rapid attempts got 60 × 401, concurrent guesses lost
/// counter updates, the session id survived login, a deactivated user kept working, and `next` redirected off-site.
@Suite("Nobody in: login, sessions, redirects")
struct LoginSecurityTests {
    /// Back-off is a matter of seconds: the clock is pinned so that a slow machine cannot let a wait run out mid-test.
    static let pinned = Date(timeIntervalSince1970: 1_807_000_000)

    static func apiLogin(_ app: Application, _ username: String, _ password: String) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(.POST, "/api/v1/auth/login", headers: ["Content-Type": "application/json"],
                                            body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#))
    }

    @Test func knownAndUnknownAccountsGetTheSameAnswersAndBothBackOff() async throws {
        try await withMotCua { app in
            app.clock.set(Self.pinned)
            var known: [(UInt, String)] = [], unknown: [(UInt, String)] = []
            for _ in 1...6 {
                let a = try await Self.apiLogin(app, "tiepnhan", "sai-mat-khau")
                known.append((a.status.code, a.apiError?.error.message ?? ""))
                let b = try await Self.apiLogin(app, "khongtontai", "sai-mat-khau")
                unknown.append((b.status.code, b.apiError?.error.message.replacingOccurrences(of: "khongtontai", with: "tiepnhan") ?? ""))
            }
            #expect(known.map(\.0) == [401, 401, 401, 401, 401, 429])
            #expect(known.map(\.0) == unknown.map(\.0))
            #expect(known.prefix(5).map(\.1) == unknown.prefix(5).map(\.1))
            #expect(!known.contains { $0.1.contains("lần thử") }, "the number of attempts left reveals the account")
            let limited = try await Self.apiLogin(app, "tiepnhan", "MotCua@2026")
            #expect(limited.status == .tooManyRequests, "even the right password waits out the back-off")
            #expect(Int(limited.headers.first(name: .retryAfter) ?? "") ?? 0 > 0)
            #expect(limited.apiError?.error.message.contains("Vui lòng đợi") == true)

            // After the wait the owner gets in, and the account's counters start again.
            app.clock.set(Self.pinned.addingTimeInterval(31))
            #expect(try await Self.apiLogin(app, "tiepnhan", "MotCua@2026").status == .ok)
            #expect(try await Self.apiLogin(app, "tiepnhan", "sai").status == .unauthorized)
        }
    }

    @Test func theAttackersAddressBacksOffWhileTheOfficersDoesNot() async throws {
        try await withMotCua { app in
            app.clock.set(Self.pinned)
            let now = Self.pinned
            let attacker = LoginThrottle.Attempt(username: "tiepnhan", address: "203.0.113.9")
            for _ in 1...5 { try await LoginThrottle.admit(attacker, now: now, on: app.db) }
            await #expect(throws: AppError.self) { try await LoginThrottle.admit(attacker, now: now, on: app.db) }
            // The officer at the counter, on another address, is not locked out.
            let officer = LoginThrottle.Attempt(username: "tiepnhan", address: "10.0.0.21")
            try await LoginThrottle.admit(officer, now: now, on: app.db)
            // The back-off doubles while the attacker keeps failing, up to 15 minutes.
            #expect(LoginThrottle.perAccountAndAddress.delay(afterAttempt: 5) == 30)
            #expect(LoginThrottle.perAccountAndAddress.delay(afterAttempt: 6) == 60)
            #expect(LoginThrottle.perAccountAndAddress.delay(afterAttempt: 50) == 900)
            #expect(LoginThrottle.perAccount.delay(afterAttempt: 1_000) == 20, "many addresses slow an account, never lock it")
        }
    }

    @Test func oneAddressCannotGuessAcrossManyAccounts() async throws {
        try await withMotCua { app in
            app.clock.set(Self.pinned)
            var statuses: [UInt] = []
            for index in 0..<32 {
                statuses.append(try await Self.apiLogin(app, "nguoi\(index)", "sai").status.code)
            }
            #expect(statuses.prefix(30).allSatisfy { $0 == 401 })
            #expect(statuses.suffix(2).allSatisfy { $0 == 429 })
        }
    }

    @Test func concurrentGuessesAreCountedAtomically() async throws {
        try await withMotCua { app in
            app.clock.set(Self.pinned)
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for _ in 0..<16 { group.addTask { try await Self.apiLogin(app, "chuyenvien", "doan-mo").status.code } }
                return try await group.reduce(into: [UInt]()) { $0.append($1) }
            }
            // 16 at once used to get 32 password checks; now at most the five free attempts reach bcrypt.
            #expect(statuses.filter { $0 == 401 }.count <= 5)
            #expect(statuses.filter { $0 == 429 }.count >= 11)
            #expect(statuses.allSatisfy { $0 == 401 || $0 == 429 })
        }
    }

    @Test func theAdministratorLiftsABackOff() async throws {
        try await withMotCua { app in
            app.clock.set(Self.pinned)
            for _ in 1...5 { _ = try await Self.apiLogin(app, "lanhdao", "sai") }
            #expect(try await Self.apiLogin(app, "lanhdao", "MotCua@2026").status == .tooManyRequests)
            let admin = WebSession(app: app)
            _ = try await admin.login("quantri")
            let list = try await admin.get("/quan-tri/nguoi-dung?q=lanhdao")
            #expect(list.status == .ok)
            #expect(list.body.string.contains("Tạm khóa"), "\(list.body.string.suffix(1500))")
            #expect(try await admin.post("/quan-tri/nguoi-dung/lanhdao/mo-khoa", form: [:]).status == .seeOther)
            #expect(try await Self.apiLogin(app, "lanhdao", "MotCua@2026").status == .ok)
        }
    }

    @Test func theSessionIdIsRenewedAtLogin() async throws {
        try await withMotCua { app in
            app.clock.set(Self.pinned)
            let web = WebSession(app: app)
            try await web.get("/dang-nhap")
            let planted = try #require(web.cookie)
            let login = try await web.login("tiepnhan")
            #expect(login.status == .seeOther)
            let renewed = try #require(web.cookie)
            #expect(renewed != planted)
            // Whoever planted the first id has nothing.
            let attacker = WebSession(app: app)
            attacker.cookie = planted
            let res = try await attacker.get("/mot-cua")
            #expect(res.status == .seeOther)
            #expect(res.headers.first(name: .location)?.hasPrefix("/dang-nhap") == true)
            #expect(try await web.get("/mot-cua").status == .ok)
        }
    }

    @Test func aDeactivatedOfficerLosesTheOpenSession() async throws {
        try await withMotCua { app in
            app.clock.set(Self.pinned)
            let officer = WebSession(app: app)
            _ = try await officer.login("chuyenvien")
            #expect(try await officer.get("/xu-ly").status == .ok)
            let admin = WebSession(app: app)
            _ = try await admin.login("quantri")
            try await admin.get("/quan-tri/nguoi-dung")
            #expect(try await admin.post("/quan-tri/nguoi-dung/chuyenvien/kich-hoat", form: [:]).status == .seeOther)
            let after = try await officer.get("/xu-ly")
            #expect(after.status == .seeOther, "the open browser session must end")
            #expect(after.headers.first(name: .location)?.hasPrefix("/dang-nhap") == true)
        }
    }

    @Test func loginRedirectsOnlyToPathsOfThisSite() async throws {
        let hostile = ["/\t/evil.example", "/%09/evil.example", "//evil.example", "/\\evil.example", "https://evil.example",
                       "/\n/evil.example", "/ /evil.example", " /x", "javascript:alert(1)", "/\u{0}x", "\\\\evil.example",
                       "/\u{3000}/evil.example", String(repeating: "/a", count: 2_000)]
        for next in hostile {
            #expect(WebAuthController.safeNext(next) == "/", "\(next.debugDescription.prefix(40))")
        }
        for next in ["/xu-ly", "/ho-so/000.00.21.H36-270414-0001", "/thu-tuc?q=khai+sinh&page=2"] {
            #expect(WebAuthController.safeNext(next) == next)
        }
        try await withMotCua { app in
            app.clock.set(Self.pinned)
            let web = WebSession(app: app)
            try await web.get("/dang-nhap")
            let res = try await web.post("/dang-nhap", form: ["username": "tiepnhan", "password": "MotCua@2026", "next": "/\t/evil.example"])
            #expect(res.status == .seeOther)
            #expect(res.headers.first(name: .location) == "/mot-cua")
        }
    }
}

@Suite("Client address behind a proxy")
struct ClientAddressTests {
    @Test func forwardedForIsBelievedOnlyFromATrustedProxy() async throws {
        try await withMotCua(seed: false) { app in
            func request(peer: String, forwarded: String?) throws -> Request {
                var headers = HTTPHeaders()
                if let forwarded { headers.add(name: .xForwardedFor, value: forwarded) }
                return Request(application: app, method: .GET, url: URI(string: "/"), headers: headers,
                               remoteAddress: try SocketAddress(ipAddress: peer, port: 40000), on: app.eventLoopGroup.next())
            }
            let trusted: Set<String> = ["10.0.0.5"]
            let direct = try request(peer: "203.0.113.7", forwarded: "1.2.3.4")
            let viaProxy = try request(peer: "10.0.0.5", forwarded: "1.2.3.4, 198.51.100.20")
            let proxyTwice = try request(peer: "10.0.0.5", forwarded: "198.51.100.20, 10.0.0.5")
            let proxyAlone = try request(peer: "10.0.0.5", forwarded: nil)
            #expect(direct.clientAddress(trusting: trusted) == "203.0.113.7", "a client cannot pick its bucket")
            #expect(viaProxy.clientAddress(trusting: trusted) == "198.51.100.20")
            #expect(proxyTwice.clientAddress(trusting: trusted) == "198.51.100.20")
            #expect(proxyAlone.clientAddress(trusting: trusted) == "10.0.0.5")
            #expect(viaProxy.clientAddress(trusting: []) == "10.0.0.5", "no proxy is trusted unless configured")
        }
    }
}
