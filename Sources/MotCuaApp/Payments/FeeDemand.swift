import Fluent
import Vapor

/// What a dossier owes and since when: the catalogue's fees at a level-4 submission, or the amount an officer asked
/// for with `request-fees`. At most one is open per dossier; paying it (online or in cash) or an officer's
/// `fees-paid` settles it. Kept beside the dossier rather than on it, so that the dossier row stays what intake writes.
final class FeeDemand: Model, @unchecked Sendable {
    static let schema = "fee_demands"

    @ID(key: .id) var id: UUID?
    @Parent(key: "dossier_id") var dossier: Dossier
    @Field(key: "amount") var amount: Int
    @Field(key: "reason") var reason: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "settled_at") var settledAt: Date?
    /// The payment that settled it; nil when an officer settled it by hand or a new demand replaced it.
    @OptionalField(key: "payment_id") var paymentID: UUID?

    init() {}

    init(dossierID: UUID, amount: Int, reason: String, at: Date) {
        self.id = UUID()
        self.$dossier.id = dossierID
        self.amount = amount
        self.reason = reason
        self.createdAt = at
    }

    /// The open demand of a dossier, if any.
    static func open(for dossierID: UUID, on db: Database) async throws -> FeeDemand? {
        try await FeeDemand.query(on: db).filter(\.$dossier.$id == dossierID).filter(\.$settledAt == nil)
            .sort(\.$createdAt, .descending).first()
    }

    /// Closes whatever is open (a new demand replaces it, or an officer recorded the fees as paid).
    static func settleOpen(for dossierID: UUID, at: Date, on db: Database) async throws {
        try await FeeDemand.query(on: db).filter(\.$dossier.$id == dossierID).filter(\.$settledAt == nil)
            .set(\.$settledAt, to: at).update()
    }
}
