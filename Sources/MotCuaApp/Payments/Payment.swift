import Fluent
import Vapor

/// One attempt to pay what a dossier owes, online through the gateway or in cash at the counter. An online attempt
/// is `pending` until the gateway's server-to-server notification (or the reconciliation query) settles it.
final class Payment: Model, @unchecked Sendable {
    static let schema = "payments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "dossier_id") var dossier: Dossier
    /// The demand it pays; nil never happens for payments made here, but the column outlives a demand's removal.
    @OptionalField(key: "demand_id") var demandID: UUID?
    /// `vnp_TxnRef`: unique per attempt, also for cash (so that every payment has one reference).
    @Field(key: "txn_ref") var txnRef: String
    @Field(key: "amount") var amount: Int
    @Field(key: "method") var method: String
    @Field(key: "state") var stateCode: String
    @Field(key: "order_info") var orderInfo: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @Parent(key: "created_by_id") var createdBy: User
    @OptionalField(key: "paid_at") var paidAt: Date?
    @OptionalField(key: "gateway_transaction_no") var gatewayTransactionNo: String?
    @OptionalField(key: "bank_code") var bankCode: String?
    @OptionalField(key: "receipt_number") var receiptNumber: String?
    /// Why a failed attempt failed, in the payer's words (from the gateway's response code).
    @OptionalField(key: "failure") var failure: String?
    /// The payment URL as issued (an officer shows it again as a QR).
    @OptionalField(key: "payment_url") var paymentURL: String?

    init() {}

    // "Model property lists" tests that this list equals the reflected one.
    var properties: [any AnyProperty] {
        [$id, $dossier, $demandID, $txnRef, $amount, $method, $stateCode, $orderInfo, $createdAt, $expiresAt, $createdBy, $paidAt,
         $gatewayTransactionNo, $bankCode, $receiptNumber, $failure, $paymentURL]
    }

    var state: PaymentState { PaymentState(rawValue: stateCode) ?? .pending }
    var paymentMethod: PaymentMethod { PaymentMethod(rawValue: method) ?? .vnpay }
}

enum PaymentState: String, Codable, Sendable, CaseIterable {
    case pending, paid, failed, expired

    var label: String {
        switch self {
        case .pending: return "Đang chờ thanh toán"
        case .paid: return "Đã thanh toán"
        case .failed: return "Không thành công"
        case .expired: return "Hết hạn"
        }
    }

    var css: String {
        switch self {
        case .pending: return "warn"
        case .paid: return "ok"
        case .failed, .expired: return "danger"
        }
    }
}

enum PaymentMethod: String, Codable, Sendable {
    case vnpay, cash

    var label: String {
        switch self {
        case .vnpay: return "Trực tuyến qua cổng VNPAY"
        case .cash: return "Tiền mặt tại Bộ phận một cửa"
        }
    }
}

/// Every notification the gateway sent (IPN) and every answer of the reconciliation query, accepted or refused,
/// with why: the officers' audit of what the bank said.
final class PaymentNotification: Model, @unchecked Sendable {
    static let schema = "payment_notifications"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "payment_id") var paymentID: UUID?
    @OptionalField(key: "txn_ref") var txnRef: String?
    @Field(key: "source") var source: String
    @Field(key: "received_at") var receivedAt: Date
    /// Our answer: the IPN's `RspCode` (00, 01, 02, 04, 97, 99).
    @Field(key: "answer_code") var answerCode: String
    @Field(key: "answer") var answer: String
    @OptionalField(key: "response_code") var responseCode: String?
    @OptionalField(key: "transaction_status") var transactionStatus: String?
    @OptionalField(key: "amount") var amount: Int?
    @OptionalField(key: "client") var client: String?
    @Field(key: "parameters") var parameters: String

    init() {}

    var properties: [any AnyProperty] {
        [$id, $paymentID, $txnRef, $source, $receivedAt, $answerCode, $answer, $responseCode, $transactionStatus, $amount, $client, $parameters]
    }

    static let maxStoredParameters = 2_000
}
