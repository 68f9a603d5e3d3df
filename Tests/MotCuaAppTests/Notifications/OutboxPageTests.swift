import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

@Suite("Mail pages")
struct OutboxPageTests {
    @Test func administratorSeesEveryMessageAndItsStateAndCanReadIt() async throws {
        try await withMotCua { app in
            // setup: one sent, one failed, one waiting
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(.new, o)
            try await client.mustMove(code, token: o.reception, TransitionInput(action: "accept"))
            try await Outbox.enqueue(AccountMail.passwordReset(to: "b@example.vn", name: "Bình", link: "http://x.vn/r"), on: app.db, now: processingMorning)
            try await Outbox.enqueue(AccountMail.verification(to: "c@example.vn", name: "Chi", link: "http://x.vn/v"), on: app.db, now: processingMorning)
            let rows = try await OutboxMessage.query(on: app.db).filter(\.$channelCode == "email").all()
            let failed = try #require(rows.first { $0.recipient == "b@example.vn" })
            failed.stateCode = OutboxState.failed.rawValue
            failed.lastError = "Bị từ chối: Máy chủ thư trả lời 550 mailbox unavailable"
            try await failed.save(on: app.db)
            let accept = try #require(rows.first { $0.dossierID != nil })
            let web = WebSession(app: app)
            try await web.login("quantri")

            // act
            let home = try await web.get("/quan-tri")
            let list = try await web.get("/quan-tri/thu-da-gui")
            let one = try await web.get("/quan-tri/thu-da-gui/\(try accept.requireID().uuidString)")

            // assert
            #expect(home.body.string.contains("href=\"/quan-tri/thu-da-gui\""))
            #expect(list.status == .ok)
            let html = list.body.string
            #expect(html.contains("<h1>Thư đã gửi</h1>"))
            #expect(html.contains("id=\"mail-demo-note\""), "no SMTP server configured in tests")
            #expect(html.contains("Hồ sơ \(code) đã được tiếp nhận"))
            #expect(html.contains("Chờ gửi"))
            #expect(html.contains("Gửi lỗi"))
            #expect(html.contains("550 mailbox unavailable"))
            #expect(one.status == .ok)
            #expect(one.body.string.contains("Mã hồ sơ: \(code)"))
            #expect(one.body.string.contains(accept.messageID.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")))
            #expect(try await web.get("/quan-tri/thu-da-gui/khong-co").status == .notFound)
            #expect(try await web.get("/quan-tri/thu-da-gui/\(UUID().uuidString)").status == .notFound)

            // Officers are not administrators.
            let officer = WebSession(app: app)
            try await officer.login("tiepnhan")
            #expect(try await officer.get("/quan-tri/thu-da-gui").status != .ok)
        }
    }

    @Test func officersDossierPageListsTheApplicantsMails() async throws {
        try await withMotCua { app in
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            var noPhone = applicantJSON(1)
            noPhone["phone"] = ""
            let code = try #require(try await app.createDossier(token: o.reception, body: IntakeBody(procedureCode: threeDayProcedure, applicant: noPhone, channel: "online"))?.code)
            let web = WebSession(app: app)
            try await web.login("tiepnhan")
            #expect(try await web.get("/ho-so/\(code)").body.string.contains("Chưa có thư hay tin nhắn nào"))

            try await client.mustMove(code, token: o.reception, TransitionInput(action: "accept"))
            let page = try await web.get("/ho-so/\(code)").body.string

            #expect(page.contains("Thư và tin nhắn thông báo"))
            #expect(page.contains("Thư điện tử:"))
            #expect(page.contains("Hồ sơ \(code) đã được tiếp nhận"))
            #expect(page.contains("an.nguyen@example.vn"))
            #expect(page.contains("<span class=\"badge warn\">Chờ gửi</span>"))
        }
    }
}
