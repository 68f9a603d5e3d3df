import Fluent
import Vapor

/// The gateway's server-to-server notification (IPN). It answers in the gateway's own codes, always with 200, and
/// records every notification with the answer given. Only a verified success for the exact amount marks anything paid.
struct VNPayIPNController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("api", "v1", "payments", "vnpay", "ipn", use: notify)
    }

    struct Answer: Content {
        let RspCode: String
        let Message: String
    }

    @Sendable func notify(req: Request) async throws -> Answer {
        let query = String((req.url.query ?? "").prefix(8_000))
        let parameters = VNPayProtocol.parseQuery(query)
        let outcome = try await VNPayNotificationHandler(app: req.application)
            .handle(parameters, rawQuery: query, source: .ipn, client: req.clientAddress)
        return Answer(RspCode: outcome.code, Message: outcome.message)
    }
}

/// Judges one report from the gateway — an IPN, or the answer to a reconciliation query — the same way.
struct VNPayNotificationHandler: Sendable {
    let app: Application
    static let refusalsRecordedPerMinute = 60

    enum Source: String, Sendable { case ipn, querydr }

    struct Outcome: Sendable, Equatable {
        let code: String
        let message: String
        static let confirmed = Outcome(code: "00", message: "Confirm Success")
        static let unknownOrder = Outcome(code: "01", message: "Order not found")
        static let alreadyConfirmed = Outcome(code: "02", message: "Order already confirmed")
        static let invalidAmount = Outcome(code: "04", message: "Invalid amount")
        static let invalidSignature = Outcome(code: "97", message: "Invalid signature")
        static let other = Outcome(code: "99", message: "Unknown error")
    }

    func handle(_ parameters: [String: String], rawQuery: String, source: Source, client: String?, verified: Bool = false) async throws -> Outcome {
        let settings = app.paymentSettings
        let txnRef = parameters["vnp_TxnRef"].map { String($0.prefix(100)) }
        let audit = PaymentNotification()
        audit.id = UUID()
        audit.txnRef = txnRef
        audit.source = source.rawValue
        audit.receivedAt = app.clock.now()
        audit.responseCode = parameters["vnp_ResponseCode"].map { String($0.prefix(8)) }
        audit.transactionStatus = parameters["vnp_TransactionStatus"].map { String($0.prefix(8)) }
        audit.amount = VNPayProtocol.amountVND(parameters["vnp_Amount"])
        audit.client = client.map { String($0.prefix(64)) }
        audit.parameters = String(rawQuery.prefix(PaymentNotification.maxStoredParameters))

        func refuse(_ outcome: Outcome, _ why: String, payment: UUID? = nil) async throws -> Outcome {
            audit.answerCode = outcome.code
            audit.answer = why
            audit.paymentID = payment
            // A refusal about no payment of ours is kept for the audit, but a client sending thousands of them does
            // not get to fill the table: past the limit it is answered and logged only.
            if payment == nil, let limiter = app.ipnAuditLimiter,
               limiter.admit(client ?? "?", limit: Self.refusalsRecordedPerMinute, now: audit.receivedAt) != .allowed {
                app.logger.warning("IPN bị từ chối (\(outcome.code)) từ \(client ?? "?"), không ghi thêm vào nhật ký: \(why)")
                return outcome
            }
            try await PaymentService.record(audit, app: app)
            return outcome
        }

        guard settings.isOnline else { return try await refuse(.other, "Cổng thanh toán trực tuyến chưa được cấu hình.") }
        guard verified || VNPayProtocol.verify(parameters, secret: settings.hashSecret) else {
            return try await refuse(.invalidSignature, "Sai chữ ký (vnp_SecureHash): thông báo bị từ chối, không thay đổi gì.")
        }
        guard parameters["vnp_TmnCode"].map({ $0 == settings.terminalCode }) ?? true else {
            return try await refuse(.other, "Mã website (vnp_TmnCode) không phải của cơ quan.")
        }
        guard let txnRef, !txnRef.isEmpty,
              let payment = try await Payment.query(on: app.db).filter(\.$txnRef == txnRef).filter(\.$method == PaymentMethod.vnpay.rawValue).first()
        else {
            return try await refuse(.unknownOrder, "Không có giao dịch nào mang mã tham chiếu này.")
        }
        let paymentID = try payment.requireID()
        guard let amount = audit.amount, amount == payment.amount else {
            return try await refuse(.invalidAmount, "Số tiền báo về (\(audit.amount.map(VietnameseFormat.money) ?? "không đọc được")) khác số tiền phải nộp (\(VietnameseFormat.money(payment.amount))).",
                                    payment: paymentID)
        }
        guard [.pending, .expired].contains(payment.state) else {
            return try await refuse(.alreadyConfirmed, "Giao dịch đã được xác nhận trước đó (\(payment.state.label)); thông báo lặp lại không thay đổi gì.",
                                    payment: paymentID)
        }
        audit.paymentID = paymentID
        if parameters["vnp_ResponseCode"] == "00" && parameters["vnp_TransactionStatus"] == "00" {
            audit.answerCode = Outcome.confirmed.code
            audit.answer = "Đã xác nhận thanh toán."
            let result = try await PaymentService.confirm(
                paymentID: paymentID,
                gateway: .init(transactionNo: parameters["vnp_TransactionNo"], bankCode: parameters["vnp_BankCode"]),
                audit: audit, app: app)
            if result == .alreadyConfirmed {
                // Another notification won the race; this one was recorded in that transaction's place.
                return .alreadyConfirmed
            }
            return .confirmed
        }
        let responseCode = parameters["vnp_ResponseCode"], transactionStatus = parameters["vnp_TransactionStatus"]
        let saysFailed = (responseCode.map { $0 != "00" } ?? false) || (transactionStatus.map { $0 != "00" } ?? false)
        guard saysFailed else {
            return try await refuse(.other, "Thông báo không nói rõ kết quả (thiếu vnp_ResponseCode hoặc vnp_TransactionStatus); không thay đổi gì.",
                                    payment: paymentID)
        }
        audit.answerCode = Outcome.confirmed.code
        let reason = VNPayProtocol.responseLabel(responseCode == "00" ? nil : responseCode)
        audit.answer = "Ghi nhận giao dịch không thành công: \(reason)"
        try await PaymentService.fail(paymentID: paymentID, reason: reason, audit: audit, app: app)
        return .confirmed
    }
}

extension Application {
    struct IPNAuditLimiterKey: StorageKey { typealias Value = RateLimiter }
    var ipnAuditLimiter: RateLimiter? { storage[IPNAuditLimiterKey.self] }
}
