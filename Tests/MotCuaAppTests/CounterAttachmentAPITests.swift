import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

@Suite("Counter attachments API")
struct CounterAttachmentAPITests {
    struct Stored: Decodable { let id: UUID; let filename: String; let contentType: String; let size: Int }

    func upload(_ app: Application, code: String, token: String, _ build: (inout CounterMultipart) -> Void) async throws -> TestingHTTPResponse {
        try await app.uploadAttachments(code: code, token: token, build)
    }

    @Test func storesEveryFileAndAnswersTheList() async throws {
        try await withMotCua { app in
            // setup
            let token = try await app.bearer("tiepnhan")
            let created = try #require(try await app.createDossier(token: token))
            // act
            let response = try await upload(app, code: created.code, token: token) { body in
                body.file("file", filename: "to-khai.pdf", type: "application/pdf", bytes: CounterFiles.pdf)
                body.file("file", filename: "anh.jpg", type: "image/jpeg", bytes: CounterFiles.jpeg)
            }
            // assert
            #expect(response.status == .created, "\(response.body.string)")
            let stored = try JSONDecoder().decode([Stored].self, from: Data(response.body.readableBytesView))
            #expect(stored.map(\.filename) == ["to-khai.pdf", "anh.jpg"])
            #expect(stored.map(\.contentType) == ["application/pdf", "image/jpeg"])
            #expect(stored.map(\.size) == [CounterFiles.pdf.count, CounterFiles.jpeg.count])
            #expect(try await DossierAttachment.query(on: app.db).count() == 2)

            // and an officer of the agency downloads the first one byte for byte
            let session = WebSession(app: app)
            _ = try await session.login("tiepnhan")
            let download = try await session.get("/ho-so/\(created.code)/tep/\(stored[0].id)")
            #expect(download.status == .ok)
            #expect(Array(download.body.readableBytesView) == CounterFiles.pdf)
            #expect(download.headers.first(name: .contentType) == "application/pdf")
            #expect((download.headers.first(name: .contentDisposition) ?? "").contains("filename=\"to-khai.pdf\""))
        }
    }

    @Test func aDisguisedTextFileIs415AndNothingIsStored() async throws {
        try await withMotCua { app in
            // setup
            let token = try await app.bearer("tiepnhan")
            let created = try #require(try await app.createDossier(token: token))
            // act: one real PDF, one text file named .pdf
            let response = try await upload(app, code: created.code, token: token) { body in
                body.file("file", filename: "that.pdf", type: "application/pdf", bytes: CounterFiles.pdf)
                body.file("file", filename: "gia.pdf", type: "application/pdf", bytes: CounterFiles.textPretendingToBePDF)
            }
            // assert
            #expect(response.status == .unsupportedMediaType)
            #expect(response.apiError?.error.code == "unsupported_file_type")
            #expect(response.apiError?.error.message.contains("gia.pdf") == true)
            #expect(try await DossierAttachment.query(on: app.db).count() == 0)
        }
    }

    @Test func emptyOrMissingFilesAre422AndOversizedOnes413() async throws {
        try await withMotCua { app in
            // setup
            app.settings.maxUploadBytes = 1024
            let token = try await app.bearer("tiepnhan")
            let created = try #require(try await app.createDossier(token: token))
            // act
            let empty = try await upload(app, code: created.code, token: token) { body in
                body.file("file", filename: "rong.pdf", type: "application/pdf", bytes: [])
            }
            let none = try await upload(app, code: created.code, token: token) { body in body.field("kind", "component") }
            let oversized = try await upload(app, code: created.code, token: token) { body in
                body.file("file", filename: "lon.pdf", type: "application/pdf", bytes: CounterFiles.pdf + Array(repeating: 0x20, count: 2000))
            }
            // assert
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.apiError?.error.code == "empty_file")
            #expect(none.status == .unprocessableEntity)
            #expect(none.apiError?.error.code == "file_required")
            #expect(oversized.status == .payloadTooLarge)
            #expect(oversized.apiError?.error.code == "file_too_large")
            #expect(try await DossierAttachment.query(on: app.db).count() == 0)
        }
    }

    @Test func anotherAgencysOfficerGets404ForUploadAndDownload() async throws {
        try await withMotCua { app in
            // setup
            let token = try await app.bearer("tiepnhan")
            let created = try #require(try await app.createDossier(token: token))
            let stored = try await upload(app, code: created.code, token: token) { body in
                body.file("file", filename: "to-khai.pdf", type: "application/pdf", bytes: CounterFiles.pdf)
            }
            let id = try JSONDecoder().decode([Stored].self, from: Data(stored.body.readableBytesView))[0].id
            let other = try await app.bearer("tiepnhan2")
            let otherSession = WebSession(app: app)
            _ = try await otherSession.login("tiepnhan2")
            // act
            let upload = try await upload(app, code: created.code, token: other) { body in
                body.file("file", filename: "x.pdf", type: "application/pdf", bytes: CounterFiles.pdf)
            }
            let download = try await otherSession.get("/ho-so/\(created.code)/tep/\(id)")
            let anonymous = try await app.testing().sendRequest(.POST, "/api/v1/dossiers/\(created.code)/attachments")
            // assert
            #expect(upload.status == .notFound)
            #expect(upload.apiError?.error.code == "dossier_not_found")
            #expect(download.status == .notFound)
            #expect(anonymous.status == .unauthorized)
            #expect(try await DossierAttachment.query(on: app.db).count() == 1)
        }
    }

    @Test func contentIsJudgedByItsBytes() {
        #expect(UploadKind.sniff(CounterFiles.pdf) == .pdf)
        #expect(UploadKind.sniff(CounterFiles.png) == .png)
        #expect(UploadKind.sniff(CounterFiles.jpeg) == .jpeg)
        #expect(UploadKind.sniff(CounterFiles.textPretendingToBePDF) == nil)
        #expect(UploadKind.sniff(Array(CounterFiles.png.prefix(7))) == nil)
        #expect(UploadCheck.safeFilename("C:\\Users\\an\\..\\giấy tờ.pdf") == "giấy tờ.pdf")
        #expect(UploadCheck.safeFilename("../../etc/passwd") == "passwd")
        #expect(UploadCheck.safeFilename("a\"b\r\n.pdf") == "ab.pdf")
        #expect(UploadCheck.safeFilename("") == "tep-dinh-kem")
    }
}
