import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// The outbox: written with the change, never without it; composed in Vietnamese with the code and the lookup link.
@Suite("Mail outbox")
struct OutboxTests {
    struct Rollback: Error {}

    @Test func enqueueInARolledBackTransactionLeavesNoRow() async throws {
        try await withMotCua(seed: false) { app in
            // setup
            let mail = AccountMail.verification(to: "an@example.vn", name: "Nguyễn Văn An", link: "http://127.0.0.1:8080/xac-nhan/abc")

            // act
            await #expect(throws: Rollback.self) {
                try await app.db.transaction { db in
                    try await Outbox.enqueue(mail, on: db, now: Date())
                    throw Rollback()
                }
            }
            try await app.db.transaction { db in try await Outbox.enqueue(mail, on: db, now: Date()) }

            // assert: only the committed one is there, pending, with its own Message-ID.
            let rows = try await OutboxMessage.query(on: app.db).all()
            #expect(rows.count == 1)
            #expect(rows.first?.state == .pending)
            #expect(rows.first?.attempts == 0)
            #expect(rows.first?.messageID.hasPrefix("<") == true && rows.first?.messageID.hasSuffix("@motcua.local>") == true)
            #expect(rows.first?.kind == "account.verification")
        }
    }

    @Test func movesTheApplicantMustKnowQueueAVietnameseMailWithCodeAndLink() async throws {
        try await withMotCua { app in
            // setup: an online dossier whose applicant gave an e-mail address
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(.new, o)
            #expect(try await mails(code, app).isEmpty)

            // act
            try await client.mustMove(code, token: o.reception, TransitionInput(action: "accept"))
            try await client.mustMove(code, token: o.specialist, TransitionInput(action: "start"))
            try await client.mustMove(code, token: o.specialist, TransitionInput(action: "forward"))

            // assert: acceptance mails, with the appointment (3 working days, Hùng Kings' day skipped); start and forward do not.
            let sent = try await mails(code, app)
            #expect(sent.map(\.kind) == ["dossier.accept"])
            let accept = try #require(sent.first)
            #expect(accept.recipient == "an.nguyen@example.vn")
            #expect(accept.recipientName == "Nguyễn Văn An")
            #expect(accept.subject == "Hồ sơ \(code) đã được tiếp nhận")
            #expect(accept.textBody.contains("Kính gửi Nguyễn Văn An,"))
            #expect(accept.textBody.contains("Mã hồ sơ: \(code)"))
            #expect(accept.textBody.contains("Ngày hẹn trả kết quả: 17:00 ngày 20/04/2027 (Thứ Ba, 20/04/2027)"))
            #expect(accept.textBody.contains("/tra-cuu/\(code)"))
            #expect(accept.htmlBody.contains("href=\"http://"))
            #expect(accept.htmlBody.contains("/tra-cuu/\(code)\""))
            #expect(accept.htmlBody.contains("<html lang=\"vi\">"))
        }
    }

    @Test func supplementRefusalRescheduleResolveAndReturnEachSayWhatTheyMust() async throws {
        try await withMotCua { app in
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)

            // supplement: the full list from the move
            let incomplete = try await client.make(.new, o)
            try await client.mustMove(incomplete, token: o.reception, TransitionInput(action: "request-supplement", note: "Nộp trong tuần.", missing: ["Tờ khai có chữ ký", "Bản sao CCCD"]))
            let supplement = try #require(try await mails(incomplete, app).last)
            #expect(supplement.kind == "dossier.request-supplement")
            #expect(supplement.textBody.contains("– Tờ khai có chữ ký\n– Bản sao CCCD"))
            #expect(supplement.htmlBody.contains("<li>Tờ khai có chữ ký</li><li>Bản sao CCCD</li>"))
            #expect(supplement.textBody.contains("Nộp trong tuần."))

            // refusal: the reason
            let refused = try await client.make(.notAccepted, o, applicant: 2)
            let refusal = try #require(try await mails(refused, app).last)
            #expect(refusal.kind == "dossier.refuse")
            #expect(refusal.textBody.contains("Lý do: Không thuộc thẩm quyền."))

            // reschedule: the apology and the new date; then resolve and return
            let late = try await client.make(.processing, o, applicant: 3)
            try await client.mustMove(late, token: o.leader, TransitionInput(action: "reschedule", reason: "Chờ xác minh của Công an", newAppointment: "2027-04-23"))
            let apology = try #require(try await mails(late, app).last)
            #expect(apology.kind == "dossier.reschedule")
            #expect(apology.textBody.contains("xin lỗi"))
            #expect(apology.textBody.contains("Lý do: Chờ xác minh của Công an"))
            #expect(apology.textBody.contains("Hẹn mới: 17:00 ngày 23/04/2027"))
            try await client.mustMove(late, token: o.leader, TransitionInput(action: "resolve"))
            try await client.mustMove(late, token: o.reception, TransitionInput(action: "return", delivery: "counter"))
            let kinds = try await mails(late, app).map(\.kind)
            // Accepted at the counter (intake, not a move): the printed slip says it; the mails start with the apology.
            #expect(kinds.count == 3)
            #expect(Set(kinds) == ["dossier.reschedule", "dossier.resolve", "dossier.return"])
        }
    }

    @Test func noAddressOrAMalformedOneQueuesNothing() async throws {
        try await withMotCua { app in
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            // "x<y>@example.vn" passes intake's check but would break an SMTP command: it is not mailed either.
            for (index, email) in ["", "x<y>@example.vn"].enumerated() {
                var applicant = applicantJSON(20 + index)
                applicant["email"] = email
                let created = try await app.createDossier(token: o.reception, body: IntakeBody(procedureCode: threeDayProcedure, applicant: applicant, channel: "online"))
                let code = try #require(created?.code)
                try await client.mustMove(code, token: o.reception, TransitionInput(action: "accept"))
                #expect(try await mails(code, app).isEmpty, "\(email)")
            }
        }
    }

    @Test func addressCheck() {
        #expect(Outbox.looksLikeAddress("an.nguyen@example.vn"))
        #expect(Outbox.looksLikeAddress("a+b@so-tu-phap.lamdong.gov.vn"))
        for bad in ["", "a", "a@b", "@b.vn", "a@b.vn>", "a b@c.vn", "a@b.vn\r\nRCPT TO:<x@y.vn>", "a@@b.vn", "a@.vn"] {
            #expect(!Outbox.looksLikeAddress(bad), "\(bad)")
        }
    }

    private func mails(_ code: String, _ app: Application) async throws -> [OutboxMessage] {
        let dossier = try #require(try await Dossier.query(on: app.db).filter(\.$code == code).first())
        return try await OutboxMessage.query(on: app.db).filter(\.$dossierID == dossier.requireID()).filter(\.$channelCode == "email").sort(\.$createdAt).all()
    }
}
