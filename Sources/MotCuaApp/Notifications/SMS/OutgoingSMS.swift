import Foundation

/// A text message as its author writes it; the outbox adds the envelope (id, state, attempts).
struct OutgoingSMS: Sendable {
    /// E.164, "+84912345678": only `SMSNumber.e164` makes one.
    var to: String
    /// Kept for the administrators' list only; never part of the text.
    var toName: String?
    /// Final text, already rendered for the configured alphabet (`SMSAlphabet`).
    var text: String
    /// "sms.dossier.accept", "sms.reply.status", …
    var kind: String
    var dossierID: UUID?
}
