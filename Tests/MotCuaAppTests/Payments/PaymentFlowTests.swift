import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
import MotCuaCore

@Suite("Payments: the payment URL, the gateway's notification (IPN) and what it may change")
struct PaymentFlowTests {
    @Test("The payment URL carries the 2.1.0 parameters, signed with the terminal's secret; a double click gets the same attempt")
    func paymentURL() async throws {
        try await withAwaitingFees { app, officers, code in
            let first = try await app.startPayment(code, token: officers.reception)
            let url = try #require(URLComponents(string: first.url))
            #expect(url.host == "sandbox.vnpayment.vn")
            let parameters = VNPayProtocol.parseQuery(url.percentEncodedQuery ?? "")
            #expect(parameters["vnp_Version"] == "2.1.0")
            #expect(parameters["vnp_Command"] == "pay")
            #expect(parameters["vnp_TmnCode"] == testTerminal)
            #expect(parameters["vnp_Amount"] == "10000000", "100.000 đồng × 100")
            #expect(parameters["vnp_CurrCode"] == "VND")
            #expect(parameters["vnp_TxnRef"] == first.txnRef)
            #expect(parameters["vnp_Locale"] == "vn")
            #expect(parameters["vnp_CreateDate"] == "20270414090000", "Vietnam time of the pinned clock")
            #expect(parameters["vnp_ExpireDate"] == "20270414091500")
            #expect(parameters["vnp_ReturnUrl"]?.hasSuffix("/thanh-toan/ket-qua") == true)
            #expect(parameters["vnp_IpAddr"]?.isEmpty == false)
            #expect(parameters["vnp_OrderInfo"]?.contains(code) == true)
            #expect(VNPayProtocol.verify(parameters, secret: testSecret))

            let again = try await app.startPayment(code, token: officers.reception)
            #expect(again.txnRef == first.txnRef, "a second click within a minute is the same attempt")
            app.clock.set(processingMorning.addingTimeInterval(120))
            let later = try await app.startPayment(code, token: try await app.bearer("tiepnhan"))
            #expect(later.txnRef != first.txnRef, "a later attempt has its own reference")

            let listed = try await app.send(.GET, "/api/v1/dossiers/\(code)/payments", token: officers.reception)
            #expect(listed.status == .ok)
            let items = (try? JSONSerialization.jsonObject(with: Data(listed.text.utf8))) as? [[String: Any]] ?? []
            #expect(items.count == 2)
            #expect(items.allSatisfy { $0["state"] as? String == "pending" })
        }
    }

    @Test("A verified success marks the payment paid, issues a receipt and moves the dossier 6 → 4 in one go")
    func confirmed() async throws {
        try await withAwaitingFees { app, officers, code in
            let client = ProcessingClient(app: app)
            let started = try await app.startPayment(code, token: officers.reception)
            let events = try await client.eventCount(code)
            #expect(try await app.ipn(app.ipnQuery(txnRef: started.txnRef, amountVND: 100_000)) == "00")

            let payment = try await app.payment(started.txnRef)
            #expect(payment.state == .paid)
            #expect(payment.receiptNumber?.hasPrefix("BL2027-") == true)
            #expect(payment.receiptNumber?.hasSuffix("-0000001") == true)
            #expect(payment.gatewayTransactionNo == "14422574")
            let dossier = try await client.stored(code)
            #expect(dossier.status == .processing)
            #expect(try await client.eventCount(code) == events + 1)
            #expect(try await client.events(code).last?.action == "fees-paid")
            #expect(try await FeeDemand.open(for: dossier.requireID(), on: app.db) == nil)
            let audit = try await PaymentNotification.query(on: app.db).filter(\.$txnRef == started.txnRef).all()
            #expect(audit.map(\.answerCode) == ["00"])

            // The applicant was told what was due, by e-mail and by SMS, when the specialist asked for it.
            let dossierID = try dossier.requireID()
            let told = try await OutboxMessage.query(on: app.db).filter(\.$dossierID == dossierID).all()
            let mail = try #require(told.first { $0.kind == "dossier.request-fees" })
            #expect(mail.subject.contains("100.000 đồng"))
            #expect(mail.textBody.contains("Một trăm nghìn đồng"))
            let text = try #require(told.first { $0.kind == "dossier.fees-due" })
            #expect(text.recipient == "+84912345678")
            #expect(text.textBody.contains("100.000"))

            let nothing = try await app.send(.POST, "/api/v1/dossiers/\(code)/payments", token: officers.reception)
            #expect(nothing.status == .conflict)
            #expect(nothing.errorCode == "nothing_due")
        }
    }

    @Test("Forged signature, changed amount, unknown reference and a replay are refused, recorded, and change nothing")
    func refusals() async throws {
        try await withAwaitingFees { app, officers, code in
            let client = ProcessingClient(app: app)
            let started = try await app.startPayment(code, token: officers.reception)

            #expect(try await app.ipn(app.ipnQuery(txnRef: started.txnRef, amountVND: 100_000, secret: "forged")) == "97")
            var tampered = VNPayProtocol.parseQuery(app.ipnQuery(txnRef: started.txnRef, amountVND: 100_000))
            tampered["vnp_Amount"] = "100"
            let tamperedQuery = tampered.map { VNPayProtocol.formEncode($0.key) + "=" + VNPayProtocol.formEncode($0.value) }.joined(separator: "&")
            #expect(try await app.ipn(tamperedQuery) == "97", "a changed value breaks the signature")
            #expect(try await app.ipn(app.ipnQuery(txnRef: started.txnRef, amountVND: 1_000)) == "04", "signed, but not what is due")
            #expect(try await app.ipn(app.ipnQuery(txnRef: "NOSUCHREF0001", amountVND: 100_000)) == "01")
            #expect(try await app.ipn("") == "97", "no parameters at all")
            #expect(try await app.ipn("vnp_Amount=abc&vnp_SecureHash=zz%ZZ&&==") == "97")
            let unclear = VNPayProtocol.signedQuery(["vnp_Amount": "10000000", "vnp_ResponseCode": "00", "vnp_TmnCode": testTerminal,
                                                     "vnp_TxnRef": started.txnRef], secret: testSecret)
            #expect(try await app.ipn(unclear) == "99", "a success without vnp_TransactionStatus is not a success")
            #expect(try await (try await app.payment(started.txnRef)).state == .pending)
            #expect(try await client.stored(code).status == .awaitingFees)

            #expect(try await app.ipn(app.ipnQuery(txnRef: started.txnRef, amountVND: 100_000)) == "00")
            let receipt = try await app.payment(started.txnRef).receiptNumber
            let events = try await client.eventCount(code)
            #expect(try await app.ipn(app.ipnQuery(txnRef: started.txnRef, amountVND: 100_000)) == "02", "a replay")
            #expect(try await app.payment(started.txnRef).receiptNumber == receipt)
            #expect(try await client.eventCount(code) == events)

            let audit = try await PaymentNotification.query(on: app.db).sort(\.$receivedAt).all()
            #expect(audit.map(\.answerCode).sorted() == ["00", "01", "02", "04", "97", "97", "97", "97", "99"].sorted())
            #expect(audit.allSatisfy { !$0.answer.isEmpty })
        }
    }

    @Test("Insufficient funds: the attempt fails, nothing is paid, the dossier still waits and can be paid again")
    func insufficientFunds() async throws {
        try await withAwaitingFees { app, officers, code in
            let started = try await app.startPayment(code, token: officers.reception)
            #expect(try await app.ipn(app.ipnQuery(txnRef: started.txnRef, amountVND: 100_000, responseCode: "51", status: "02")) == "00")
            let payment = try await app.payment(started.txnRef)
            #expect(payment.state == .failed)
            #expect(payment.receiptNumber == nil)
            #expect(payment.failure?.contains("không đủ số dư") == true)
            #expect(try await ProcessingClient(app: app).stored(code).status == .awaitingFees)
            let retry = try await app.startPayment(code, token: officers.reception)
            #expect(retry.txnRef != started.txnRef)
        }
    }

    @Test("Two notifications at once for one reference: exactly one payment is recorded and one move made")
    func concurrentNotifications() async throws {
        try await withAwaitingFees { app, officers, code in
            let client = ProcessingClient(app: app)
            let started = try await app.startPayment(code, token: officers.reception)
            let query = app.ipnQuery(txnRef: started.txnRef, amountVND: 100_000)
            let events = try await client.eventCount(code)
            async let first = app.ipn(query)
            async let second = app.ipn(query)
            let answers = [try await first, try await second].compactMap { $0 }.sorted()
            #expect(answers == ["00", "02"])
            #expect(try await client.eventCount(code) == events + 1)
            #expect(try await Payment.query(on: app.db).filter(\.$stateCode == "paid").count() == 1)
            let receipts = try await Payment.query(on: app.db).all().compactMap(\.receiptNumber)
            #expect(receipts.count == 1 && receipts[0].hasSuffix("-0000001"), "the series advanced once")
        }
    }

    @Test("The browser's return only shows: a success there marks nothing until the IPN arrives, even late")
    func returnPageNeverMarksPaid() async throws {
        try await withAwaitingFees { app, officers, code in
            let started = try await app.startPayment(code, token: officers.reception)
            let query = app.ipnQuery(txnRef: started.txnRef, amountVND: 100_000)
            let browser = WebSession(app: app)
            let before = try await browser.get("/thanh-toan/ket-qua?" + query)
            #expect(before.status == .ok)
            #expect(before.body.string.contains("đang chờ xác nhận"))
            #expect(before.body.string.contains("data-awaiting"))
            #expect(try await app.payment(started.txnRef).state == .pending)
            #expect(try await ProcessingClient(app: app).stored(code).status == .awaitingFees)

            #expect(try await app.ipn(query) == "00", "the late notification")
            let after = try await browser.get("/thanh-toan/ket-qua?" + query)
            #expect(after.body.string.contains("Thanh toán thành công"))
            #expect(!after.body.string.contains("data-awaiting"))

            let forged = try await browser.get("/thanh-toan/ket-qua?" + app.ipnQuery(txnRef: started.txnRef, amountVND: 100_000, secret: "x"))
            #expect(forged.status == .ok)
            #expect(forged.body.string.contains("Không xác thực được"))
        }
    }

    @Test("Only the owner or an officer of the dossier's agency may start or list payments")
    func access() async throws {
        try await withAwaitingFees { app, officers, code in
            #expect(try await app.send(.POST, "/api/v1/dossiers/\(code)/payments").status == .unauthorized)
            let citizen = try await app.citizen(71)
            #expect(try await app.send(.POST, "/api/v1/dossiers/\(code)/payments", token: citizen.token).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/dossiers/\(code)/payments", token: citizen.token).status == .notFound)
            #expect(try await app.send(.POST, "/api/v1/dossiers/\(code)/payments", token: officers.otherReception).status == .notFound)
            #expect(try await app.send(.POST, "/api/v1/dossiers/NO-SUCH/payments", token: officers.reception).status == .notFound)
        }
    }

    @Test("Cash at the counter: confirmed by the officer, paid at once with the same receipt, the dossier moves on")
    func cash() async throws {
        try await withAwaitingFees { app, _, code in
            let browser = WebSession(app: app)
            try await browser.login("tiepnhan")
            let page = try await browser.get("/ho-so/\(code)")
            #expect(page.body.string.contains("100.000 đồng"))
            #expect(page.body.string.contains("Ghi nhận nộp tiền mặt"))
            let unconfirmed = try await browser.post("/ho-so/\(code)/thanh-toan/tien-mat", form: [:])
            #expect(unconfirmed.status == .seeOther)
            #expect(try await Payment.query(on: app.db).count() == 0, "nothing without the confirmation")
            let recorded = try await browser.post("/ho-so/\(code)/thanh-toan/tien-mat", form: ["confirm": "1"])
            #expect(recorded.status == .seeOther)
            let location = try #require(recorded.headers.first(name: .location))
            #expect(location.hasPrefix("/bien-lai/"))
            let receipt = try await browser.get(location)
            #expect(receipt.status == .ok)
            let html = receipt.body.string
            #expect(html.contains("BIÊN LAI THU PHÍ, LỆ PHÍ"))
            #expect(html.contains("Một trăm nghìn đồng"))
            #expect(html.contains("100.000 đồng"))
            #expect(html.contains("<svg"), "the QR to the lookup page")
            #expect(try await ProcessingClient(app: app).stored(code).status == .processing)
            let twice = try await browser.post("/ho-so/\(code)/thanh-toan/tien-mat", form: ["confirm": "1"])
            #expect(twice.status == .seeOther)
            #expect(try await Payment.query(on: app.db).count() == 1, "a second click records nothing more")

            let stranger = WebSession(app: app)
            #expect(try await stranger.get(location).status != .ok)
        }
    }

    @Test("A level-4 submission owes the catalogue's fees; the owner pays online and the payment stays with the dossier")
    func levelFourSubmission() async throws {
        try await withMotCua { app in
            app.paymentSettings = PaymentSettings(gateway: .external(payURL: "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html", queryURL: nil),
                                                  terminalCode: testTerminal, hashSecret: testSecret)
            let citizen = try await app.citizen(72)
            let code = try await app.fileLevelFour(token: citizen.token)
            let started = try await app.startPayment(code, token: citizen.token)
            let payment = try await app.payment(started.txnRef)
            #expect(payment.amount == 100_000, "Phí công bố nội dung đăng ký doanh nghiệp")
            #expect(try await app.ipn(app.ipnQuery(txnRef: started.txnRef, amountVND: 100_000)) == "00")
            #expect(try await app.payment(started.txnRef).state == .paid)
            let dossier = try #require(try await Dossier.query(on: app.db).filter(\.$code == code).first())
            #expect(dossier.status == .new, "paying does not accept the dossier: the counter still checks it")
            #expect(try await app.send(.POST, "/api/v1/dossiers/\(code)/payments", token: citizen.token).errorCode == "nothing_due")
        }
    }

    @Test("Without a gateway, online payment is refused with a reason and the IPN answers 99")
    func notConfigured() async throws {
        try await withMotCua { app in
            let client = ProcessingClient(app: app)
            let officers = try await client.at(processingMorning)
            let code = try await client.make(.awaitingFees, officers)
            let refused = try await app.send(.POST, "/api/v1/dossiers/\(code)/payments", token: officers.reception)
            #expect(refused.status == .conflict)
            #expect(refused.errorCode == "online_payment_unavailable")
            #expect(try await app.ipn(app.ipnQuery(txnRef: "X", amountVND: 1)) == "99")
        }
    }
}

extension Application {
    /// Files the level-4 "Đăng ký thành lập doanh nghiệp tư nhân" (100.000 đồng of fixed fees) and returns its code.
    func fileLevelFour(token: String) async throws -> String {
        let created = try await send(.POST, "/api/v1/drafts", token: token, json: ["procedureCode": levelFourProcedure])
        #expect(created.status == .created, "\(created.text)")
        let id = try #require(created.json["id"] as? String)
        let components = created.json["components"] as? [[String: Any]] ?? []
        let required = components.filter { $0["required"] as? Bool == true }.compactMap { $0["name"] as? String }
        for name in required {
            let upload = try await tusUpload(samplePDF(String(name.prefix(20))), token: token)
            let attached = try await send(.POST, "/api/v1/drafts/\(id)/files", token: token, json: ["upload": upload, "component": name])
            #expect(attached.status == .created, "\(attached.text)")
        }
        let saved = try await send(.PUT, "/api/v1/drafts/\(id)", token: token, json: [
            "applicant": ["fullName": "Lê Thị Hoa", "idNumber": "068195000072", "phone": "0987654321", "email": "congdan72@example.vn",
                          "address": "12 Trần Phú, Phường 3, Đà Lạt"],
            "components": required, "delivery": ["method": "online"]])
        #expect((saved.json["missing"] as? [Any])?.isEmpty == true, "\(saved.text)")
        let submitted = try await send(.POST, "/api/v1/drafts/\(id)/submit", token: token)
        #expect(submitted.status == .created, "\(submitted.text)")
        return try #require(submitted.json["code"] as? String)
    }
}

/// Level 4 in the demo catalogue, with a fixed fee of 100.000 đồng.
let levelFourProcedure = "2.001610.000.00.00.H36"
