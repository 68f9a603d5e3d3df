import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// Outgoing SMS through the outbox to a real HTTP gateway (a second server on loopback): the contract's body and
/// header, E.164, UCS-2 or ASCII text, retries with the same id, and what officers and administrators see.
@Suite("SMS delivery through the gateway")
struct SMSDeliveryTests {
    @Test func aCounterIntakeIsTextedWithBearerE164AndVietnameseText() async throws {
        let gateway = try await SMSGatewayStub.start()
        try await withMotCua { app in
            // setup: a gateway, no mail server (mail stays in the outbox untouched)
            app.useSMSGateway(gateway)
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)

            try await Outbox.enqueue(AccountMail.verification(to: "an@example.vn", name: "An", link: "http://x.vn/v"), on: app.db, now: processingMorning)

            // act: accepted at the counter (slip 01), then one pass of the worker
            let code = try await client.make(.accepted, o)
            let queued = try await texts(code, app)
            let attempted = try await OutboxWorker.runOnce(app: app)

            // assert: one SMS, as the contract says
            #expect(queued.count == 1)
            #expect(attempted == 1)
            let received = gateway.received
            #expect(received.count == 1)
            let call = try #require(received.first)
            let row = try #require(queued.first)
            #expect(call.authorization == "Bearer \(SMSTestToken.value)")
            #expect(call.contentType?.hasPrefix("application/json") == true)
            #expect(Set(call.json.keys) == ["to", "text", "id", "from"])
            #expect(call.json["to"] == "+84912345678")
            #expect(call.json["id"] == row.id?.uuidString.lowercased())
            #expect(call.json["from"] == "UBND LAMDONG")
            let text = try #require(call.json["text"])
            #expect(text.hasPrefix("Hồ sơ \(code) đã được tiếp nhận. Hẹn trả kết quả: 17:00 ngày 20/04/2027. Tra cứu: http"))
            #expect(text.hasSuffix("/tra-cuu/\(code)"))
            #expect(!text.contains("Nguyễn") && !text.contains("068095"))
            let sent = try #require(try await OutboxMessage.find(row.id, on: app.db))
            #expect(sent.state == .sent)
            #expect(sent.attempts == 1)
            #expect(sent.channel == .sms)
            // No SMTP configured: the worker leaves the e-mail alone, as it did before SMS existed.
            let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$channelCode == "email").first())
            #expect(mail.state == .pending)
            #expect(mail.attempts == 0)
        }
        await gateway.stop()
    }

    @Test func everyMoveTheApplicantMustKnowIsTextedAndInternalMovesAreNot() async throws {
        try await withMotCua { app in
            // setup: no gateway: texts stay queued, as in the demo
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)

            // act
            let online = try await client.make(.new, o)
            try await client.mustMove(online, token: o.reception, TransitionInput(action: "request-supplement", missing: ["Bản sao CCCD"]))
            let late = try await client.make(.processing, o, applicant: 2)
            try await client.mustMove(late, token: o.leader, TransitionInput(action: "reschedule", reason: "Chờ xác minh", newAppointment: "2027-04-23"))
            try await client.mustMove(late, token: o.leader, TransitionInput(action: "resolve"))
            try await client.mustMove(late, token: o.reception, TransitionInput(action: "return", delivery: "counter"))
            let incomplete = try await client.intake(o.reception, applicant: 3, outcome: "incomplete", missing: ["Tờ khai"])
            let refused = try await client.make(.notAccepted, o, applicant: 4)
            var noPhone = applicantJSON(5)
            noPhone["phone"] = ""
            let silent = try #require(try await app.createDossier(token: o.reception, body: IntakeBody(procedureCode: threeDayProcedure, applicant: noPhone, channel: "counter"))?.code)

            // assert
            #expect(try await texts(online, app).map(\.kind) == ["dossier.received-online", "dossier.request-supplement"])
            #expect(try await texts(late, app).map(\.kind) == ["dossier.accept", "dossier.reschedule", "dossier.resolve", "dossier.return"])
            #expect(try await texts(incomplete, app).map(\.kind) == ["dossier.request-supplement"])
            #expect(try await texts(refused, app).map(\.kind) == ["dossier.received-online", "dossier.refuse"])
            #expect(try await texts(silent, app).isEmpty)
            let apology = try #require(try await texts(late, app).first { $0.kind == "dossier.reschedule" })
            #expect(apology.textBody.contains("Hẹn mới: 17:00 ngày 23/04/2027"))
            let refusal = try #require(try await texts(refused, app).last)
            #expect(refusal.textBody.contains("Lý do: Không thuộc thẩm quyền."))
            let all = try await OutboxMessage.query(on: app.db).filter(\.$channelCode == "sms").all()
            #expect(all.allSatisfy { $0.recipient == "+84912345678" && $0.state == .pending && $0.htmlBody.isEmpty })
        }
    }

    @Test func asciiModeSendsUnaccentedText() async throws {
        let gateway = try await SMSGatewayStub.start()
        try await withMotCua { app in
            // setup
            app.useSMSGateway(gateway, ascii: true)
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(.new, o)

            // act
            try await OutboxWorker.runOnce(app: app)

            // assert
            let text = try #require(gateway.received.first?.json["text"])
            #expect(text.hasPrefix("Da nhan ho so \(code) nop truc tuyen luc 09:00 ngay 14/04/2027; Bo phan mot cua se kiem tra. Tra cuu: http"))
            #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
            #expect(!text.contains("?"))
        }
        await gateway.stop()
    }

    @Test func gatewayFailingTwiceThenSucceedingDeliversOnceWithTheSameID() async throws {
        let gateway = try await SMSGatewayStub.start()
        try await withMotCua { app in
            // setup
            app.useSMSGateway(gateway)
            gateway.answer([.internalServerError, .serviceUnavailable])
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(.accepted, o)
            let row = try #require(try await texts(code, app).first)
            let now = processingMorning

            // act and assert: the first attempt fails and is retried 30 s later
            #expect(try await OutboxWorker.runOnce(app: app) == 1)
            var stored = try #require(try await OutboxMessage.find(row.id, on: app.db))
            #expect(stored.state == .pending)
            #expect(stored.attempts == 1)
            #expect(stored.nextAttemptAt == now.addingTimeInterval(30))
            #expect(stored.lastError?.contains("Cổng SMS trả lời 500") == true)
            #expect(try await OutboxWorker.runOnce(app: app) == 0)

            // the second fails too, and waits a minute
            app.clock.set(now.addingTimeInterval(31))
            #expect(try await OutboxWorker.runOnce(app: app) == 1)
            stored = try #require(try await OutboxMessage.find(row.id, on: app.db))
            #expect(stored.attempts == 2)
            #expect(stored.nextAttemptAt == now.addingTimeInterval(31 + 60))
            #expect(stored.lastError?.contains("503") == true)

            // while it waits, the officer sees the attempts and the error on the dossier page
            let web = WebSession(app: app)
            try await web.login("tiepnhan")
            let page = try await web.get("/ho-so/\(code)").body.string
            #expect(page.contains("Tin nhắn SMS:"))
            #expect(page.contains("+84912345678"))
            #expect(page.contains("2 lần gửi"))
            #expect(page.contains("Cổng SMS trả lời 503"))

            // the third is delivered
            app.clock.set(now.addingTimeInterval(31 + 61))
            #expect(try await OutboxWorker.runOnce(app: app) == 1)
            stored = try #require(try await OutboxMessage.find(row.id, on: app.db))
            #expect(stored.state == .sent)
            #expect(stored.attempts == 3)
            #expect(stored.lastError == nil)
            #expect(try await OutboxWorker.runOnce(app: app) == 0)

            // the gateway saw three calls with one id, and delivered one message
            #expect(gateway.received.map(\.answered) == [500, 503, 200])
            #expect(Set(gateway.received.compactMap { $0.json["id"] }) == [row.messageID])
            #expect(gateway.delivered.count == 1)
            let delivered = try await web.get("/ho-so/\(code)").body.string
            #expect(delivered.contains("<span class=\"badge ok\">Đã gửi</span>"))
            #expect(delivered.contains("3 lần gửi"))
        }
        await gateway.stop()
    }

    @Test func anUnreachableGatewayKeepsTheTextForALaterAttempt() async throws {
        // setup: a port nobody listens on any more
        let closed = try await SMSGatewayStub.start()
        let url = closed.url
        await closed.stop()
        try await withMotCua { app in
            app.useSMSGateway(nil)
            app.smsSettings.gatewayURL = url
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(.accepted, o)

            // act
            #expect(try await OutboxWorker.runOnce(app: app) == 1)

            // assert
            let row = try #require(try await texts(code, app).first)
            #expect(row.state == .pending)
            #expect(row.attempts == 1)
            #expect(row.lastError?.contains("Không kết nối được tới cổng SMS 127.0.0.1") == true)
            #expect(row.claimedUntil == nil)
        }
    }

    @Test func administratorsListTheTextsApartFromTheMails() async throws {
        try await withMotCua { app in
            // setup: an online dossier with e-mail and phone, accepted; no gateway, no SMTP
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(.new, o)
            try await client.mustMove(code, token: o.reception, TransitionInput(action: "accept"))
            let web = WebSession(app: app)
            try await web.login("quantri")

            // act
            let sms = try await web.get("/quan-tri/tin-nhan-da-gui")
            let mails = try await web.get("/quan-tri/thu-da-gui").body.string
            let home = try await web.get("/quan-tri").body.string

            // assert
            #expect(sms.status == .ok)
            let page = sms.body.string
            #expect(page.contains("id=\"sms-demo-note\""))
            #expect(page.contains("2 tin nhắn"))
            #expect(page.contains("Hồ sơ \(code) đã được tiếp nhận."))
            #expect(page.contains("+84912345678"))
            #expect(!mails.contains("+84912345678"))
            #expect(mails.contains("1 thư"))
            #expect(home.contains("id=\"sms-tile\""))
            let row = try #require(try await texts(code, app).last)
            let detail = try await web.get("/quan-tri/tin-nhan-da-gui/\(try row.requireID().uuidString)")
            #expect(detail.status == .ok)
            #expect(detail.body.string.contains("ký tự UCS-2"))
            #expect(detail.body.string.contains(row.messageID))
            // An SMS is not a mail: the mail page does not open it.
            #expect(try await web.get("/quan-tri/thu-da-gui/\(try row.requireID().uuidString)").status == .notFound)
        }
    }

    @Test func rowsWrittenBeforeChannelsExistedAreEmails() async throws {
        try await withMotCua(seed: false) { app in
            // setup: a row inserted without the column, as every row before the migration was
            let sql = try #require(app.db as? SQLDatabase)
            let id = UUID()
            try await sql.raw("""
                INSERT INTO outbox_messages (id, recipient, subject, text_body, html_body, kind, message_id, state, attempts, next_attempt_at, created_at)
                VALUES (\(bind: id), 'an@example.vn', 'S', 'T', 'H', 'account.verification', '<x@motcua.local>', 'pending', 0, \(bind: processingMorning), \(bind: processingMorning))
                """).run()

            // act
            let row = try #require(try await OutboxMessage.find(id, on: app.db))

            // assert
            #expect(row.channel == .email)
            #expect(row.channelCode == "email")
        }
    }
}

/// The SMS queued about one dossier, oldest first.
func texts(_ code: String, _ app: Application) async throws -> [OutboxMessage] {
    let dossier = try #require(try await Dossier.query(on: app.db).filter(\.$code == code).first())
    return try await OutboxMessage.query(on: app.db).filter(\.$dossierID == dossier.requireID())
        .filter(\.$channelCode == OutboxChannel.sms.rawValue).sort(\.$createdAt).sort(\.$kind).all()
}
