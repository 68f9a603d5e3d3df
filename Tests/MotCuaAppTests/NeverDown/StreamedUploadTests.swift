import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp

/// Issue 7: six concurrent 104 MB uploads held 812 MB in memory. Upload routes now stream the form to disk through
/// our own multipart parser, which must read the same form however the network splits it.
@Suite("Streamed uploads")
struct StreamedUploadTests {
    static func body(boundary: String) -> [UInt8] {
        var bytes: [UInt8] = Array("preamble to ignore\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok\r\n".utf8)
        bytes += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nDòng 1\r\n-\(boundary)\r\n--\r\nvẫn là nội dung\r\n".utf8)
        bytes += Array("--\(boundary)  \r\nContent-Disposition: form-data; name=\"file\"; filename=\"giấy.pdf\"\r\nContent-Type: application/pdf\r\n\r\n".utf8)
        bytes += CounterFiles.pdf + [0x0D, 0x0A, 0x0D]
        bytes += Array("\r\n--\(boundary)--\r\nepilogue".utf8)
        return bytes
    }

    static func parse(_ bytes: [UInt8], boundary: String, chunk: Int) throws -> [MultipartStreamParser.Event] {
        var parser = MultipartStreamParser(boundary: boundary)
        var events: [MultipartStreamParser.Event] = []
        var index = 0
        while index < bytes.count {
            events += try parser.feed(bytes[index..<min(index + chunk, bytes.count)])
            index += chunk
        }
        #expect(parser.isComplete)
        // Content may arrive in any number of pieces: join neighbouring pieces to compare.
        var joined: [MultipartStreamParser.Event] = []
        for event in events {
            if case .content(let more) = event, case .content(let before)? = joined.last {
                joined[joined.count - 1] = .content(before + more)
            } else {
                joined.append(event)
            }
        }
        return joined
    }

    @Test func theParserReadsTheSameFormWhateverTheChunks() throws {
        let boundary = "----MotCuaBoundary7"
        let bytes = Self.body(boundary: boundary)
        let whole = try Self.parse(bytes, boundary: boundary, chunk: bytes.count)
        #expect(whole.count == 9)
        guard case .partStart(let headers) = whole[6] else { Issue.record("third part"); return }
        #expect(headers.first?.value.contains("giấy.pdf") == true)
        #expect(whole[4] == .content(Array("Dòng 1\r\n-\(boundary)\r\n--\r\nvẫn là nội dung".utf8)), "a near-delimiter inside content is content")
        #expect(whole[7] == .content(CounterFiles.pdf + [0x0D, 0x0A, 0x0D]))
        for chunk in [1, 2, 3, 7, 19, 64, 1_000] {
            #expect(try Self.parse(bytes, boundary: boundary, chunk: chunk) == whole, "chunks of \(chunk)")
        }
    }

    @Test func malformedStreamsAreRefused() {
        for body in ["--B\r\n\u{E9}: x\r\n\r\nv\r\n--B--", "--B\r\nno colon\r\n\r\nv\r\n--B--", "--Bjunk\r\n\r\n", "--B\r\n" + String(repeating: "a", count: 9_000)] {
            var parser = MultipartStreamParser(boundary: "B")
            #expect(throws: MultipartStreamParser.Malformed.self, "\(body.prefix(20))") { _ = try parser.feed(Array(body.utf8)) }
        }
    }

    @Test func aFileBeforeTheFormTokenIsRefusedAndNothingIsStored() async throws {
        try await withMotCua { app in
            let web = try await WebSession.counterReceptionist(app)
            var body = CounterMultipart()
            body.file("attachments", filename: "to-khai.pdf", type: "application/pdf", bytes: CounterFiles.pdf)
            body.field("_csrf", web.csrf ?? "")
            body.field("procedureCode", ownAgencyProcedure)
            let headers: HTTPHeaders = ["Cookie": web.cookie ?? "", "Content-Type": body.contentType]
            let res = try await app.testing().sendRequest(.POST, "/mot-cua/tiep-nhan", headers: headers, body: body.finished())
            #expect(res.status == .forbidden)
            #expect(try await Dossier.query(on: app.db).count() == 0)
        }
    }

    @Test func aLargeScanStreamsThroughARealSocketAndIsStoredWhole() async throws {
        try await withMotCua { app in
            let token = try await app.bearer("tiepnhan")
            let created = try #require(try await app.createDossier(token: token))
            let scan = CounterFiles.pdf + Array(repeating: 0x25, count: 12_000_000) + Array("\n%%EOF\n".utf8)
            var body = CounterMultipart()
            body.field("kind", "component")
            body.file("file", filename: "ban-quet.pdf", type: "application/pdf", bytes: scan)
            let res = try await app.testing(method: .running(hostname: "127.0.0.1", port: 0))
                .sendRequest(.POST, "/api/v1/dossiers/\(created.code)/attachments",
                             headers: ["Authorization": "Bearer \(token)", "Content-Type": body.contentType], body: body.finished())
            #expect(res.status == .created, "\(res.body.string.prefix(300))")
            let stored = try #require(try await DossierAttachment.query(on: app.db).first())
            #expect(stored.size == scan.count)
            #expect(stored.data == Data(scan))
            #expect(stored.sha256 == SHA256.hash(data: Data(scan)).hexString)
        }
    }
}
