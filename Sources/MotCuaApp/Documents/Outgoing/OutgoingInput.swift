import Vapor

/// `POST /api/v1/documents/outgoing`: a draft (files follow through the upload endpoint).
struct OutgoingInput: Content, Sendable {
    var type: String?
    var summary: String?
    var recipients: [String]?
    var urgency: String?
    var confidentiality: String?
    /// The drafting unit's abbreviation, which ends an official letter's notation ("VP" in `05/UBND-VP`).
    var unit: String?
    var pageCount: Int?
}

struct OutgoingTransitionInput: Content, Sendable {
    var action: String?
    var comment: String?
}
