import Foundation

/// A message as its author writes it: who, what, in both forms. The outbox adds the envelope (Message-ID, state).
struct OutgoingMail: Sendable {
    var to: String
    var toName: String?
    var subject: String
    var text: String
    var html: String
    /// What caused it ("dossier.accept", "account.verification", …): shown to administrators, kept for statistics.
    var kind: String
    var dossierID: UUID?
}
