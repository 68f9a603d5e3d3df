import Vapor

/// The gateway's transaction query (`vnp_Command=querydr`, JSON over POST): both its messages are signed with
/// HMAC-SHA512 over the listed fields joined by `|`. Used by the reconciler (client) and the sandbox (server).
enum VNPayQuery {
    static let requestFields = ["vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef", "vnp_TransactionDate",
                                "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo"]
    static let responseFields = ["vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode", "vnp_TxnRef",
                                 "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo", "vnp_TransactionType",
                                 "vnp_TransactionStatus", "vnp_OrderInfo", "vnp_PromotionCode", "vnp_PromotionAmount"]

    static func signature(_ message: [String: String], fields: [String], secret: String) -> String {
        VNPayProtocol.hmacSHA512(fields.map { message[$0] ?? "" }.joined(separator: "|"), secret: secret)
    }

    static func sign(_ message: [String: String], fields: [String], secret: String) -> [String: String] {
        var signed = message
        signed[VNPayProtocol.hashField] = signature(message, fields: fields, secret: secret)
        return signed
    }

    static func verify(_ message: [String: String], fields: [String], secret: String) -> Bool {
        guard let sent = message[VNPayProtocol.hashField]?.lowercased() else { return false }
        return VNPayProtocol.constantTimeEqual(sent, signature(message, fields: fields, secret: secret))
    }

    /// Asks the gateway what became of an attempt. Nil when the gateway could not be asked or its answer was not
    /// signed by it (the caller tries again later).
    static func ask(about payment: Payment, settings: PaymentSettings, queryURL: String, app: Application) async -> [String: String]? {
        let now = app.clock.now()
        let request: [String: String] = [
            "vnp_RequestId": UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(32).lowercased(),
            "vnp_Version": VNPayProtocol.version,
            "vnp_Command": "querydr",
            "vnp_TmnCode": settings.terminalCode,
            "vnp_TxnRef": payment.txnRef,
            "vnp_OrderInfo": "Kiem tra giao dich \(payment.txnRef)",
            "vnp_TransactionDate": VNPayProtocol.timestamp(payment.createdAt),
            "vnp_CreateDate": VNPayProtocol.timestamp(now),
            "vnp_IpAddr": "127.0.0.1",
        ]
        let signed = sign(request, fields: requestFields, secret: settings.hashSecret)
        do {
            let response = try await app.client.post(URI(string: queryURL)) { outgoing in
                outgoing.timeout = .seconds(15)
                try outgoing.content.encode(signed, as: .json)
            }
            guard response.status == .ok, let body = try? response.content.decode([String: String].self),
                  verify(body, fields: responseFields, secret: settings.hashSecret) else {
                app.logger.warning("Truy vấn giao dịch \(payment.txnRef): cổng thanh toán trả lời \(response.status.code) không hợp lệ.")
                return nil
            }
            return body
        } catch {
            app.logger.warning("Truy vấn giao dịch \(payment.txnRef) không được: \(error)")
            return nil
        }
    }
}
