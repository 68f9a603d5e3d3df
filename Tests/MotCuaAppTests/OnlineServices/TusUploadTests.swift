import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp

@Suite("tus 1.0 uploads: creation, resumption, termination, and every refusal")
struct TusUploadTests {
    let tus = ("Tus-Resumable", "1.0.0")
    let octets = ("Content-Type", "application/offset+octet-stream")

    @Test("An upload sent in two PATCHes resumes at the offset HEAD reports, and is complete after the second")
    func resumes() async throws {
        try await withMotCua { app in
            let token = try await app.bearer("congdan")
            let data = samplePDF(String(repeating: "x", count: 3_000))
            let created = try await app.send(.POST, "/api/v1/uploads", token: token, headers: [tus, ("Upload-Length", String(data.count)),
                                                                                                ("Upload-Metadata", "filename " + Data("tờ khai.pdf".utf8).base64EncodedString())])
            #expect(created.status == .created)
            #expect(created.headers.first(name: "Tus-Resumable") == "1.0.0")
            let location = try #require(created.headers.first(name: .location))
            let first = try await app.send(.PATCH, location, token: token, headers: [tus, octets, ("Upload-Offset", "0")], body: data.prefix(1_000))
            #expect(first.status == .noContent)
            #expect(first.headers.first(name: "Upload-Offset") == "1000")
            let head = try await app.send(.HEAD, location, token: token, headers: [tus])
            #expect(head.headers.first(name: "Upload-Offset") == "1000")
            #expect(head.headers.first(name: "Upload-Length") == String(data.count))
            let rest = try await app.send(.PATCH, location, token: token, headers: [tus, octets, ("Upload-Offset", "1000")], body: data.dropFirst(1_000))
            #expect(rest.headers.first(name: "Upload-Offset") == String(data.count))
            let upload = try #require(try await ResumableUpload.find(UUID(uuidString: String(location.split(separator: "/").last ?? "")), on: app.db))
            let bytes = try await ResumableUploadStore.contents(of: upload, on: app.db)
            #expect(Data(bytes.readableBytesView) == data)
            #expect(upload.filename == "tờ khai.pdf")
        }
    }

    @Test("One PATCH of 3 MB streams through (no middleware collects it against the 1 MB form limit)")
    func largePatch() async throws {
        try await withMotCua { app in
            let token = try await app.bearer("congdan")
            let data = samplePDF(String(repeating: "y", count: 3_000_000))
            let id = try await app.tusUpload(data, token: token)
            let upload = try #require(try await ResumableUpload.find(UUID(uuidString: id), on: app.db))
            #expect(upload.uploadOffset == Int64(data.count))
            let stored = try await ResumableUploadStore.contents(of: upload, on: app.db)
            #expect(Data(stored.readableBytesView) == data)
        }
    }

    @Test("Refusals: no Tus-Resumable 412, too large 413, wrong offset 409, past the length 413, wrong type 415 — offset unchanged")
    func refusals() async throws {
        try await withMotCua { app in
            let token = try await app.bearer("congdan")
            let missing = try await app.send(.POST, "/api/v1/uploads", token: token, headers: [("Upload-Length", "10")])
            #expect(missing.status == .preconditionFailed)
            #expect(missing.headers.first(name: "Tus-Version") == "1.0.0")
            #expect(missing.text.contains("Tus-Resumable"))
            let huge = try await app.send(.POST, "/api/v1/uploads", token: token, headers: [tus, ("Upload-Length", "999999999999")])
            #expect(huge.status == .payloadTooLarge)
            let absurd = try await app.send(.POST, "/api/v1/uploads", token: token, headers: [tus, ("Upload-Length", "99999999999999999999999")])
            #expect(absurd.status == .badRequest)
            let created = try await app.send(.POST, "/api/v1/uploads", token: token, headers: [tus, ("Upload-Length", "100")])
            let location = try #require(created.headers.first(name: .location))
            let wrongOffset = try await app.send(.PATCH, location, token: token, headers: [tus, octets, ("Upload-Offset", "5")], body: Data(repeating: 1, count: 10))
            #expect(wrongOffset.status == .conflict)
            #expect(wrongOffset.headers.first(name: "Upload-Offset") == "0")
            let tooLong = try await app.send(.PATCH, location, token: token, headers: [tus, octets, ("Upload-Offset", "0")], body: Data(repeating: 1, count: 150))
            #expect(tooLong.status == .payloadTooLarge)
            let wrongType = try await app.send(.PATCH, location, token: token, headers: [tus, ("Content-Type", "application/json"), ("Upload-Offset", "0")], body: Data("{}".utf8))
            #expect(wrongType.status == .unsupportedMediaType)
            let noVersion = try await app.send(.PATCH, location, token: token, headers: [octets, ("Upload-Offset", "0")], body: Data(repeating: 1, count: 10))
            #expect(noVersion.status == .preconditionFailed)
            let head = try await app.send(.HEAD, location, token: token, headers: [tus])
            #expect(head.headers.first(name: "Upload-Offset") == "0", "no refused request moved the offset")
        }
    }

    @Test("Someone else's upload does not exist for them; DELETE discards; anonymous is 401")
    func ownership() async throws {
        try await withMotCua { app in
            let citizen = try await app.bearer("congdan")
            let officer = try await app.bearer("tiepnhan")
            let created = try await app.send(.POST, "/api/v1/uploads", token: citizen, headers: [tus, ("Upload-Length", "10")])
            let location = try #require(created.headers.first(name: .location))
            #expect(try await app.send(.HEAD, location, token: officer, headers: [tus]).status == .notFound)
            #expect(try await app.send(.PATCH, location, token: officer, headers: [tus, octets, ("Upload-Offset", "0")], body: Data(count: 10)).status == .notFound)
            #expect(try await app.send(.DELETE, location, token: officer, headers: [tus]).status == .notFound)
            #expect(try await app.send(.HEAD, location, headers: [tus]).status == .unauthorized)
            #expect(try await app.send(.HEAD, location, token: citizen, headers: [tus]).status == .ok)
            #expect(try await app.send(.DELETE, location, token: citizen, headers: [tus]).status == .noContent)
            #expect(try await app.send(.HEAD, location, token: citizen, headers: [tus]).status == .notFound)
        }
    }

    @Test("Uploads older than 24 hours are swept, finished or not")
    func sweep() async throws {
        try await withMotCua { app in
            let token = try await app.bearer("congdan")
            let now = Date()
            app.clock.set(now)
            let id = try await app.tusUpload(samplePDF(), token: token)
            #expect(try await ResumableUploadStore.sweep(before: now.addingTimeInterval(3600), on: app.db) == 0)
            #expect(try await ResumableUploadStore.sweep(before: now.addingTimeInterval(24 * 3600 + 1), on: app.db) == 1)
            #expect(try await ResumableUpload.find(UUID(uuidString: id), on: app.db) == nil)
            #expect(try await UploadChunk.query(on: app.db).count() == 0)
        }
    }

    @Test("A session-borne request without the page's CSRF header is refused")
    func sessionNeedsCSRFHeader() async throws {
        try await withMotCua { app in
            let session = WebSession(app: app)
            _ = try await session.login("congdan")
            var headers = HTTPHeaders([("Tus-Resumable", "1.0.0"), ("Upload-Length", "10")])
            headers.add(name: .cookie, value: session.cookie ?? "")
            let refused = try await app.testing().sendRequest(.POST, "/api/v1/uploads", headers: headers)
            #expect(refused.status == .forbidden)
            headers.add(name: "X-CSRF-Token", value: session.csrf ?? "")
            let accepted = try await app.testing().sendRequest(.POST, "/api/v1/uploads", headers: headers)
            #expect(accepted.status == .created)
        }
    }
}
