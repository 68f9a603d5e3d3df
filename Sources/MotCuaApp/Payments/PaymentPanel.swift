import Fluent
import Vapor

/// The fees part of a dossier page: what is due, the payments made or tried, and for officers what the gateway said.
struct PaymentPanel: Encodable {
    struct Line: Encodable {
        let id: String
        let txnRef: String
        let amount: String
        let method: String
        let state: String
        let css: String
        let createdAt: String
        let paidAt: String?
        let receiptNumber: String?
        let failure: String?
        let pending: Bool
    }
    struct AuditLine: Encodable {
        let at: String
        let source: String
        let txnRef: String
        let code: String
        let answer: String
    }

    let code: String
    let officer: Bool
    let due: String?
    let dueReason: String?
    let canPayOnline: Bool
    let canRecordCash: Bool
    let lines: [Line]
    let audit: [AuditLine]
    let hasContent: Bool

    static let auditLimit = 50

    static func load(for dossier: Dossier, officer: Bool, request req: Request) async throws -> PaymentPanel {
        let dossierID = try dossier.requireID()
        let demand = try await PaymentService.payableDemand(for: dossier, on: req.db)
        let payments = try await Payment.query(on: req.db).filter(\.$dossier.$id == dossierID).sort(\.$createdAt, .descending)
            .limit(PaymentAccess.listLimit).all()
        let lines = try payments.map { payment in
            Line(id: try payment.requireID().uuidString, txnRef: payment.txnRef, amount: VietnameseFormat.money(payment.amount),
                 method: payment.paymentMethod.label, state: payment.state.label, css: payment.state.css,
                 createdAt: VietnameseFormat.dateTime(payment.createdAt), paidAt: payment.paidAt.map(VietnameseFormat.dateTime),
                 receiptNumber: payment.receiptNumber, failure: payment.failure, pending: payment.state == .pending)
        }
        var audit: [AuditLine] = []
        if officer, !payments.isEmpty {
            let ids = payments.compactMap(\.id)
            audit = try await PaymentNotification.query(on: req.db).filter(\.$paymentID ~~ ids).sort(\.$receivedAt, .descending)
                .limit(auditLimit).all().map {
                    AuditLine(at: VietnameseFormat.dateTime($0.receivedAt), source: $0.source == "ipn" ? "Thông báo IPN" : "Đối soát (querydr)",
                              txnRef: $0.txnRef ?? "", code: $0.answerCode, answer: $0.answer)
                }
        }
        let online = req.application.paymentSettings.isOnline
        return PaymentPanel(
            code: dossier.code, officer: officer, due: demand.map { VietnameseFormat.money($0.amount) }, dueReason: demand?.reason,
            canPayOnline: demand != nil && online, canRecordCash: demand != nil && officer,
            lines: lines, audit: audit, hasContent: demand != nil || !lines.isEmpty)
    }
}
