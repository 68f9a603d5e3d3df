import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// `POST /api/v1/sms/inbound`: the keyword, the automatic reply through the outbox and the gateway, the token, the
/// limits, and input that must never become a 500.
@Suite("SMS inbound keyword and automatic reply")
struct SMSInboundTests {
    struct Sent {
        let status: HTTPStatus
        let reply: String?
        let id: String?
        let errorCode: String?
        let message: String?
    }

    /// `overNetwork`: through a real socket, where the route's body limit applies as it arrives (413).
    func inbound(_ app: Application, json: String, token: String? = SMSTestToken.value, contentType: HTTPMediaType? = .json,
                 overNetwork: Bool = false) async throws -> Sent {
        var headers = HTTPHeaders()
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        if let contentType { headers.contentType = contentType }
        let tester = overNetwork ? try app.testing(method: .running(port: 0)) : try app.testing()
        let response = try await tester.sendRequest(.POST, "/api/v1/sms/inbound", headers: headers, body: ByteBuffer(string: json))
        let body = try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
        let error = body?["error"] as? [String: Any]
        return Sent(status: response.status, reply: body?["reply"] as? String, id: body?["id"] as? String,
                    errorCode: error?["code"] as? String, message: error?["message"] as? String)
    }

    func ask(_ app: Application, from: String, text: String) async throws -> Sent {
        let body = try JSONSerialization.data(withJSONObject: ["from": from, "text": text])
        return try await inbound(app, json: String(decoding: body, as: UTF8.self))
    }

    func replies(_ app: Application) async throws -> [OutboxMessage] {
        try await OutboxMessage.query(on: app.db).filter(\.$kind ~~ SMSReply.kinds).sort(\.$createdAt).all()
    }

    @Test func aStatusRequestIsAnsweredWithStatusAppointmentAndLinkAndNothingPersonal() async throws {
        let gateway = try await SMSGatewayStub.start()
        try await withMotCua { app in
            // setup: a dossier accepted at the counter; its own SMS goes first
            app.useSMSGateway(gateway)
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(.accepted, o)
            try await OutboxWorker.runOnce(app: app)
            #expect(gateway.received.count == 1)

            // act: someone texts "hs <code>" in lower case with extra spaces
            let sent = try await ask(app, from: "0987 654 321", text: "  hs  \(code.lowercased()) ")
            try await OutboxWorker.runOnce(app: app)

            // assert
            #expect(sent.status == .accepted)
            #expect(sent.reply == "queued")
            let call = try #require(gateway.received.last)
            #expect(gateway.received.count == 2)
            #expect(call.json["to"] == "+84987654321")
            #expect(call.json["id"] == sent.id)
            #expect(call.authorization == "Bearer \(SMSTestToken.value)")
            let text = try #require(call.json["text"])
            #expect(text.hasPrefix("Hồ sơ \(code): Đã tiếp nhận. Hẹn trả kết quả: 17:00 ngày 20/04/2027. Tra cứu: http"))
            #expect(text.hasSuffix("/tra-cuu/\(code)"))
            // Not the name (whole or masked), the CCCD, the phone, the e-mail or the address.
            for personal in ["Nguyễn", "An", "068095", "0912345678", "+84912345678", "example.vn", "Trần Phú"] {
                #expect(!text.contains(personal), "\(personal)")
            }
            // The reply is listed with the dossier's messages.
            let row = try #require(try await replies(app).first)
            #expect(row.kind == "sms.reply.status")
            #expect(row.state == .sent)
            #expect(try await texts(code, app).map(\.kind).contains("sms.reply.status"))
        }
        await gateway.stop()
    }

    @Test func helpUnknownCodeAndMalformedCodeEachGetTheirReply() async throws {
        try await withMotCua { app in
            // setup
            app.useSMSGateway(nil)
            app.clock.set(processingMorning)

            // act
            let help = try await ask(app, from: "+84 912 000 001", text: "Xin chào, cho hỏi hồ sơ của tôi")
            let unknown = try await ask(app, from: "84912000002", text: "HS 000.00.00.H36-270101-9999")
            let malformed = try await ask(app, from: "0912.000.003", text: "HS 12345<script>")

            // assert: each queued, none sent (no gateway configured), each says what it must
            #expect([help, unknown, malformed].map(\.status) == [.accepted, .accepted, .accepted])
            let rows = try await replies(app)
            #expect(rows.count == 3)
            let byNumber = Dictionary(uniqueKeysWithValues: rows.map { ($0.recipient, $0) })
            #expect(byNumber["+84912000001"]?.kind == "sms.reply.help")
            #expect(byNumber["+84912000001"]?.textBody == "Để tra cứu hồ sơ, nhắn: HS <mã hồ sơ>, ví dụ HS 000.00.00.H41-250312-0007")
            #expect(byNumber["+84912000002"]?.kind == "sms.reply.unknown")
            #expect(byNumber["+84912000002"]?.textBody.hasPrefix("Không tìm thấy hồ sơ 000.00.00.H36-270101-9999.") == true)
            #expect(byNumber["+84912000003"]?.kind == "sms.reply.unknown")
            #expect(byNumber["+84912000003"]?.textBody.contains("<script>") == false)
            #expect(rows.allSatisfy { $0.state == .pending && $0.dossierID == nil })
        }
    }

    @Test func repliesToOneNumberAreLimitedToFivePerTenMinutes() async throws {
        try await withMotCua(seed: false) { app in
            // setup
            app.useSMSGateway(nil)
            let start = processingMorning
            app.clock.set(start)

            // act: six texts from one number within the window, one from another number
            var answers: [String?] = []
            for minute in 0..<6 {
                app.clock.set(start.addingTimeInterval(Double(minute) * 60))
                answers.append(try await ask(app, from: "0912000009", text: "giúp").reply)
            }
            let other = try await ask(app, from: "0912000010", text: "giúp")
            // ten minutes after the first reply, it has left the window: one more is allowed
            app.clock.set(start.addingTimeInterval(10 * 60 + 1))
            let later = try await ask(app, from: "0912000009", text: "giúp")

            // assert
            #expect(answers == ["queued", "queued", "queued", "queued", "queued", "rate_limited"])
            #expect(other.reply == "queued")
            #expect(later.reply == "queued")
            let rows = try await replies(app)
            #expect(rows.filter { $0.recipient == "+84912000009" }.count == 6)
            #expect(rows.count == 7)
        }
    }

    @Test func theGatewayTokenIsRequiredAndCompared() async throws {
        try await withMotCua { app in
            let body = #"{"from":"0912345678","text":"HS 000.00.00.H36-270101-0001"}"#
            // No token configured: nobody may call, whatever they send.
            app.smsSettings = SMSSettings()
            let unconfigured = try await inbound(app, json: body, token: "anything")
            #expect(unconfigured.status == .unauthorized)
            #expect(unconfigured.errorCode == "unauthorized")

            app.useSMSGateway(nil)
            let missing = try await inbound(app, json: body, token: nil)
            let wrong = try await inbound(app, json: body, token: SMSTestToken.value + "x")
            let short = try await inbound(app, json: body, token: "gw")
            // A user's API token is not the gateway's.
            app.clock.set(processingMorning)
            let officer = try await inbound(app, json: body, token: try await app.bearer("tiepnhan"))
            for sent in [missing, wrong, short, officer] {
                #expect(sent.status == .unauthorized)
                #expect(sent.errorCode == "unauthorized")
                #expect(sent.message?.contains("Mã truy cập của cổng SMS") == true)
            }
            #expect(try await replies(app).isEmpty)
        }
    }

    @Test func badInputIsAVietnamese4xxAndQueuesNothing() async throws {
        try await withMotCua(seed: false) { app in
            // setup
            app.useSMSGateway(nil)
            let long = String(repeating: "á", count: SMSInboundController.maxTextCharacters + 1)

            // act
            let broken = try await inbound(app, json: #"{"from":"0912345678","text":"#)
            let missingText = try await inbound(app, json: #"{"from":"0912345678"}"#)
            let missingFrom = try await inbound(app, json: #"{"text":"HS 1"}"#)
            let wrongType = try await inbound(app, json: #"{"from":912345678,"text":"HS"}"#)
            let empty = try await inbound(app, json: "")
            let tooLong = try await ask(app, from: "0912345678", text: long)
            let landline = try await ask(app, from: "02438256789", text: "HS")
            let foreign = try await ask(app, from: "+14155550100", text: "HS")
            let huge = try await inbound(app, json: #"{"from":"0912345678","text":""# + String(repeating: "a", count: 20_000) + #""}"#, overNetwork: true)
            let noType = try await inbound(app, json: #"{"from":"0912345678","text":"HS"}"#, contentType: nil)
            let nul = try await ask(app, from: "0912345678\u{0}", text: "HS\u{0}")

            // assert
            #expect(broken.status == .badRequest)
            #expect(missingText.status == .unprocessableEntity && missingText.errorCode == "missing_fields")
            #expect(missingFrom.status == .unprocessableEntity && missingFrom.errorCode == "missing_fields")
            #expect(wrongType.status == .badRequest)
            #expect(empty.status.code >= 400 && empty.status.code < 500)
            #expect(tooLong.status == .unprocessableEntity && tooLong.errorCode == "text_too_long")
            #expect(landline.status == .unprocessableEntity && landline.errorCode == "invalid_sender")
            #expect(foreign.status == .unprocessableEntity && foreign.errorCode == "invalid_sender")
            #expect(huge.status == .payloadTooLarge)
            #expect(noType.status.code >= 400 && noType.status.code < 500)
            #expect(nul.status == .unprocessableEntity)
            for sent in [broken, missingText, missingFrom, wrongType, empty, tooLong, landline, foreign, huge, noType, nul] {
                let message = try #require(sent.message)
                #expect(message.range(of: "[ạảãàáâậầấẩẫăắằặẳẵđêềếểễệơờớởỡợưừứửữựỏõọòóôồốổỗộ]", options: .regularExpression) != nil, "\(message)")
            }
            #expect(try await OutboxMessage.query(on: app.db).count() == 0)
        }
    }
}
