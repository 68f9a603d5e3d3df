import Fluent
import Vapor

/// Nothing stays "pending" forever: an online attempt without its notification is asked about at the gateway
/// (`querydr`) once it is a few minutes old, settled by the answer as an IPN would settle it, and marked expired
/// once its `vnp_ExpireDate` is well past and the gateway knows nothing of it (or cannot be asked).
struct PaymentReconciler: Sendable {
    /// The gateway's own notification usually arrives within seconds; only attempts older than this are asked about.
    static let quietPeriod: TimeInterval = 2 * 60
    /// A payer may finish at the bank just before the page expires: past expiry, wait this long before giving up.
    static let expiryGrace: TimeInterval = 15 * 60
    static let batchSize = 50

    let app: Application

    static func job() -> PeriodicJob {
        PeriodicJob("đối soát thanh toán", initialDelay: .seconds(20), every: .seconds(60)) { app in
            _ = try await PaymentReconciler(app: app).runOnce()
        }
    }

    /// Returns how many attempts changed state.
    @discardableResult
    func runOnce() async throws -> Int {
        let settings = app.paymentSettings
        guard settings.isOnline else { return 0 }
        let now = app.clock.now()
        let waiting = try await Payment.query(on: app.db).filter(\.$stateCode == PaymentState.pending.rawValue)
            .filter(\.$method == PaymentMethod.vnpay.rawValue).filter(\.$createdAt <= now.addingTimeInterval(-Self.quietPeriod))
            .sort(\.$createdAt).limit(Self.batchSize).all()
        var changed = 0
        for payment in waiting {
            if try await reconcile(payment, settings: settings, now: now) { changed += 1 }
        }
        return changed
    }

    private var queryURL: String? {
        switch app.paymentSettings.gateway {
        case .sandbox: return app.ownBaseURL + PaymentSettings.sandboxQueryPath
        case .external(_, let queryURL): return queryURL
        case .none: return nil
        }
    }

    private func reconcile(_ payment: Payment, settings: PaymentSettings, now: Date) async throws -> Bool {
        let paymentID = try payment.requireID()
        let pastExpiry = now > payment.expiresAt.addingTimeInterval(Self.expiryGrace)
        guard let url = queryURL, let answer = await VNPayQuery.ask(about: payment, settings: settings, queryURL: url, app: app) else {
            return pastExpiry ? try await expire(paymentID) : false
        }
        let audit = PaymentNotification()
        audit.id = UUID()
        audit.paymentID = paymentID
        audit.txnRef = payment.txnRef
        audit.source = VNPayNotificationHandler.Source.querydr.rawValue
        audit.receivedAt = now
        audit.responseCode = answer["vnp_ResponseCode"]
        audit.transactionStatus = answer["vnp_TransactionStatus"]
        audit.amount = VNPayProtocol.amountVND(answer["vnp_Amount"])
        audit.parameters = String(answer.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
            .prefix(PaymentNotification.maxStoredParameters))
        audit.answerCode = "00"

        switch (answer["vnp_ResponseCode"], answer["vnp_TransactionStatus"]) {
        case ("00", "00"):
            guard audit.amount == payment.amount else {
                audit.answerCode = VNPayNotificationHandler.Outcome.invalidAmount.code
                audit.answer = "Đối soát: số tiền ngân hàng báo khác số tiền phải nộp; cần cán bộ kiểm tra."
                try await PaymentService.record(audit, app: app)
                return false
            }
            audit.answer = "Đối soát: ngân hàng xác nhận đã thanh toán (không nhận được IPN)."
            let outcome = try await PaymentService.confirm(
                paymentID: paymentID, gateway: .init(transactionNo: answer["vnp_TransactionNo"], bankCode: answer["vnp_BankCode"]),
                audit: audit, app: app)
            return outcome == .confirmed
        case ("00", "01"):
            // Still open at the bank: ask again next time, until the page has long expired.
            return pastExpiry ? try await expire(paymentID) : false
        case ("00", _):
            audit.answer = "Đối soát: ngân hàng báo giao dịch không thành công (trạng thái \(answer["vnp_TransactionStatus"] ?? "?"))."
            try await PaymentService.fail(paymentID: paymentID, reason: "Ngân hàng báo giao dịch không thành công.", audit: audit, app: app)
            return true
        default:
            // 91: the bank never saw it (the payer left before paying).
            return pastExpiry ? try await expire(paymentID) : false
        }
    }

    private func expire(_ paymentID: UUID) async throws -> Bool {
        try await app.writeGate.run {
            try await Payment.query(on: app.db).filter(\.$id == paymentID).filter(\.$stateCode == PaymentState.pending.rawValue)
                .set(\.$stateCode, to: PaymentState.expired.rawValue).update()
        }
        return true
    }
}
