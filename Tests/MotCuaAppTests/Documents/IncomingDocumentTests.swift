import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

@Suite("Incoming documents: registration, duplicates, assignment, progress")
struct IncomingDocumentTests {
    @Test func registrationNumbersAndWarnsOfDuplicatesUntilConfirmed() async throws {
        try await withMotCua { app in
            // setup
            let client = DocumentClient(app: app)
            let o = try await client.at("2027-04-14T09:00")

            // act: the first registration of the year is number 1.
            let first = try await client.register(o.clerk)
            #expect(first.status == .created, "\(first.body)")
            #expect(first.value(Int.self, "incomingNumber") == 1)
            #expect(first.value(String.self, "receivedAt") != nil)
            #expect(first.value(String.self, "issuer", "name") == "Ủy ban nhân dân tỉnh Lâm Đồng")

            // The same issuer, notation and date again: refused, naming the earlier registration; nothing written.
            let again = try await client.register(o.clerk, issuer: #"{"name":"uy ban nhan dan tinh lam dong"}"#)
            #expect(again.status == .conflict)
            #expect(again.error?.error.code == "duplicate_document")
            #expect(again.error?.error.message.contains("vào sổ đến số 1") == true)
            #expect(again.value(String.self, "error", "existing", "id") == first.id)
            #expect(try await OfficialDocument.query(on: app.db).filter(\.$register == "incoming").count() == 1)

            // Confirmed: registered with the next number.
            let confirmed = try await client.register(o.clerk, extra: #","confirmDuplicate":true"#)
            #expect(confirmed.status == .created)
            #expect(confirmed.value(Int.self, "incomingNumber") == 2)

            // Another date is another document.
            let other = try await client.register(o.clerk, date: "2027-04-13")
            #expect(other.value(Int.self, "incomingNumber") == 3)
        }
    }

    @Test func aRetriedRegistrationWithItsKeyWritesNothingTwice() async throws {
        try await withMotCua { app in
            let client = DocumentClient(app: app)
            let o = try await client.at("2027-04-14T09:00")
            let body = #"{"issuer":{"name":"Bộ Nội vụ"},"notation":"12/BNV-CCHC","documentDate":"2027-04-01","type":"CV","summary":"Về cải cách hành chính"}"#
            let one = try await client.send(.POST, "/api/v1/documents/incoming", token: o.clerk, json: body, headers: ["Idempotency-Key": "abc-1"])
            let two = try await client.send(.POST, "/api/v1/documents/incoming", token: o.clerk, json: body, headers: ["Idempotency-Key": "abc-1"])
            #expect(one.status == .created)
            #expect(two.status == .ok)
            #expect(one.id == two.id)
            #expect(try await OfficialDocument.query(on: app.db).count() == 1)
        }
    }

    @Test func onlyTheClerkRegistersAndOnlyOfficersOfDocumentsSeeThem() async throws {
        try await withMotCua { app in
            let client = DocumentClient(app: app)
            let o = try await client.at("2027-04-14T09:00")
            #expect(try await client.register(o.specialist).status == .forbidden)
            let receptionist = try await app.bearer("tiepnhan")
            #expect(try await client.register(receptionist).status == .forbidden)
            #expect(try await client.send(.GET, "/api/v1/documents", token: receptionist).status == .forbidden)
            let anonymous = try await app.testing().sendRequest(.GET, "/api/v1/documents")
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func theLeaderAssignsAndTheHandlerRecordsProgressAndCompletes() async throws {
        try await withMotCua { app in
            // setup
            let client = DocumentClient(app: app)
            let o = try await client.at("2027-04-14T09:00")
            let id = try #require(try await client.register(o.clerk).id)

            // act / assert: progress before assignment is refused.
            let early = try await client.send(.POST, "/api/v1/documents/incoming/\(id)/progress", token: o.specialist, json: #"{"note":"Đã nghiên cứu"}"#)
            #expect(early.status == .forbidden || early.status == .conflict)
            // The clerk may not assign.
            let assignBody = #"{"lead":"chuyenvien","support":["000.01.21.H36"],"instruction":"Tham mưu trả lời","deadline":"2027-04-20"}"#
            #expect(try await client.send(.POST, "/api/v1/documents/incoming/\(id)/assignments", token: o.clerk, json: assignBody).status == .forbidden)
            let assigned = try await client.send(.POST, "/api/v1/documents/incoming/\(id)/assignments", token: o.leader, json: assignBody)
            #expect(assigned.status == .ok, "\(assigned.body)")
            #expect(assigned.value(String.self, "assignment", "lead") == "Lê Văn Phúc")
            #expect(assigned.value(String.self, "state", "code") == "assigned")
            let stored = try await client.stored(id)
            #expect(stored.deadline == processingTime("2027-04-20T17:00"))

            // An unknown handler is refused with the name.
            let unknown = try await client.send(.POST, "/api/v1/documents/incoming/\(id)/assignments", token: o.leader, json: #"{"lead":"khongco"}"#)
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.error?.error.code == "unknown_handler")

            let progress = try await client.send(.POST, "/api/v1/documents/incoming/\(id)/progress", token: o.specialist, json: #"{"note":"Đã dự thảo văn bản trả lời"}"#)
            #expect(progress.value(String.self, "state", "code") == "in_progress")
            let done = try await client.send(.POST, "/api/v1/documents/incoming/\(id)/progress", token: o.specialist, json: #"{"note":"Đã trả lời","complete":true}"#)
            #expect(done.status == .ok)
            #expect(done.value(String.self, "state", "code") == "completed")
            #expect(done.value(String.self, "completedAt") != nil)
            let after = try await client.send(.POST, "/api/v1/documents/incoming/\(id)/progress", token: o.specialist, json: #"{"note":"Thêm"}"#)
            #expect(after.status == .conflict)
            #expect(after.error?.error.code == "document_completed")
            let events = try await DocumentEvent.query(on: app.db).filter(\.$document.$id == UUID(uuidString: id)!).all().map(\.action)
            #expect(events == ["register", "assign", "progress", "complete"])
        }
    }

    @Test func searchIgnoresDiacriticsAndStaysInTheAgency() async throws {
        try await withMotCua { app in
            let client = DocumentClient(app: app)
            let o = try await client.at("2027-04-14T09:00")
            _ = try await client.register(o.clerk)
            _ = try await client.register(o.clerk, notation: "20/TB-UBND", summary: "Thông báo lịch tiếp công dân")

            let found = try await client.send(.GET, "/api/v1/documents?q=quyet%20dinh%20phe%20duyet", token: o.specialist)
            #expect(found.status == .ok)
            let items = try #require(found.value([[String: Any]].self, "items"))
            #expect(items.count == 1)
            #expect(items.first?["summary"] as? String == "Quyết định phê duyệt kế hoạch cải cách hành chính năm 2027")
            #expect(items.first?["register"] as? String == "incoming")
            #expect(items.first?["notation"] as? String == "15/QĐ-UBND")
            #expect(found.value(Int.self, "metadata", "total") == 1)
            // By issuer, without diacritics; filtered by register.
            #expect(try await client.send(.GET, "/api/v1/documents?q=lam%20dong", token: o.leader).value(Int.self, "metadata", "total") == 2)
            #expect(try await client.send(.GET, "/api/v1/documents?q=lam%20dong&register=outgoing", token: o.leader).value(Int.self, "metadata", "total") == 0)
            #expect(try await client.send(.GET, "/api/v1/documents?type=Q%C4%90", token: o.leader).value(Int.self, "metadata", "total") == 2)
            #expect(try await client.send(.GET, "/api/v1/documents?type=TB", token: o.leader).value(Int.self, "metadata", "total") == 0)

            // Another agency's clerk finds nothing of Đà Lạt's.
            let other = try await User.query(on: app.db).filter(\.$username == "tiepnhan2").first()!
            other.roles = [.clerk]
            try await other.save(on: app.db)
            let otherToken = try await app.bearer("tiepnhan2")
            #expect(try await client.send(.GET, "/api/v1/documents?q=quyet", token: otherToken).value(Int.self, "metadata", "total") == 0)
        }
    }

    @Test func confidentialDocumentsAreNumberedApartAndSeenOnlyByThoseConcerned() async throws {
        try await withMotCua { app in
            let client = DocumentClient(app: app)
            let o = try await client.at("2027-04-14T09:00")
            _ = try await client.register(o.clerk)
            let secret = try await client.register(o.clerk, notation: "01/QĐ-MAT", summary: "Văn bản mật về quốc phòng", confidentiality: "mat")
            #expect(secret.status == .created)
            // Its own series: number 1, while the ordinary series is at 1 too.
            #expect(secret.value(Int.self, "incomingNumber") == 1)
            let next = try await client.register(o.clerk, notation: "16/QĐ-UBND")
            #expect(next.value(Int.self, "incomingNumber") == 2)
            let id = try #require(secret.id)

            // The specialist does not see it; the leader does.
            #expect(try await client.send(.GET, "/api/v1/documents/\(id)", token: o.specialist).status == .notFound)
            #expect(try await client.send(.GET, "/api/v1/documents?q=quoc%20phong", token: o.specialist).value(Int.self, "metadata", "total") == 0)
            #expect(try await client.send(.GET, "/api/v1/documents?q=quoc%20phong", token: o.leader).value(Int.self, "metadata", "total") == 1)
            // Once assigned to the specialist, they do.
            #expect(try await client.send(.POST, "/api/v1/documents/incoming/\(id)/assignments", token: o.leader, json: #"{"lead":"chuyenvien"}"#).status == .ok)
            #expect(try await client.send(.GET, "/api/v1/documents/\(id)", token: o.specialist).status == .ok)
            #expect(try await client.send(.GET, "/api/v1/documents?q=quoc%20phong", token: o.specialist).value(Int.self, "metadata", "total") == 1)
        }
    }

    @Test func junkInputIsRefusedWithoutA500() async throws {
        try await withMotCua { app in
            let client = DocumentClient(app: app)
            let o = try await client.at("2027-04-14T09:00")
            let bodies = [
                "", "[]", "null", "{", #"{"issuer":"x"}"#, #"{"pageCount":99999999999999999999999}"#,
                #"{"issuer":{"code":"999.99.99.H99"},"notation":"1/X","documentDate":"2027-02-30","type":"QĐ","summary":"x"}"#,
                #"{"issuer":{"name":"A"},"notation":"1/X","documentDate":"2029-01-01","type":"QĐ","summary":"x"}"#,
                #"{"issuer":{"name":"A"},"notation":"1/X","documentDate":"2027-01-01","type":"ZZ","summary":"x","urgency":"gap"}"#,
                #"{"issuer":{"name":"A"},"notation":"\#(String(repeating: "9", count: 500))","documentDate":"2027-01-01","type":"QĐ","summary":"x"}"#,
                #"{"issuer":{"name":"A"},"notation":"1/X","documentDate":"2027-01-01","type":"QĐ","summary":"x","pageCount":-4}"#,
            ]
            for body in bodies {
                let reply = try await client.send(.POST, "/api/v1/documents/incoming", token: o.clerk, json: body)
                #expect((400..<500).contains(reply.status.code), "\(body) → \(reply.status) \(reply.body)")
                #expect(reply.error != nil, "\(body) → \(reply.body)")
            }
            for query in ["per=1000", "page=0", "page=99999999999999999999", "register=x", "type=ZZ", "urgency=x", "state=x", "from=2027-13-01", "from=2027-05-01&to=2027-04-01"] {
                let reply = try await client.send(.GET, "/api/v1/documents?\(query)", token: o.clerk)
                #expect(reply.status == .badRequest, "\(query) → \(reply.status)")
            }
            for path in ["/api/v1/documents/abc", "/api/v1/documents/\(UUID())", "/api/v1/documents/abc/files/def"] {
                #expect(try await client.send(.GET, path, token: o.clerk).status == .notFound)
            }
            let assign = try await client.send(.POST, "/api/v1/documents/incoming/not-an-id/assignments", token: o.leader, json: #"{"lead":"chuyenvien","deadline":"x"}"#)
            #expect(assign.status == .notFound)
            let deadline = try await client.send(.POST, "/api/v1/documents/incoming/\(try #require(try await client.register(o.clerk).id))/assignments",
                                                 token: o.leader, json: #"{"lead":"chuyenvien","deadline":"2027-04-01"}"#)
            #expect(deadline.status == .unprocessableEntity)
            #expect(try await OfficialDocument.query(on: app.db).count() == 1)
        }
    }
}
