import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

@Suite("Electronic office pages")
struct DocumentPageTests {
    @Test func theClerkRegistersByFormIsWarnedOfADuplicateAndConfirms() async throws {
        try await withMotCua { app in
            // setup
            app.clock.set(processingTime("2027-04-14T09:00"))
            let clerk = WebSession(app: app)
            try await clerk.login("vanthu")
            let form = try await clerk.get("/van-ban/den/moi")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("Vào sổ văn bản đến"))
            let fields = ["issuerCode": "000.00.00.H36", "issuerName": "", "notation": "15/QĐ-UBND", "documentDate": "2027-04-12", "type": "QĐ",
                          "summary": "Quyết định phê duyệt kế hoạch", "pageCount": "3", "urgency": "khan", "confidentiality": "thuong",
                          "recipientUnit": "", "channel": "paper", "key": "k1"]

            // act / assert
            let first = try await clerk.post("/van-ban/den/moi", form: fields)
            #expect(first.status == .seeOther)
            // The same key again (a double click): no second entry.
            #expect(try await clerk.post("/van-ban/den/moi", form: fields).status == .seeOther)
            #expect(try await OfficialDocument.query(on: app.db).count() == 1)
            var second = fields
            second["key"] = "k2"
            let warned = try await clerk.post("/van-ban/den/moi", form: second)
            #expect(warned.status == .conflict)
            #expect(warned.body.string.contains("duplicate-warning"))
            #expect(warned.body.string.contains("15/QĐ-UBND"))
            second["confirmDuplicate"] = "1"
            #expect(try await clerk.post("/van-ban/den/moi", form: second).status == .seeOther)
            #expect(try await OfficialDocument.query(on: app.db).sort(\.$number).all().compactMap(\.number) == [1, 2])
        }
    }

    @Test func everyPageRendersForTheRolesConcerned() async throws {
        try await withMotCua { app in
            let client = DocumentClient(app: app)
            let o = try await client.at("2027-04-14T09:00")
            let incoming = try #require(try await client.register(o.clerk).id)
            let outgoing = try await client.signed(o)
            #expect(try await client.move(outgoing, "issue", token: o.clerk).status == .ok)
            for user in ["vanthu", "lanhdao", "chuyenvien"] {
                let session = WebSession(app: app)
                try await session.login(user)
                for path in ["/van-ban", "/van-ban/tim-kiem?q=quyet+dinh", "/van-ban/so/den?from=2027-04-01&to=2027-04-30",
                             "/van-ban/so/di", "/van-ban/bao-cao", "/van-ban/\(incoming)", "/van-ban/\(outgoing)"] {
                    let page = try await session.get(path)
                    #expect(page.status == .ok, "\(user) \(path): \(page.status)")
                    #expect(page.body.string.contains("href=\"/van-ban\""), "\(user) \(path) has the menu entry")
                }
            }
            let leader = WebSession(app: app)
            try await leader.login("lanhdao")
            #expect(try await leader.get("/van-ban/\(incoming)").body.string.contains("assign-form"))
            let report = try await leader.get("/van-ban/bao-cao?from=2027-04-01&to=2027-04-30")
            #expect(report.body.string.contains("id=\"kpi-received\">1<"))
            #expect(report.body.string.contains("id=\"kpi-sent\">1<"))
            let csv = try await leader.get("/van-ban/so/den/csv?from=2027-04-01&to=2027-04-30")
            #expect(csv.headers.contentType?.description.hasPrefix("text/csv") == true)
            #expect(Array(csv.body.readableBytesView.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(csv.body.string.contains("\"15/QĐ-UBND\""))
            let book = try await leader.get("/van-ban/so/di?from=2027-04-01&to=2027-04-30")
            #expect(book.body.string.contains("01/QĐ-UBND"))
            #expect(book.body.string.contains("Phạm Quốc Hùng"))
            let receptionist = WebSession(app: app)
            try await receptionist.login("tiepnhan")
            #expect(try await receptionist.get("/van-ban").status == .forbidden)
            #expect(try await leader.get("/van-ban/so/xyz").status == .notFound)
            #expect(try await leader.get("/van-ban/tim-kiem?per=5000").status == .badRequest)
        }
    }
}
