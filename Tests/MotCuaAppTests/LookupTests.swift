import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// The citizen's view of a dossier: `/tra-cuu` pages and `GET /api/v1/lookup/{code}`.
@Suite("Lookup: public API and pages")
struct LookupTests {
    /// The applicant of `applicantJSON(1)`: none of these may ever reach the public.
    static let privateDetails = ["068095000001", "0912345678", "an.nguyen@example.vn", "12 Trần Phú", "Nguyễn Văn An"]

    static func json(_ response: TestingHTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    /// A dossier taken through the demo sequence to status 10 (returned at the counter).
    static func returnedDossier(_ app: Application) async throws -> String {
        let reception = try await app.bearer("tiepnhan")
        let created = try #require(try await app.createDossier(token: reception))
        #expect(try await app.move(created.code, token: try await app.bearer("chuyenvien"), ["action": "start"]).1 == 4)
        #expect(try await app.move(created.code, token: try await app.bearer("lanhdao"), ["action": "resolve"]).1 == 9)
        #expect(try await app.move(created.code, token: reception, ["action": "return", "delivery": "counter"]).1 == 10)
        return created.code
    }

    @Test func apiAnswersExactlyTheContractKeysWithExplicitNulls() async throws {
        try await withMotCua { app in
            // setup
            let created = try #require(try await app.createDossier(token: try await app.bearer("tiepnhan")))
            // act
            let response = try await app.testing().sendRequest(.GET, "/api/v1/lookup/\(created.code)")
            // assert
            #expect(response.status == .ok)
            let body = try Self.json(response)
            #expect(Set(body.keys) == ["code", "procedure", "status", "applicantName", "receivedAt", "appointmentAt",
                                       "resolvedAt", "returnedAt", "timeline"])
            #expect(body["code"] as? String == created.code)
            let procedure = try #require(body["procedure"] as? [String: Any])
            #expect(Set(procedure.keys) == ["code", "name"])
            #expect(procedure["code"] as? String == ownAgencyProcedure)
            let status = try #require(body["status"] as? [String: Any])
            #expect(Set(status.keys) == ["code", "label"])
            #expect(status["code"] as? Int == 2)
            #expect(status["label"] as? String == "Đã tiếp nhận")
            #expect(body["resolvedAt"] is NSNull)
            #expect(body["returnedAt"] is NSNull)
            let received = try #require(body["receivedAt"] as? String)
            #expect(ISO8601DateFormatter().date(from: received) != nil)
            let appointment = try #require(body["appointmentAt"] as? String)
            #expect(ISO8601DateFormatter().date(from: appointment) == created.appointmentAt)
            let timeline = try #require(body["timeline"] as? [[String: Any]])
            #expect(timeline.map { $0["action"] as? String } == ["intake", "accept"])
        }
    }

    @Test func returnedDossierShowsAllItsDatesInTheAPI() async throws {
        try await withMotCua { app in
            // setup
            let code = try await Self.returnedDossier(app)
            // act
            let response = try await app.testing().sendRequest(.GET, "/api/v1/lookup/\(code)")
            // assert
            let body = try Self.json(response)
            #expect((body["status"] as? [String: Any])?["code"] as? Int == 10)
            for key in ["receivedAt", "appointmentAt", "resolvedAt", "returnedAt"] {
                #expect(body[key] is String, "\(key) should be set")
            }
            let timeline = try #require(body["timeline"] as? [[String: Any]])
            #expect(timeline.compactMap { $0["action"] as? String } == ["intake", "accept", "start", "resolve", "return"])
        }
    }

    @Test func neverShowsIdentityContactOrFullName() async throws {
        try await withMotCua { app in
            // setup
            let code = try #require(try await app.createDossier(token: try await app.bearer("tiepnhan"))).code
            // act
            let api = try await app.testing().sendRequest(.GET, "/api/v1/lookup/\(code)")
            let page = try await app.testing().sendRequest(.GET, "/tra-cuu/\(code)")
            // assert
            #expect(page.status == .ok)
            for text in [api.body.string, page.body.string] {
                for secret in Self.privateDetails {
                    #expect(!text.contains(secret), "“\(secret)” leaked")
                }
                #expect(text.contains("Nguyễn V. A."))
            }
            #expect(try Self.json(api)["applicantName"] as? String == "Nguyễn V. A.")
        }
    }

    @Test func timelineSaysWhatAndWhenButNeverWho() async throws {
        try await withMotCua { app in
            // setup
            let code = try await Self.returnedDossier(app)
            let officers = try await User.query(on: app.db).all().map(\.fullName)
            #expect(officers.count >= 4)
            // act
            let api = try await app.testing().sendRequest(.GET, "/api/v1/lookup/\(code)")
            let page = try await app.testing().sendRequest(.GET, "/tra-cuu/\(code)")
            // assert
            let timeline = try #require(try Self.json(api)["timeline"] as? [[String: Any]])
            #expect(!timeline.isEmpty)
            for entry in timeline {
                #expect(entry["actor"] == nil)
                #expect(entry["fromUnit"] == nil && entry["toUnit"] == nil)
                #expect(entry["at"] is String)
            }
            for name in officers {
                #expect(!api.body.string.contains(name), "officer \(name) named in the API")
                #expect(!page.body.string.contains(name), "officer \(name) named on the page")
            }
        }
    }

    @Test func unknownOrMalformedCodeIs404InVietnamese() async throws {
        try await withMotCua { app in
            // setup
            let unknown = "000.00.21.H36-261122-0999"
            // act
            let api = try await app.testing().sendRequest(.GET, "/api/v1/lookup/\(unknown)")
            let malformed = try await app.testing().sendRequest(.GET, "/api/v1/lookup/abc")
            let page = try await app.testing().sendRequest(.GET, "/tra-cuu/\(unknown)")
            let badPage = try await app.testing().sendRequest(.GET, "/tra-cuu/abc")
            // assert
            #expect(api.status == .notFound)
            #expect(api.apiError?.error.code == "dossier_not_found")
            #expect(api.apiError?.error.message.contains("Không tìm thấy hồ sơ") == true)
            #expect(malformed.status == .notFound)
            #expect(malformed.apiError?.error.code == "dossier_not_found")
            #expect(page.status == .notFound)
            #expect(page.body.string.contains("Không tìm thấy hồ sơ có mã \(unknown)"))
            #expect(page.body.string.contains("action=\"/tra-cuu\""))
            #expect(badPage.status == .notFound)
            #expect(badPage.body.string.contains("không đúng định dạng"))
        }
    }

    @Test func returnedDossierPageShowsItsStatusTimesAndBarcodes() async throws {
        try await withMotCua { app in
            // setup
            let code = try await Self.returnedDossier(app)
            // act
            let page = try await app.testing().sendRequest(.GET, "/tra-cuu/\(code)")
            // assert
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("Đã trả kết quả"))
            #expect(html.contains("tone-done"))
            #expect(html.contains("Đăng ký khai sinh có yếu tố nước ngoài"))
            #expect(html.contains("Ngày trả kết quả"))
            #expect(!html.contains("Chưa có"), "every date of a returned dossier is known")
            #expect(html.contains("class=\"barcode-128\" src=\"data:image/svg+xml;base64,"))
            #expect(html.contains("class=\"barcode-qr\" src=\"data:image/svg+xml;base64,"))
            #expect(html.contains("/tra-cuu/\(code)"))
        }
    }

    @Test func barcodeImagesEncodeTheCodeAndThePageAddress() async throws {
        try await withMotCua { app in
            // setup
            app.settings.publicBaseURL = "https://dichvucong.example.vn/"
            let code = try #require(try await app.createDossier(token: try await app.bearer("tiepnhan"))).code
            // act
            let html = try await app.testing().sendRequest(.GET, "/tra-cuu/\(code)").body.string
            // assert
            let url = "https://dichvucong.example.vn/tra-cuu/\(code)"
            #expect(html.contains(url))
            #expect(html.contains(LookupDossierPage.dataURI(try Code128.svg(code, moduleWidth: 3, height: 240))))
            #expect(html.contains(LookupDossierPage.dataURI(try QRCode(url).svg(moduleSize: 6))))
        }
    }

    @Test func searchFieldAcceptsTypedOrScannedCodes() async throws {
        try await withMotCua { app in
            // setup
            let code = try #require(try await app.createDossier(token: try await app.bearer("tiepnhan"))).code
            let scanned = "  " + code.lowercased() + " "
            // act
            let form = try await app.testing().sendRequest(.GET, "/tra-cuu")
            let redirect = try await app.testing().sendRequest(.GET, "/tra-cuu?ma=" + WebSession.encode(scanned))
            let wrong = try await app.testing().sendRequest(.GET, "/tra-cuu?ma=12345")
            let lowerPath = try await app.testing().sendRequest(.GET, "/tra-cuu/" + code.lowercased())
            // assert
            #expect(form.status == .ok)
            #expect(form.body.string.contains("autofocus"))
            #expect(form.body.string.contains("Giấy tiếp nhận hồ sơ và hẹn trả kết quả"))
            #expect(redirect.status == .seeOther)
            #expect(redirect.headers.first(name: .location) == "/tra-cuu/\(code)")
            #expect(wrong.status == .badRequest)
            #expect(wrong.body.string.contains("class=\"alert error\""))
            #expect(wrong.body.string.contains("value=\"12345\""))
            #expect(lowerPath.status == .seeOther)
            #expect(lowerPath.headers.first(name: .location) == "/tra-cuu/\(code)")
        }
    }

    @Test func lookupCreatesNoSessionForAVisitor() async throws {
        try await withMotCua { app in
            // setup
            let code = try #require(try await app.createDossier(token: try await app.bearer("tiepnhan"))).code
            let before = try await SessionRecord.query(on: app.db).count()
            // act
            let page = try await app.testing().sendRequest(.GET, "/tra-cuu/\(code)")
            // assert
            #expect(page.status == .ok)
            #expect(page.headers.first(name: .setCookie) == nil)
            #expect(try await SessionRecord.query(on: app.db).count() == before)
        }
    }
}

@Suite("Lookup: rate limit")
struct LookupRateLimitTests {
    @Test func apiAnswers429WithRetryAfterOnceTheLimitIsReached() async throws {
        try await withMotCua { app in
            // setup
            app.settings.lookupRateLimitPerMinute = 3
            app.clock.set(LocalDate(year: 2026, month: 11, day: 23).at(hour: 9, minute: 0).addingTimeInterval(15))
            let path = "/api/v1/lookup/000.00.21.H36-261122-0999"
            // act
            var statuses: [HTTPStatus] = []
            for _ in 0..<3 { statuses.append(try await app.testing().sendRequest(.GET, path).status) }
            let limited = try await app.testing().sendRequest(.GET, path)
            // assert
            #expect(statuses == [.notFound, .notFound, .notFound])
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers.first(name: .retryAfter) == "45")
            #expect(limited.apiError?.error.code == "rate_limited")
            #expect(limited.apiError?.error.message.contains("Vui lòng đợi") == true)
            // Other endpoints are not counted against the lookup.
            #expect(try await app.testing().sendRequest(.GET, "/health").status == .ok)
        }
    }

    @Test func pagesHaveTheirOwnBucketAndAnswerWithAPage() async throws {
        try await withMotCua { app in
            // setup
            app.settings.lookupRateLimitPerMinute = 2
            app.clock.set(LocalDate(year: 2026, month: 11, day: 23).at(hour: 9, minute: 0))
            _ = try await app.testing().sendRequest(.GET, "/api/v1/lookup/abc")
            _ = try await app.testing().sendRequest(.GET, "/api/v1/lookup/abc")
            // act
            let first = try await app.testing().sendRequest(.GET, "/tra-cuu")
            let second = try await app.testing().sendRequest(.GET, "/tra-cuu")
            let third = try await app.testing().sendRequest(.GET, "/tra-cuu")
            // assert
            #expect(first.status == .ok)
            #expect(second.status == .ok)
            #expect(third.status == .tooManyRequests)
            #expect(third.headers.first(name: .retryAfter) == "60")
            #expect(third.headers.contentType?.subType == "html")
            #expect(third.body.string.contains("Vui lòng đợi"))
        }
    }

    @Test func theNextMinuteOpensANewWindow() {
        // setup
        let limiter = RateLimiter()
        let start = LocalDate(year: 2026, month: 11, day: 23).at(hour: 9, minute: 0)
        // act
        let inWindow = (0..<3).map { _ in limiter.admit("203.0.113.7", limit: 2, now: start.addingTimeInterval(50)) }
        let other = limiter.admit("203.0.113.8", limit: 2, now: start.addingTimeInterval(55))
        let next = limiter.admit("203.0.113.7", limit: 2, now: start.addingTimeInterval(61))
        // assert
        #expect(inWindow == [.allowed, .allowed, .limited(retryAfter: 10)])
        #expect(other == .allowed)
        #expect(next == .allowed)
        #expect(limiter.trackedClients == 1, "the previous minute's counters are dropped")
    }

    @Test func memoryStaysBoundedUnderManyAddresses() {
        // setup
        let limiter = RateLimiter(maxClients: 100)
        let now = LocalDate(year: 2026, month: 11, day: 23).at(hour: 9, minute: 0)
        // act
        let decisions = (0..<1_000).map { limiter.admit("198.51.100.\($0)", limit: 1_000, now: now) }
        // assert
        #expect(limiter.trackedClients == 101, "100 clients plus the shared overflow counter")
        #expect(decisions.allSatisfy { $0 == .allowed })
        // The overflow counter is shared: it limits the unknown crowd as one client.
        #expect(limiter.admit("192.0.2.1", limit: 900, now: now) == .limited(retryAfter: 60))
    }
}
