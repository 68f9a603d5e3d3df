import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
import MotCuaCore

/// A terminal of the tests' own: payment URLs point at the public sandbox's address, notifications are signed here.
let testTerminal = "TESTTMN1"
let testSecret = "TEST-HASH-SECRET-0123456789"

/// Runs `body` with an external gateway configured (no sandbox routes, no background jobs), the clock pinned to a
/// working morning, and a dossier of Đà Lạt waiting for 100.000 đồng of fees (status 6).
func withAwaitingFees(_ body: (Application, ProcessingOfficers, String) async throws -> Void) async throws {
    try await withMotCua { app in
        app.paymentSettings = PaymentSettings(gateway: .external(payURL: "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html", queryURL: nil),
                                              terminalCode: testTerminal, hashSecret: testSecret)
        let client = ProcessingClient(app: app)
        let officers = try await client.at(processingMorning)
        let code = try await client.make(.awaitingFees, officers)
        try await body(app, officers, code)
    }
}

extension Application {
    /// Starts a payment through the API; returns its reference and URL.
    func startPayment(_ code: String, token: String) async throws -> (txnRef: String, url: String, id: String) {
        let started = try await send(.POST, "/api/v1/dossiers/\(code)/payments", token: token)
        #expect(started.status == .created, "\(started.text)")
        return (started.json["txnRef"] as? String ?? "", started.json["paymentUrl"] as? String ?? "", started.json["id"] as? String ?? "")
    }

    /// What the gateway sends for `txnRef`: the IPN's parameters, signed with `secret`.
    func ipnQuery(txnRef: String, amountVND: Int, responseCode: String = "00", status: String = "00", secret: String = testSecret,
                  terminal: String = testTerminal) -> String {
        let parameters = [
            "vnp_Amount": String(amountVND * 100), "vnp_BankCode": "NCB", "vnp_BankTranNo": "VNP14422574", "vnp_CardType": "ATM",
            "vnp_OrderInfo": "Thanh toan phi le phi", "vnp_PayDate": "20270414091500", "vnp_ResponseCode": responseCode,
            "vnp_TmnCode": terminal, "vnp_TransactionNo": "14422574", "vnp_TransactionStatus": status, "vnp_TxnRef": txnRef,
        ]
        return VNPayProtocol.signedQuery(parameters, secret: secret)
    }

    /// Sends an IPN; returns the gateway code MotCua answered.
    func ipn(_ query: String) async throws -> String? {
        let answer = try await send(.GET, "/api/v1/payments/vnpay/ipn?" + query)
        #expect(answer.status == .ok, "an IPN is always answered 200: \(answer.text)")
        return answer.json["RspCode"] as? String
    }

    func payment(_ txnRef: String) async throws -> Payment {
        try #require(try await Payment.query(on: db).filter(\.$txnRef == txnRef).first())
    }
}
