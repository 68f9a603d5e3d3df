import Vapor

/// `POST /api/v1/documents/incoming`, and the registration form read into the same shape.
struct IncomingInput: Content, Sendable {
    struct Issuer: Content, Sendable { var code: String?; var name: String? }
    var issuer: Issuer?
    var notation: String?
    var documentDate: String?
    var type: String?
    var summary: String?
    var pageCount: Int?
    var urgency: String?
    var confidentiality: String?
    var recipientUnit: String?
    /// "paper" (default: a scan is attached) or "electronic".
    var channel: String?
    var confirmDuplicate: Bool?
}

struct AssignmentInput: Content, Sendable {
    var lead: String?
    var support: [String]?
    var instruction: String?
    var deadline: String?
}

struct ProgressInput: Content, Sendable {
    var note: String?
    var complete: Bool?
}
