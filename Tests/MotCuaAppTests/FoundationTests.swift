import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp

@Suite("Health, accounts and bad input")
struct FoundationTests {
    @Test func healthAnswersWithTheDatabaseName() async throws {
        try await withMotCua(seed: false) { app in
            try await app.testing().test(.GET, "/health") { res in
                #expect(res.status == .ok)
                let database = try res.content.get(String.self, at: "database")
                #expect(try res.content.get(String.self, at: "status") == "ok")
                #expect(["sqlite", "postgresql"].contains(database))
            }
        }
    }

    @Test func apiLoginIssuesATokenThatIdentifiesTheOfficer() async throws {
        try await withMotCua { app in
            let token = try await app.bearer("tiepnhan")
            try await app.testing().test(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(token)"]) { res in
                #expect(res.status == .ok)
                struct Me: Decodable { let username: String; let fullName: String; let roles: [String]; let agency: Agency? }
                struct Agency: Decodable { let code: String; let name: String }
                let me = try JSONDecoder().decode(Me.self, from: Data(res.body.readableBytesView))
                #expect(me.username == "tiepnhan")
                #expect(me.roles == ["receptionist"])
                #expect(me.agency?.code == "000.00.21.H36")
                #expect(me.agency?.name == "Ủy ban nhân dân thành phố Đà Lạt")
            }
        }
    }

    @Test func meWithoutOrWithABadTokenIs401() async throws {
        try await withMotCua { app in
            try await app.testing().test(.GET, "/api/v1/me") { res in
                #expect(res.status == .unauthorized)
                #expect(res.apiError?.error.code == "unauthorized")
            }
            try await app.testing().test(.GET, "/api/v1/me", headers: ["Authorization": "Bearer not-a-token"]) { res in
                #expect(res.status == .unauthorized)
            }
        }
    }

    @Test func wrongPasswordIs401InVietnameseAndTheSixthAttemptWaits() async throws {
        try await withMotCua { app in
            let start = Date()
            app.clock.set(start)
            for _ in 1...5 {
                try await app.testing().test(.POST, "/api/v1/auth/login", beforeRequest: { req in
                    try req.content.encode(["username": "chuyenvien", "password": "sai-mat-khau"])
                }, afterResponse: { res in
                    #expect(res.status == .unauthorized)
                    #expect(res.apiError?.error.code == "invalid_credentials")
                    #expect(res.apiError?.error.message.contains("không đúng") == true)
                })
            }
            // Backing off: even the right password waits (429, Retry-After) until the wait is over…
            try await app.testing().test(.POST, "/api/v1/auth/login", beforeRequest: { req in
                try req.content.encode(["username": "chuyenvien", "password": DemoSeed.password])
            }, afterResponse: { res in
                #expect(res.status == .tooManyRequests)
                #expect(res.apiError?.error.code == "too_many_login_attempts")
                #expect(res.headers.first(name: .retryAfter) != nil)
            })
            // …and is accepted once it is.
            app.clock.set(start.addingTimeInterval(31))
            _ = try await app.bearer("chuyenvien")
        }
    }

    @Test func malformedJSONIs400WithAVietnameseMessageAndNoTokenWritten() async throws {
        try await withMotCua { app in
            try await app.testing().test(.POST, "/api/v1/auth/login", headers: ["Content-Type": "application/json"],
                                         body: ByteBuffer(string: "{\"username\": \"tiepnhan\", ")) { res in
                #expect(res.status == .badRequest)
                #expect(res.apiError?.error.code == "invalid_body")
                #expect(res.apiError?.error.message.contains("JSON") == true)
            }
            try await app.testing().test(.POST, "/api/v1/auth/login", beforeRequest: { req in
                try req.content.encode(["username": "tiepnhan"])
            }, afterResponse: { res in
                #expect(res.status == .badRequest)
                #expect(res.apiError?.error.message.contains("password") == true)
            })
            #expect(try await ApiToken.query(on: app.db).count() == 0)
        }
    }

    @Test func oversizedBodyIs413NotA500() async throws {
        try await withMotCua(seed: false) { app in
            let big = String(repeating: "x", count: 2 * 1024 * 1024)
            try await app.testing(method: .running(port: 0)).test(.POST, "/api/v1/auth/login", headers: ["Content-Type": "application/json"],
                                                                 body: ByteBuffer(string: "{\"username\":\"\(big)\",\"password\":\"x\"}")) { res in
                #expect(res.status == .payloadTooLarge)
                #expect(res.apiError?.error.code == "payload_too_large")
            }
        }
    }

    @Test func unknownApiRouteIsJSON404() async throws {
        try await withMotCua(seed: false) { app in
            try await app.testing().test(.GET, "/api/v1/khong-co") { res in
                #expect(res.status == .notFound)
                #expect(res.apiError?.error.message.isEmpty == false)
            }
        }
    }
}
