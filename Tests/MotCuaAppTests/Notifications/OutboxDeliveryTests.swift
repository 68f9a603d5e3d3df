import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// The worker against a real SMTP server (aiosmtpd on loopback), its retries and its crash behaviour.
@Suite("Mail delivery over SMTP", .enabled(if: MailTools.enabled, "needs python3 with aiosmtpd (pip install aiosmtpd); MOTCUA_REQUIRE_TOOLS=1 makes its absence a failure"))
struct OutboxDeliveryTests {
    struct SimulatedCrash: Error {}

    @Test func aTransitionIsDeliveredWithItsVietnameseSubjectBothPartsAndItsMessageID() async throws {
        let sink = try MailSink()
        defer { sink.stop() }
        try await withMotCua { app in
            // setup
            app.mailSettings.server = sink.server
            app.mailSettings.from = MailAddress(name: "Một cửa Lâm Đồng", address: "no-reply@lamdong.gov.vn")
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(.new, o)
            try await client.mustMove(code, token: o.reception, TransitionInput(action: "accept"))
            let queued = try #require(try await OutboxMessage.query(on: app.db).filter(\.$channelCode == "email").first())

            // act
            let attempted = try await OutboxWorker.runOnce(app: app)

            // assert: recorded as sent, and the server holds exactly that message.
            #expect(attempted == 1)
            let row = try #require(try await OutboxMessage.find(queued.id, on: app.db))
            #expect(row.state == .sent)
            #expect(row.attempts == 1)
            #expect(row.sentAt == processingMorning)
            #expect(row.lastError == nil)
            let received = try sink.messages()
            #expect(received.count == 1)
            let mail = try #require(received.first)
            #expect(mail.subject == "Hồ sơ \(code) đã được tiếp nhận")
            #expect(mail.message_id == row.messageID)
            #expect(mail.from == "Một cửa Lâm Đồng <no-reply@lamdong.gov.vn>")
            #expect(mail.to == "Nguyễn Văn An <an.nguyen@example.vn>")
            #expect(mail.envelope_to == "an.nguyen@example.vn")
            #expect(mail.content_type == "multipart/alternative")
            #expect(mail.text?.contains("Mã hồ sơ: \(code)") == true)
            #expect(mail.text?.contains("Ngày hẹn trả kết quả: 17:00 ngày 20/04/2027") == true)
            #expect(mail.html?.contains("/tra-cuu/\(code)") == true)
            #expect(mail.html?.contains("Kính gửi Nguyễn Văn An,") == true)
            #expect(mail.longest_line <= 76)
            #expect(mail.date.hasSuffix("+0700"))

            // A second pass finds nothing due.
            #expect(try await OutboxWorker.runOnce(app: app) == 0)
            #expect(try sink.messages().count == 1)
        }
    }

    @Test func workersRunningAtOnceSendEachMessageOnce() async throws {
        let sink = try MailSink()
        defer { sink.stop() }
        try await withMotCua(seed: false) { app in
            // setup: more messages than one pass takes
            app.mailSettings.server = sink.server
            app.clock.set(processingMorning)
            let count = OutboxWorker.batchSize + 5
            for index in 0..<count {
                try await Outbox.enqueue(AccountMail.verification(to: "nguoi\(index)@example.vn", name: "Người \(index)", link: "http://x.vn/\(index)"),
                                         on: app.db, now: processingMorning)
            }

            // act: three passes at once, as three nodes would (row locks on PostgreSQL, the write gate on SQLite)
            async let first = OutboxWorker.runOnce(app: app)
            async let second = OutboxWorker.runOnce(app: app)
            async let third = OutboxWorker.runOnce(app: app)
            let attempted = try await [first, second, third].reduce(0, +)

            // assert
            #expect(attempted == count)
            let received = try sink.messages()
            #expect(received.count == count)
            #expect(Set(received.map(\.message_id)).count == count)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$stateCode == "sent").count() == count)
        }
    }

    @Test func refusedConnectionKeepsTheMessageForALaterAttempt() async throws {
        try MailTools.require()
        try await withMotCua(seed: false) { app in
            // setup: a port nobody listens on
            let closed = try MailSink()
            let port = closed.port
            closed.stop()
            app.mailSettings.server = SMTPServerAddress(host: "127.0.0.1", port: port)
            let now = processingMorning
            app.clock.set(now)
            try await Outbox.enqueue(AccountMail.passwordReset(to: "an@example.vn", name: "An", link: "http://127.0.0.1:8080/dat-lai/x"), on: app.db, now: now)

            // act
            try await OutboxWorker.runOnce(app: app)

            // assert: one attempt, retried 30 s later, nothing lost.
            let row = try #require(try await OutboxMessage.query(on: app.db).filter(\.$channelCode == "email").first())
            #expect(row.state == .pending)
            #expect(row.attempts == 1)
            #expect(row.nextAttemptAt == now.addingTimeInterval(30))
            #expect(row.lastError?.contains("Không kết nối được tới máy chủ thư 127.0.0.1:\(port)") == true)
            #expect(row.claimedUntil == nil)

            // Not due before its time; due after it, and the back-off doubles.
            #expect(try await OutboxWorker.runOnce(app: app) == 0)
            app.clock.set(now.addingTimeInterval(31))
            #expect(try await OutboxWorker.runOnce(app: app) == 1)
            let again = try #require(try await OutboxMessage.query(on: app.db).filter(\.$channelCode == "email").first())
            #expect(again.attempts == 2)
            #expect(again.nextAttemptAt == now.addingTimeInterval(31 + 60))
        }
    }

    @Test func aCrashAfterTheServerAcceptedSendsAgainWithTheSameMessageIDOnce() async throws {
        let sink = try MailSink()
        defer { sink.stop() }
        try await withMotCua(seed: false) { app in
            // setup
            app.mailSettings.server = sink.server
            let now = processingMorning
            app.clock.set(now)
            try await Outbox.enqueue(AccountMail.verification(to: "an@example.vn", name: "Nguyễn Văn An", link: "http://127.0.0.1:8080/xac-nhan/abc"),
                                     on: app.db, now: now)
            var crashing = try #require(OutboxWorker(app: app))
            crashing.afterServerAccepted = { _ in throw SimulatedCrash() }

            // act: the server accepts, the process "dies" before recording it
            await #expect(throws: SimulatedCrash.self) { try await crashing.runOnce(app: app) }

            // assert: delivered once, still marked as being sent under a lease
            #expect(try sink.messages().count == 1)
            let leased = try #require(try await OutboxMessage.query(on: app.db).filter(\.$channelCode == "email").first())
            #expect(leased.state == .sending)
            #expect(leased.attempts == 1)
            #expect(leased.claimedUntil == now.addingTimeInterval(OutboxWorker.lease))

            // While the lease runs, no other pass takes it.
            app.clock.set(now.addingTimeInterval(OutboxWorker.lease - 1))
            #expect(try await OutboxWorker.runOnce(app: app) == 0)

            // After it, the next pass sends it again, with the same Message-ID, and records it.
            app.clock.set(now.addingTimeInterval(OutboxWorker.lease + 1))
            #expect(try await OutboxWorker.runOnce(app: app) == 1)
            let received = try sink.messages()
            #expect(received.count == 2)
            #expect(Set(received.map(\.message_id)) == [leased.messageID])
            #expect(received.allSatisfy { $0.subject == "Xác nhận địa chỉ thư điện tử – Cổng dịch vụ công một cửa" })
            let row = try #require(try await OutboxMessage.query(on: app.db).filter(\.$channelCode == "email").first())
            #expect(row.state == .sent)
            #expect(row.attempts == 2)
            #expect(try await OutboxWorker.runOnce(app: app) == 0)
            #expect(try sink.messages().count == 2)
        }
    }

    @Test func aPermanentRefusalFailsTheMessageWithTheServersReason() async throws {
        let sink = try MailSink()
        defer { sink.stop() }
        try await withMotCua(seed: false) { app in
            // setup: the sink refuses local parts starting with "tu-choi" with 550
            app.mailSettings.server = sink.server
            app.clock.set(processingMorning)
            try await Outbox.enqueue(AccountMail.verification(to: "tu-choi@example.vn", name: "An", link: "http://x.vn/a"), on: app.db, now: processingMorning)

            // act
            try await OutboxWorker.runOnce(app: app)

            // assert
            let row = try #require(try await OutboxMessage.query(on: app.db).filter(\.$channelCode == "email").first())
            #expect(row.state == .failed)
            #expect(row.attempts == 1)
            #expect(row.lastError?.contains("550") == true)
            #expect(row.lastError?.contains("Bị từ chối") == true)
            #expect(try sink.messages().isEmpty)
            app.clock.set(processingMorning.addingTimeInterval(86_400))
            #expect(try await OutboxWorker.runOnce(app: app) == 0)
        }
    }

    @Test func startTLSWithATrustedCertificateAndRefusalOfAnUntrustedOne() async throws {
        try MailTools.require()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("motcua-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificate = try MailTools.selfSignedCertificate(in: directory)
        // The sink requires STARTTLS: a message it accepted came over TLS.
        let sink = try MailSink(.init(tlsCert: certificate.cert, tlsKey: certificate.key))
        defer { sink.stop() }
        try await withMotCua(seed: false) { app in
            app.clock.set(processingMorning)
            app.mailSettings.server = sink.server
            try await Outbox.enqueue(AccountMail.verification(to: "an@example.vn", name: "An", link: "http://x.vn/a"), on: app.db, now: processingMorning)

            // Not trusted: the handshake fails, the message waits.
            try await OutboxWorker.runOnce(app: app)
            let waiting = try #require(try await OutboxMessage.query(on: app.db).filter(\.$channelCode == "email").first())
            #expect(waiting.state == .pending)
            #expect(waiting.lastError != nil)
            #expect(try sink.messages().isEmpty)

            // Trusted through MOTCUA_SMTP_CA_FILE: delivered.
            app.mailSettings.caFile = certificate.cert
            app.clock.set(processingMorning.addingTimeInterval(60))
            try await OutboxWorker.runOnce(app: app)
            let row = try #require(try await OutboxMessage.query(on: app.db).filter(\.$channelCode == "email").first())
            #expect(row.state == .sent, "\(row.lastError ?? "")")
            #expect(try sink.messages().count == 1)
        }
    }

    @Test func authPlainWithTheURLsUserAndPassword() async throws {
        let sink = try MailSink(.init(auth: "motcua:mật-khẩu"))
        defer { sink.stop() }
        try await withMotCua(seed: false) { app in
            app.clock.set(processingMorning)
            try await Outbox.enqueue(AccountMail.verification(to: "an@example.vn", name: "An", link: "http://x.vn/a"), on: app.db, now: processingMorning)

            // Wrong password: 535, permanent.
            app.mailSettings.server = try SMTPServerAddress(url: "smtp://motcua:sai@127.0.0.1:\(sink.port)")
            try await OutboxWorker.runOnce(app: app)
            let refused = try #require(try await OutboxMessage.query(on: app.db).filter(\.$channelCode == "email").first())
            #expect(refused.state == .failed)
            #expect(refused.lastError?.contains("535") == true)

            // Right one (percent-encoded in the URL): delivered.
            try await Outbox.enqueue(AccountMail.verification(to: "an@example.vn", name: "An", link: "http://x.vn/a"), on: app.db, now: processingMorning)
            app.mailSettings.server = try SMTPServerAddress(url: "smtp://motcua:m%E1%BA%ADt-kh%E1%BA%A9u@127.0.0.1:\(sink.port)")
            try await OutboxWorker.runOnce(app: app)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$stateCode == "sent").count() == 1)
            #expect(try sink.messages().count == 1)
        }
    }
}
