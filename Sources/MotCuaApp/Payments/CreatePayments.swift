import Fluent
import SQLKit

/// Issue 10's payments: what dossiers owe, the attempts to pay it, what the gateway said, the receipt numbers'
/// series, and the demo sandbox bank's own ledger.
struct CreatePayments: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(FeeDemand.schema)
            .id()
            .field("dossier_id", .uuid, .required, .references(Dossier.schema, "id", onDelete: .cascade))
            .field("amount", .int64, .required)
            .field("reason", .string, .required)
            .field("created_at", .datetime, .required)
            .field("settled_at", .datetime)
            .field("payment_id", .uuid)
            .create()
        try await database.createIndex(name: "fee_demands_dossier_idx", on: FeeDemand.schema, columns: ["dossier_id", "settled_at"])

        try await database.schema(Payment.schema)
            .id()
            .field("dossier_id", .uuid, .required, .references(Dossier.schema, "id", onDelete: .cascade))
            .field("demand_id", .uuid, .references(FeeDemand.schema, "id"))
            .field("txn_ref", .string, .required)
            .field("amount", .int64, .required)
            .field("method", .string, .required)
            .field("state", .string, .required)
            .field("order_info", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("created_by_id", .uuid, .required, .references(User.schema, "id"))
            .field("paid_at", .datetime)
            .field("gateway_transaction_no", .string)
            .field("bank_code", .string)
            .field("receipt_number", .string)
            .field("failure", .string)
            .field("payment_url", .string)
            .unique(on: "txn_ref")
            .unique(on: "receipt_number")
            .create()
        try await database.createIndex(name: "payments_dossier_idx", on: Payment.schema, columns: ["dossier_id", "created_at"])
        try await database.createIndex(name: "payments_state_idx", on: Payment.schema, columns: ["state", "created_at"])

        try await database.schema(PaymentNotification.schema)
            .id()
            .field("payment_id", .uuid)
            .field("txn_ref", .string)
            .field("source", .string, .required)
            .field("received_at", .datetime, .required)
            .field("answer_code", .string, .required)
            .field("answer", .string, .required)
            .field("response_code", .string)
            .field("transaction_status", .string)
            .field("amount", .int64)
            .field("client", .string)
            .field("parameters", .string, .required)
            .create()
        try await database.createIndex(name: "payment_notifications_payment_idx", on: PaymentNotification.schema, columns: ["payment_id", "received_at"])

        if let sql = database as? SQLDatabase {
            try await sql.raw("CREATE TABLE IF NOT EXISTS number_series (name TEXT PRIMARY KEY, last_value BIGINT NOT NULL)").run()
        }

        try await database.schema(SandboxTransaction.schema)
            .id()
            .field("txn_ref", .string, .required)
            .field("amount", .int64, .required)
            .field("order_info", .string, .required)
            .field("response_code", .string, .required)
            .field("transaction_status", .string, .required)
            .field("transaction_no", .string, .required)
            .field("bank_code", .string, .required)
            .field("pay_date", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "txn_ref")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(SandboxTransaction.schema).delete()
        if let sql = database as? SQLDatabase { try await sql.raw("DROP TABLE IF EXISTS number_series").run() }
        try await database.schema(PaymentNotification.schema).delete()
        try await database.schema(Payment.schema).delete()
        try await database.schema(FeeDemand.schema).delete()
    }
}
