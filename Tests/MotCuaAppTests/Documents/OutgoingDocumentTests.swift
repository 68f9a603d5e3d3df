import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

@Suite("Outgoing documents: workflow, numbering, delivery")
struct OutgoingDocumentTests {
    @Test func draftGoesThroughReviewSignatureAndIssueAndIsDelivered() async throws {
        try await withMotCua { app in
            // setup
            let client = DocumentClient(app: app)
            let o = try await client.at("2027-01-05T09:00")
            let draft = try await client.draft(o.specialist)
            #expect(draft.status == .created, "\(draft.body)")
            #expect(draft.value(String.self, "state", "code") == "draft")
            #expect(draft.value(String.self, "notation") == nil)
            let id = try #require(draft.id)

            // act / assert: return needs a comment and sends the draft back.
            #expect(try await client.move(id, "submit", token: o.specialist).status == .ok)
            #expect(try await client.move(id, "return", token: o.leader).status == .unprocessableEntity)
            let returned = try await client.move(id, "return", token: o.leader, comment: "Sửa căn cứ pháp lý")
            #expect(returned.value(String.self, "state", "code") == "draft")
            #expect(try await client.move(id, "submit", token: o.specialist).status == .ok)
            #expect(try await client.move(id, "approve", token: o.leader).value(String.self, "state", "code") == "approved")
            #expect(try await client.move(id, "sign", token: o.leader).value(String.self, "state", "code") == "signed")
            let issued = try await client.move(id, "issue", token: o.clerk)
            #expect(issued.status == .ok, "\(issued.body)")
            #expect(issued.value(Int.self, "number") == 1)
            #expect(issued.value(String.self, "numberText") == "01")
            #expect(issued.value(String.self, "notation") == "01/QĐ-UBND")
            #expect(issued.value(String.self, "dateLine") == "Đà Lạt, ngày 05 tháng 01 năm 2027")
            #expect(issued.value(String.self, "state", "code") == "issued")

            // Phường 1 received it in its incoming register at once; the company is listed for the exchange.
            let ward = try #require(try await Agency.find(code: "000.11.21.H36", on: app.db))
            let delivered = try #require(try await OfficialDocument.query(on: app.db).filter(\.$agency.$id == ward.id!).first())
            #expect(delivered.register == "incoming")
            #expect(delivered.number == 1)
            #expect(delivered.notation == "01/QĐ-UBND")
            #expect(delivered.issuerCode == DemoSeed.homeAgencyCode)
            #expect(delivered.channel == "electronic")
            let recipients = try #require(issued.value([[String: Any]].self, "recipients"))
            #expect(recipients.contains { $0["external"] as? Bool == true && $0["name"] as? String == "Công ty TNHH Đà Lạt Xanh" })
            #expect(recipients.contains { $0["incomingNumber"] as? Int == 1 })
        }
    }

    @Test func actionsOutOfTurnAreRefusedAndChangeNothing() async throws {
        try await withMotCua { app in
            let client = DocumentClient(app: app)
            let o = try await client.at("2027-04-14T09:00")
            let id = try #require(try await client.draft(o.specialist).id)
            for (action, token) in [("issue", o.clerk), ("sign", o.leader), ("approve", o.leader)] {
                let refused = try await client.move(id, action, token: token)
                #expect(refused.status == .conflict, "\(action): \(refused.body)")
                #expect(refused.error?.error.code == "transition_not_allowed")
                #expect(refused.error?.error.message.contains("Dự thảo") == true)
            }
            // The wrong role is refused as such.
            #expect(try await client.move(id, "submit", token: o.clerk).status == .forbidden)
            #expect(try await client.move(id, "submit", token: o.specialist).status == .ok)
            #expect(try await client.move(id, "approve", token: o.specialist).status == .forbidden)
            #expect(try await client.move(id, "bogus", token: o.leader).status == .badRequest)
            let stored = try await client.stored(id)
            #expect(stored.state == "submitted")
            #expect(stored.number == nil)
            #expect(try await DocumentEvent.query(on: app.db).filter(\.$document.$id == stored.id!).count() == 2)
        }
    }

    @Test func fiftyConcurrentIssuesGetFiftyDistinctConsecutiveNumbers() async throws {
        try await withMotCua { app in
            // setup: 50 signed drafts, written directly (the workflow itself is tested above).
            let client = DocumentClient(app: app)
            let o = try await client.at("2027-04-14T09:00")
            let agency = try #require(try await Agency.find(code: DemoSeed.homeAgencyCode, on: app.db))
            var ids: [String] = []
            for index in 0..<50 {
                let document = OfficialDocument()
                document.register = "outgoing"
                document.$agency.id = agency.id!
                document.year = 2027
                document.issuerName = agency.name
                document.issuerCode = agency.code
                document.typeCode = index % 2 == 0 ? "CV" : "TB"
                document.summary = "Văn bản \(index)"
                document.urgency = "thuong"
                document.urgencyRank = 0
                document.confidentiality = "thuong"
                document.unitName = "VP"
                document.state = "signed"
                document.channel = "electronic"
                document.handlerKeys = "|"
                document.searchText = ""
                document.createdAt = Date()
                try await document.create(on: app.db)
                ids.append(document.id!.uuidString)
            }

            // act
            let numbers = try await withThrowingTaskGroup(of: Int?.self) { group in
                for id in ids {
                    group.addTask {
                        // A 503 (every connection busy on a loaded server) has written nothing: the client tries again, as told.
                        for _ in 0..<20 {
                            let reply = try await client.move(id, "issue", token: o.clerk)
                            if reply.status != .serviceUnavailable { return reply.value(Int.self, "number") }
                        }
                        return nil
                    }
                }
                var all: [Int] = []
                for try await number in group { if let number { all.append(number) } }
                return all
            }

            // assert
            #expect(numbers.count == 50)
            #expect(numbers.sorted() == Array(1...50))
            let notations = try await OfficialDocument.query(on: app.db).filter(\.$state == "issued").all().compactMap(\.notation)
            #expect(Set(notations).count == 50)
            #expect(notations.contains("05/UBND-VP") || notations.contains("05/TB-UBND"))
        }
    }

    @Test func confidentialOutgoingIsNumberedApartAndANewYearStartsAt01() async throws {
        try await withMotCua { app in
            let client = DocumentClient(app: app)
            var o = try await client.at("2027-12-31T09:00")
            let first = try await client.signed(o)
            let secret = try await client.signed(o, confidentiality: "mat")
            let second = try await client.signed(o, type: "CV")
            #expect(try await client.move(first, "issue", token: o.clerk).value(String.self, "notation") == "01/QĐ-UBND")
            #expect(try await client.move(secret, "issue", token: o.clerk).value(Int.self, "number") == 1)
            #expect(try await client.move(second, "issue", token: o.clerk).value(String.self, "notation") == "02/UBND-VP")

            // 1 January: the series starts again at 01.
            o = try await client.at("2028-01-03T08:00")
            let fresh = try await client.signed(o, type: "KH")
            let issued = try await client.move(fresh, "issue", token: o.clerk)
            #expect(issued.value(String.self, "notation") == "01/KH-UBND")
            #expect(issued.value(String.self, "dateLine") == "Đà Lạt, ngày 03 tháng 01 năm 2028")
            // Incoming too.
            #expect(try await client.register(o.clerk, date: "2027-12-30").value(Int.self, "incomingNumber") == 1)
        }
    }

    @Test func draftFilesKeepTheirVersionsUntilIssue() async throws {
        try await withMotCua { app in
            let client = DocumentClient(app: app)
            let o = try await client.at("2027-04-14T09:00")
            let id = try #require(try await client.draft(o.specialist).id)
            let pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
            for _ in 0..<2 {
                var headers = HTTPHeaders([("Authorization", "Bearer \(o.specialist)")])
                headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": "XyZ"])
                let body = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"du-thao.pdf\"\r\nContent-Type: application/pdf\r\n\r\n\(pdf)\r\n--XyZ--\r\n"
                let response = try await app.testing().sendRequest(.POST, "/api/v1/documents/\(id)/files", headers: headers, body: ByteBuffer(string: body))
                #expect(response.status == .created, "\(response.body.string)")
            }
            // A third version through a resumable (tus) upload.
            var tusHeaders = HTTPHeaders([("Authorization", "Bearer \(o.specialist)"), ("Tus-Resumable", "1.0.0"),
                                          ("Upload-Length", String(pdf.utf8.count)), ("Upload-Metadata", "filename ZHUtdGhhby0zLnBkZg==")])
            let created = try await app.testing().sendRequest(.POST, "/api/v1/uploads", headers: tusHeaders)
            #expect(created.status == .created)
            let location = try #require(created.headers.first(name: .location))
            tusHeaders.replaceOrAdd(name: "Upload-Offset", value: "0")
            tusHeaders.replaceOrAdd(name: .contentType, value: "application/offset+octet-stream")
            let patched = try await app.testing().sendRequest(.PATCH, location, headers: tusHeaders, body: ByteBuffer(string: pdf))
            #expect(patched.status == .noContent)
            let attached = try await client.send(.POST, "/api/v1/documents/\(id)/files", token: o.specialist, json: #"{"upload":"\#(location)"}"#)
            #expect(attached.status == .created, "\(attached.body)")
            let again = try await client.send(.POST, "/api/v1/documents/\(id)/files", token: o.specialist, json: #"{"upload":"\#(location)"}"#)
            #expect(again.status == .notFound)

            let shown = try await client.send(.GET, "/api/v1/documents/\(id)", token: o.specialist)
            let files = try #require(shown.value([[String: Any]].self, "files"))
            #expect(files.compactMap { $0["version"] as? Int } == [1, 2, 3])
            #expect(files.last?["filename"] as? String == "du-thao-3.pdf")
            let fileID = try #require(files.last?["id"] as? String)
            let download = try await client.send(.GET, "/api/v1/documents/\(id)/files/\(fileID)", token: o.specialist)
            #expect(download.status == .ok)
            #expect(download.body == pdf)
        }
    }
}
