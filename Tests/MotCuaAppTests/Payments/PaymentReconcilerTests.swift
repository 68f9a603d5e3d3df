import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
import MotCuaCore

@Suite("Payments: nothing stays pending — reconciliation by querydr against the sandbox bank, and expiry")
struct PaymentReconcilerTests {
    @Test("A payment whose IPN never came is settled by asking the sandbox over HTTP; one the bank never saw expires")
    func reconcileAgainstSandbox() async throws {
        try await withMotCua { app in
            app.paymentSettings = PaymentSettings(gateway: .sandbox, terminalCode: PaymentSettings.sandboxTerminal,
                                                  hashSecret: PaymentSettings.sandboxSecret)
            try app.register(collection: SandboxGatewayController())
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))

            let client = ProcessingClient(app: app)
            let officers = try await client.at(processingMorning)
            let paidCode = try await client.make(.awaitingFees, officers)
            let lostCode = try await client.make(.awaitingFees, officers, applicant: 2)
            let paid = try await app.startPayment(paidCode, token: officers.reception)
            let lost = try await app.startPayment(lostCode, token: officers.reception)

            // The bank took the money for the first but its notification was lost; it never saw the second.
            let transaction = SandboxTransaction()
            transaction.txnRef = paid.txnRef
            transaction.amountHundredths = 10_000_000
            transaction.orderInfo = "Thanh toan"
            transaction.responseCode = "00"
            transaction.transactionStatus = "00"
            transaction.transactionNo = "55501234"
            transaction.bankCode = "NCB"
            transaction.payDate = "20270414090500"
            transaction.createdAt = processingMorning
            try await transaction.create(on: app.db)

            let reconciler = PaymentReconciler(app: app)
            #expect(try await reconciler.runOnce() == 0, "too early: the IPN may still come")
            app.clock.set(processingMorning.addingTimeInterval(5 * 60))
            #expect(try await reconciler.runOnce() == 1)
            let settled = try await app.payment(paid.txnRef)
            #expect(settled.state == .paid)
            #expect(settled.gatewayTransactionNo == "55501234")
            #expect(try await client.stored(paidCode).status == .processing)
            #expect(try await app.payment(lost.txnRef).state == .pending, "not yet past its expiry")
            let audit = try await PaymentNotification.query(on: app.db).filter(\.$source == "querydr").all()
            #expect(audit.count == 1)

            app.clock.set(processingMorning.addingTimeInterval(40 * 60))
            #expect(try await reconciler.runOnce() == 1)
            #expect(try await app.payment(lost.txnRef).state == .expired)
            #expect(try await client.stored(lostCode).status == .awaitingFees)

            // An expired attempt the bank later confirms is still honoured: the money was taken.
            #expect(try await app.ipn(VNPayProtocol.signedQuery([
                "vnp_Amount": "10000000", "vnp_ResponseCode": "00", "vnp_TransactionStatus": "00", "vnp_TmnCode": PaymentSettings.sandboxTerminal,
                "vnp_TxnRef": lost.txnRef, "vnp_TransactionNo": "55509999", "vnp_BankCode": "NCB"], secret: PaymentSettings.sandboxSecret)) == "00")
            #expect(try await app.payment(lost.txnRef).state == .paid)
            await app.server.shutdown()
        }
    }

    @Test("The sandbox refuses a query with a bad checksum and answers 91 for an unknown reference, signed")
    func sandboxQuery() async throws {
        try await withMotCua { app in
            try app.register(collection: SandboxGatewayController())
            let request = VNPayQuery.sign([
                "vnp_RequestId": "r1", "vnp_Version": "2.1.0", "vnp_Command": "querydr", "vnp_TmnCode": PaymentSettings.sandboxTerminal,
                "vnp_TxnRef": "NOPE", "vnp_TransactionDate": "20270414090000", "vnp_CreateDate": "20270414090000", "vnp_IpAddr": "127.0.0.1",
                "vnp_OrderInfo": "q"], fields: VNPayQuery.requestFields, secret: PaymentSettings.sandboxSecret)
            let unknown = try await app.send(.POST, PaymentSettings.sandboxQueryPath, json: request)
            #expect(unknown.json["vnp_ResponseCode"] as? String == "91")
            let answer = unknown.json.compactMapValues { $0 as? String }
            #expect(VNPayQuery.verify(answer, fields: VNPayQuery.responseFields, secret: PaymentSettings.sandboxSecret))
            var forged = request
            forged["vnp_TxnRef"] = "OTHER"
            #expect(try await app.send(.POST, PaymentSettings.sandboxQueryPath, json: forged).json["vnp_ResponseCode"] as? String == "97")
            #expect(try await app.send(.POST, PaymentSettings.sandboxQueryPath, body: Data("[1,2".utf8)).status == .badRequest)
        }
    }
}
