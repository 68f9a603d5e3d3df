import Vapor

/// What a move may carry, as the API and the forms send it. Each action reads the fields it needs.
struct TransitionInput: Content, Sendable {
    var action: String
    var note: String?
    var reason: String?
    var missing: [String]?
    var toAgency: String?
    var toUnit: String?
    var newAppointment: String?
    var delivery: String?
    var trackingNumber: String?
    var feeAmount: Int?
    /// return at the counter: who collects (default: the applicant), their identity number, and whether by authorisation.
    var collectorName: String?
    var collectorIdNumber: String?
    var collectedByProxy: Bool?
    /// supplement: the checklist lines (0-based, in the procedure's order) that the applicant brought back.
    var providedComponents: [Int]?
    /// forward (or assign): the username of the officer who takes the dossier on.
    var assignee: String?

    init(action: String, note: String? = nil, reason: String? = nil, missing: [String]? = nil, toAgency: String? = nil,
         toUnit: String? = nil, newAppointment: String? = nil, delivery: String? = nil, trackingNumber: String? = nil, feeAmount: Int? = nil,
         collectorName: String? = nil, collectorIdNumber: String? = nil, collectedByProxy: Bool? = nil,
         providedComponents: [Int]? = nil, assignee: String? = nil) {
        self.action = action; self.note = note; self.reason = reason; self.missing = missing; self.toAgency = toAgency
        self.toUnit = toUnit; self.newAppointment = newAppointment; self.delivery = delivery; self.trackingNumber = trackingNumber
        self.feeAmount = feeAmount
        self.collectorName = collectorName; self.collectorIdNumber = collectorIdNumber; self.collectedByProxy = collectedByProxy
        self.providedComponents = providedComponents; self.assignee = assignee
    }

    func text(_ value: String?) -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    var cleanMissing: [String] { (missing ?? []).compactMap { text($0) } }
}
