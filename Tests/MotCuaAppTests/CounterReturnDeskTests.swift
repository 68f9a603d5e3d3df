import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

@Suite("Counter return desk")
struct CounterReturnDeskTests {
    /// A dossier of the demo sequence taken to status 9 (resolved) through the API.
    func resolvedDossier(_ app: Application) async throws -> String {
        let created = try #require(try await app.createDossier(token: try await app.bearer("tiepnhan")))
        #expect(try await app.move(created.code, token: try await app.bearer("chuyenvien"), ["action": "start"]).1 == 4)
        #expect(try await app.move(created.code, token: try await app.bearer("lanhdao"), ["action": "resolve"]).1 == 9)
        return created.code
    }

    @Test func aScannedCodeShowsTheDossierAndHandsTheResultOverAtTheCounter() async throws {
        try await withMotCua { app in
            // setup
            let code = try await resolvedDossier(app)
            let session = WebSession(app: app)
            _ = try await session.login("tiepnhan")
            // act: the scanner types the code and Enter
            let found = try await session.get("/mot-cua/tra-ket-qua?ma=\(code.lowercased())")
            let handed = try await session.post("/mot-cua/tra-ket-qua/\(code)", form: ["delivery": "counter"])
            let confirmation = try await session.get(handed.counterLocation)
            // assert
            #expect(found.status == .ok)
            #expect(found.body.string.contains("action=\"/mot-cua/tra-ket-qua/\(code)\""))
            #expect(found.body.string.contains("Nguyễn Văn An"))
            #expect(handed.status == .seeOther)
            #expect(handed.counterLocation == "/mot-cua/tra-ket-qua?da-tra=\(code)")
            #expect(confirmation.body.string.contains("Đã trả kết quả hồ sơ \(code)"))
            let dossier = try #require(try await app.counterDossier(code))
            #expect(dossier.status == .returned)
            #expect(dossier.delivery == "counter")
            #expect(dossier.returnedAt != nil)
        }
    }

    @Test func byPostNeedsATrackingNumber() async throws {
        try await withMotCua { app in
            // setup
            let code = try await resolvedDossier(app)
            let session = WebSession(app: app)
            _ = try await session.login("tiepnhan")
            _ = try await session.get("/mot-cua/tra-ket-qua?ma=\(code)")
            // act
            let missing = try await session.post("/mot-cua/tra-ket-qua/\(code)", form: ["delivery": "post", "trackingNumber": " ", "note": "Gửi về nhà"])
            let stillResolved = try #require(try await app.counterDossier(code)).status
            let sent = try await session.post("/mot-cua/tra-ket-qua/\(code)", form: ["delivery": "post", "trackingNumber": "EE123456789VN"])
            // assert
            #expect(missing.status == .badRequest)
            #expect(missing.body.string.contains("số hiệu bưu gửi"))
            #expect(missing.body.string.contains("value=\"Gửi về nhà\""))
            #expect(stillResolved == .resolved)
            #expect(sent.status == .seeOther)
            let dossier = try #require(try await app.counterDossier(code))
            #expect(dossier.status == .returned)
            #expect(dossier.delivery == "post")
            #expect(dossier.postalTracking == "EE123456789VN")
        }
    }

    @Test func unknownCodesAndOtherAgenciesDossiersAreNotFound() async throws {
        try await withMotCua { app in
            // setup
            let code = try await resolvedDossier(app)
            let own = WebSession(app: app)
            _ = try await own.login("tiepnhan")
            let other = WebSession(app: app)
            _ = try await other.login("tiepnhan2")
            _ = try await other.get("/mot-cua/tra-ket-qua")
            // act
            let unknown = try await own.get("/mot-cua/tra-ket-qua?ma=000.00.21.H36-261122-9999")
            let foreign = try await other.get("/mot-cua/tra-ket-qua?ma=\(code)")
            let foreignHandOver = try await other.post("/mot-cua/tra-ket-qua/\(code)", form: ["delivery": "counter"])
            // assert
            for response in [unknown, foreign, foreignHandOver] {
                #expect(response.status == .notFound)
                #expect(response.body.string.contains("Không tìm thấy hồ sơ"))
                #expect(response.body.string.contains("id=\"return-code\""))
            }
            #expect(try #require(try await app.counterDossier(code)).status == .resolved)
        }
    }

    @Test func theLookupAddressFromTheQRCodeFindsTheDossierToo() async throws {
        try await withMotCua { app in
            // setup
            let code = try await resolvedDossier(app)
            let session = WebSession(app: app)
            _ = try await session.login("tiepnhan")
            // act
            let scanned = "http://motcua.lamdong.gov.vn/tra-cuu/\(code)"
            let found = try await session.get("/mot-cua/tra-ket-qua?ma=\(WebSession.encode(scanned))")
            // assert
            #expect(found.status == .ok)
            #expect(found.body.string.contains("id=\"return-form\""))
            #expect(found.body.string.contains("value=\"\(code)\""))
        }
    }

    @Test func aDossierWithoutResultShowsWhyItCannotBeReturned() async throws {
        try await withMotCua { app in
            // setup: accepted, not processed
            let created = try #require(try await app.createDossier(token: try await app.bearer("tiepnhan")))
            let session = WebSession(app: app)
            _ = try await session.login("tiepnhan")
            // act
            let found = try await session.get("/mot-cua/tra-ket-qua?ma=\(created.code)")
            let forced = try await session.post("/mot-cua/tra-ket-qua/\(created.code)", form: ["delivery": "counter"])
            // assert
            #expect(found.status == .ok)
            #expect(found.body.string.contains("chưa có kết quả để trả"))
            #expect(!found.body.string.contains("id=\"return-form\""))
            #expect(forced.status == .conflict)
            #expect(try #require(try await app.counterDossier(created.code)).status == .accepted)
        }
    }
}
