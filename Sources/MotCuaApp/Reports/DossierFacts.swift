import Foundation
import SQLKit
import MotCuaCore

/// What the report roll-ups depend on, read from one dossier row. Every figure of a report is a sum of
/// `RollupContribution.cells(of:)` over the dossiers' current facts, so that keeping the roll-ups is
/// "subtract the old contribution, add the new one" in the transaction that changes the row, and a recount
/// (`motcua statistics verify`) is the same sum taken from the raw rows.
struct DossierFacts: Sendable, Equatable {
    /// The handling agency: an inter-agency (forwarded) dossier counts once, wholly at the agency handling it now.
    var agencyID: UUID
    var procedureID: UUID
    var channel: String
    var status: Int
    var wasAccepted: Bool
    var receivedAt: Date
    var appointmentAt: Date?
    var resolvedAt: Date?
    var returnedAt: Date?
    var timeliness: String?
    /// The instant of the last status move (stopping, withdrawal, the supplement request); rows written before the
    /// column existed fall back to `updated_at`.
    var statusAt: Date
    // What the evaluation scores (`DossierScores`).
    var delivery: String?
    var rescheduled: Bool
    var supplementRequests: Int
    var supplementsReceived: Int
    var rating: String?

    static let selectColumns = "handling_agency_id, procedure_id, channel, status, was_accepted, received_at, appointment_at, resolved_at, returned_at, timeliness, status_at, updated_at, delivery, rescheduled, supplement_requests, supplements_received, rating_overall"

    init(_ dossier: Dossier) {
        agencyID = dossier.$handlingAgency.id
        procedureID = dossier.$procedure.id
        channel = dossier.channel
        status = dossier.statusCode
        wasAccepted = dossier.wasAccepted
        receivedAt = dossier.receivedAt
        appointmentAt = dossier.appointmentAt
        resolvedAt = dossier.resolvedAt
        returnedAt = dossier.returnedAt
        timeliness = dossier.timelinessCode
        statusAt = dossier.statusAt ?? dossier.updatedAt
        delivery = dossier.delivery
        rescheduled = dossier.rescheduled
        supplementRequests = dossier.supplementRequests ?? 0
        supplementsReceived = dossier.supplementsReceived ?? 0
        rating = dossier.ratingOverall
    }

    init(row: SQLRow) throws {
        agencyID = try row.decode(column: "handling_agency_id", as: UUID.self)
        procedureID = try row.decode(column: "procedure_id", as: UUID.self)
        channel = try row.decode(column: "channel", as: String.self)
        status = try row.decode(column: "status", as: Int.self)
        wasAccepted = try row.decode(column: "was_accepted", as: Bool.self)
        receivedAt = try row.decode(column: "received_at", as: Date.self)
        appointmentAt = try row.decode(column: "appointment_at", as: Date?.self)
        resolvedAt = try row.decode(column: "resolved_at", as: Date?.self)
        returnedAt = try row.decode(column: "returned_at", as: Date?.self)
        timeliness = try row.decode(column: "timeliness", as: String?.self)
        let updatedAt = try row.decode(column: "updated_at", as: Date.self)
        statusAt = try row.decode(column: "status_at", as: Date?.self) ?? updatedAt
        delivery = try row.decode(column: "delivery", as: String?.self)
        rescheduled = try row.decode(column: "rescheduled", as: Bool.self)
        supplementRequests = try row.decode(column: "supplement_requests", as: Int?.self) ?? 0
        supplementsReceived = try row.decode(column: "supplements_received", as: Int?.self) ?? 0
        rating = try row.decode(column: "rating_overall", as: String?.self)
    }
}
