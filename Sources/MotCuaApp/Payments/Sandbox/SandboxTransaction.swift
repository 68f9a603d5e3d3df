import Fluent
import Vapor

/// The demo sandbox bank's ledger: what it told the merchant about each `vnp_TxnRef`, so that its reconciliation
/// query answers as a real gateway would, also after a restart.
final class SandboxTransaction: Model, @unchecked Sendable {
    static let schema = "sandbox_vnpay_transactions"

    @ID(key: .id) var id: UUID?
    @Field(key: "txn_ref") var txnRef: String
    @Field(key: "amount") var amountHundredths: Int
    @Field(key: "order_info") var orderInfo: String
    @Field(key: "response_code") var responseCode: String
    @Field(key: "transaction_status") var transactionStatus: String
    @Field(key: "transaction_no") var transactionNo: String
    @Field(key: "bank_code") var bankCode: String
    @Field(key: "pay_date") var payDate: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
