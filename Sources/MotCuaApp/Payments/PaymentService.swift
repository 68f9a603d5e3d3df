import Fluent
import SQLKit
import Vapor
import MotCuaCore

/// What a dossier owes, the attempts to pay it, and the one place where a payment becomes paid: the payment, its
/// receipt number, the settled demand and the dossier's move 6 → 4 are written in one transaction.
enum PaymentService {
    static let nothingDue = AppError(.conflict, "nothing_due", "Hồ sơ hiện không có khoản phí, lệ phí nào phải nộp.")

    /// The demand that can be paid now: open, positive, on a dossier that is still alive.
    static func payableDemand(for dossier: Dossier, on db: Database) async throws -> FeeDemand? {
        guard !dossier.status.isTerminal, let demand = try await FeeDemand.open(for: dossier.requireID(), on: db), demand.amount > 0 else { return nil }
        return demand
    }

    // MARK: Starting an online payment

    /// A new attempt at the gateway for what is due now. A second click within a minute on the same demand gets the
    /// first attempt back rather than a second page at the bank.
    static func startOnline(_ dossier: Dossier, by user: User, request req: Request) async throws -> Payment {
        let settings = req.application.paymentSettings
        guard settings.isOnline else {
            throw AppError(.conflict, "online_payment_unavailable",
                           "Cơ quan chưa kết nối cổng thanh toán trực tuyến; vui lòng nộp phí, lệ phí tại Bộ phận một cửa.")
        }
        let now = req.now
        let dossierID = try dossier.requireID()
        let userID = try user.requireID()
        guard let demand = try await payableDemand(for: dossier, on: req.db) else { throw nothingDue }
        let demandID = try demand.requireID()
        if let recent = try await Payment.query(on: req.db).filter(\.$dossier.$id == dossierID).filter(\.$demandID == demandID)
            .filter(\.$createdBy.$id == userID).filter(\.$stateCode == PaymentState.pending.rawValue)
            .filter(\.$createdAt >= now.addingTimeInterval(-60)).sort(\.$createdAt, .descending).first(),
           recent.amount == demand.amount, recent.paymentURL != nil {
            return recent
        }
        let (hundredths, overflow) = demand.amount.multipliedReportingOverflow(by: 100)
        guard !overflow else { throw AppError.badRequest("invalid_fee", "Số tiền quá lớn để thanh toán trực tuyến.") }

        let payment = Payment()
        payment.id = UUID()
        payment.$dossier.id = dossierID
        payment.demandID = demandID
        payment.txnRef = newReference(now: now)
        payment.amount = demand.amount
        payment.method = PaymentMethod.vnpay.rawValue
        payment.stateCode = PaymentState.pending.rawValue
        payment.orderInfo = "Thanh toan phi le phi ho so \(dossier.code)"
        payment.createdAt = now
        payment.expiresAt = now.addingTimeInterval(settings.expiry)
        payment.$createdBy.id = userID
        let parameters: [String: String] = [
            "vnp_Version": VNPayProtocol.version,
            "vnp_Command": "pay",
            "vnp_TmnCode": settings.terminalCode,
            "vnp_Amount": String(hundredths),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": payment.txnRef,
            "vnp_OrderInfo": payment.orderInfo,
            "vnp_OrderType": "other",
            "vnp_ReturnUrl": req.publicURL(PaymentPages.returnPath),
            "vnp_CreateDate": VNPayProtocol.timestamp(now),
            "vnp_ExpireDate": VNPayProtocol.timestamp(payment.expiresAt),
            "vnp_IpAddr": String(req.clientAddress.prefix(45)),
            "vnp_Locale": "vn",
        ]
        payment.paymentURL = payURL(settings, request: req) + "?" + VNPayProtocol.signedQuery(parameters, secret: settings.hashSecret)
        try await req.writeTransaction { db in try await payment.create(on: db) }
        return payment
    }

    private static func payURL(_ settings: PaymentSettings, request req: Request) -> String {
        switch settings.gateway {
        case .external(let url, _): return url
        case .sandbox, .none: return req.publicURL(PaymentSettings.sandboxPayPath)
        }
    }

    /// yyMMddHHmmss and 8 random hex digits: unique per attempt (the column is unique too), readable on a bank statement.
    static func newReference(now: Date) -> String {
        let stamp = VNPayProtocol.timestamp(now).dropFirst(2)
        let random = UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(8)
        return String(stamp) + String(random)
    }

    // MARK: Settling

    /// What the gateway reported about a paid transaction.
    struct GatewayPayment: Sendable {
        var transactionNo: String?
        var bankCode: String?
    }

    enum ConfirmOutcome: Sendable { case confirmed, alreadyConfirmed }

    /// Marks an online payment paid, once: of two notifications racing, the second finds it paid and changes nothing.
    /// `audit` is written in the same transaction, so an accepted notification is never without its record.
    static func confirm(paymentID: UUID, gateway: GatewayPayment, audit: PaymentNotification?, app: Application) async throws -> ConfirmOutcome {
        let now = app.clock.now()
        let calendar = try await CalendarService.workingCalendar(on: app.db, schedule: app.settings.schedule)
        return try await app.writeGate.run {
            try await app.db.transaction { db in
                if db.isPostgres, let sql = db as? SQLDatabase {
                    try await sql.raw("SELECT id FROM payments WHERE id = \(bind: paymentID) FOR UPDATE").run()
                }
                guard let payment = try await Payment.find(paymentID, on: db), [.pending, .expired].contains(payment.state) else {
                    audit?.answerCode = VNPayNotificationHandler.Outcome.alreadyConfirmed.code
                    audit?.answer = "Giao dịch vừa được xác nhận bởi một thông báo khác; thông báo này không thay đổi gì."
                    try await audit?.create(on: db)
                    return .alreadyConfirmed
                }
                payment.gatewayTransactionNo = gateway.transactionNo.map { String($0.prefix(64)) }
                payment.bankCode = gateway.bankCode.map { String($0.prefix(32)) }
                try await settle(payment, now: now, calendar: calendar, on: db)
                try await audit?.create(on: db)
                return .confirmed
            }
        }
    }

    /// A cash payment at the counter for what is due now: paid at once, with the same receipt as online.
    static func recordCash(_ dossier: Dossier, by officer: User, request req: Request) async throws -> Payment {
        let now = req.now
        let calendar = try await req.workingCalendar()
        let dossierID = try dossier.requireID()
        let officerID = try officer.requireID()
        return try await req.writeTransaction { db in
            if db.isPostgres, let sql = db as? SQLDatabase {
                try await sql.raw("SELECT id FROM dossiers WHERE id = \(bind: dossierID) FOR UPDATE").run()
            }
            guard let current = try await Dossier.find(dossierID, on: db), let demand = try await payableDemand(for: current, on: db) else {
                throw nothingDue
            }
            let payment = Payment()
            payment.id = UUID()
            payment.$dossier.id = dossierID
            payment.demandID = try demand.requireID()
            payment.txnRef = "TM" + newReference(now: now)
            payment.amount = demand.amount
            payment.method = PaymentMethod.cash.rawValue
            payment.stateCode = PaymentState.pending.rawValue
            payment.orderInfo = "Nop tien mat phi le phi ho so \(current.code)"
            payment.createdAt = now
            payment.expiresAt = now
            payment.$createdBy.id = officerID
            try await payment.create(on: db)
            try await settle(payment, now: now, calendar: calendar, on: db)
            return payment
        }
    }

    /// Paid: the receipt number, the demand settled, and a dossier waiting for its fees moves on (6 → 4).
    private static func settle(_ payment: Payment, now: Date, calendar: WorkingCalendar, on db: Database) async throws {
        if db.isPostgres, let sql = db as? SQLDatabase {
            try await sql.raw("SELECT id FROM dossiers WHERE id = \(bind: payment.$dossier.id) FOR UPDATE").run()
        }
        guard let dossier = try await Dossier.query(on: db).filter(\.$id == payment.$dossier.id).with(\.$procedure).with(\.$receivingAgency).first() else {
            throw AppError.notFound()
        }
        let year = LocalDate(now).year
        let number = try await NumberSeries.next("receipt:\(dossier.receivingAgency.code):\(year)", on: db)
        payment.receiptNumber = Receipt.number(agencyCode: dossier.receivingAgency.code, year: year, sequence: number)
        payment.stateCode = PaymentState.paid.rawValue
        payment.paidAt = now
        payment.failure = nil
        try await payment.save(on: db)

        guard let demandID = payment.demandID, let demand = try await FeeDemand.find(demandID, on: db), demand.settledAt == nil else { return }
        demand.settledAt = now
        demand.paymentID = payment.id
        try await demand.save(on: db)
        guard dossier.status == .awaitingFees, let actor = try await User.find(payment.$createdBy.id, on: db) else { return }
        let note = "Đã nộp \(VietnameseFormat.money(payment.amount)) – \(payment.paymentMethod.label), biên lai số \(payment.receiptNumber ?? "")"
        try await TransitionService(now: now, calendar: calendar)
            .apply(TransitionInput(action: DossierAction.feesPaid.rawValue, note: note), to: dossier, procedure: dossier.procedure,
                   by: actor, bySystem: true, on: db)
    }

    /// The gateway said the attempt failed (insufficient funds, cancelled, …): recorded on a pending attempt only.
    static func fail(paymentID: UUID, reason: String, audit: PaymentNotification?, app: Application) async throws {
        try await app.writeGate.run {
            try await app.db.transaction { db in
                try await Payment.query(on: db).filter(\.$id == paymentID).filter(\.$stateCode == PaymentState.pending.rawValue)
                    .set(\.$stateCode, to: PaymentState.failed.rawValue).set(\.$failure, to: String(reason.prefix(300))).update()
                try await audit?.create(on: db)
            }
        }
    }

    /// Writes one audit row on its own (a refused notification changes nothing else).
    static func record(_ audit: PaymentNotification, app: Application) async throws {
        try await app.writeGate.run { try await audit.create(on: app.db) }
    }
}

/// Receipt numbers: one continuous series per receiving agency and year.
enum Receipt {
    static func number(agencyCode: String, year: Int, sequence: Int) -> String {
        "BL\(year)-\(agencyCode)-" + String(format: "%07d", sequence)
    }
}
