import Foundation

/// A dossier as one row of `dossiers`, in the table's order: written in bulk by the data generator and by
/// the intake's group commit, without a Fluent model on the way (no per-column escaping, no middleware tasks).
struct DossierRow: BulkRow {
    static let table = "dossiers"
    static let columns = [
        "id", "code", "procedure_id", "receiving_agency_id", "receiving_agency_path", "handling_agency_id", "handling_agency_path",
        "status", "channel", "applicant_name", "applicant_id_number", "applicant_phone", "applicant_email", "applicant_address",
        "components_json", "received_at", "appointment_at", "original_appointment_at", "resolved_at", "returned_at",
        "was_accepted", "rescheduled", "step_index", "current_unit", "timeliness", "delivery", "postal_tracking",
        "idempotency_key", "created_by_id", "updated_at", "request_fingerprint", "applicant_search",
        "assignee_id", "collector_name", "collector_id_number", "collected_by_proxy",
        "owner_id", "requested_delivery", "delivery_address", "status_at",
        "supplement_requests", "supplements_received", "rating_overall",
    ]

    var id: UUID
    var code: String
    var procedureID: UUID
    var receivingAgencyID: UUID
    var receivingAgencyPath: String
    var handlingAgencyID: UUID
    var handlingAgencyPath: String
    var status: Int
    var channel: String
    var applicantName: String
    var applicantIDNumber: String?
    var applicantPhone: String?
    var applicantEmail: String?
    var applicantAddress: String?
    var componentsJSON: String
    var receivedAt: Date
    var appointmentAt: Date?
    var originalAppointmentAt: Date?
    var resolvedAt: Date?
    var returnedAt: Date?
    var wasAccepted: Bool
    var rescheduled: Bool
    var stepIndex: Int
    var currentUnit: String?
    var timeliness: String?
    var delivery: String?
    var postalTracking: String?
    var idempotencyKey: String? = nil
    var createdByID: UUID?
    var updatedAt: Date
    var requestFingerprint: String? = nil
    var applicantSearch: String? = nil
    var assigneeID: UUID? = nil
    var collectorName: String? = nil
    var collectorIDNumber: String? = nil
    var collectedByProxy: Bool? = nil
    var ownerID: UUID? = nil
    var requestedDelivery: String? = nil
    var deliveryAddress: String? = nil
    var statusAt: Date? = nil
    var supplementRequests: Int? = nil
    var supplementsReceived: Int? = nil
    var ratingOverall: String? = nil

    func writeBinds(_ out: inout BulkBinds) {
        out.add(id); out.add(code); out.add(procedureID); out.add(receivingAgencyID); out.add(receivingAgencyPath)
        out.add(handlingAgencyID); out.add(handlingAgencyPath); out.add(status); out.add(channel); out.add(applicantName)
        out.add(applicantIDNumber); out.add(applicantPhone); out.add(applicantEmail); out.add(applicantAddress)
        out.add(componentsJSON); out.add(receivedAt); out.add(appointmentAt); out.add(originalAppointmentAt); out.add(resolvedAt)
        out.add(returnedAt); out.add(wasAccepted); out.add(rescheduled); out.add(stepIndex); out.add(currentUnit); out.add(timeliness)
        out.add(delivery); out.add(postalTracking); out.add(idempotencyKey); out.add(createdByID); out.add(updatedAt)
        out.add(requestFingerprint); out.add(applicantSearch ?? TextSearch.fold(applicantName))
        out.add(assigneeID); out.add(collectorName); out.add(collectorIDNumber); out.add(collectedByProxy)
        out.add(ownerID); out.add(requestedDelivery); out.add(deliveryAddress); out.add(statusAt)
        out.add(supplementRequests); out.add(supplementsReceived); out.add(ratingOverall)
    }
}

/// One timeline entry, as `dossier_events` stores it.
struct DossierEventRow: BulkRow {
    static let table = "dossier_events"
    static let columns = ["id", "dossier_id", "at", "actor_id", "actor_name", "action", "from_status", "to_status", "note", "from_unit", "to_unit"]

    var id: UUID
    var dossierID: UUID
    var at: Date
    var actorID: UUID?
    var actorName: String
    var action: String
    var fromStatus: Int?
    var toStatus: Int
    var note: String?
    var fromUnit: String?
    var toUnit: String?

    func writeBinds(_ out: inout BulkBinds) {
        out.add(id); out.add(dossierID); out.add(at); out.add(actorID); out.add(actorName); out.add(action)
        out.add(fromStatus); out.add(toStatus); out.add(note); out.add(fromUnit); out.add(toUnit)
    }
}

extension DossierRow {
    init(_ dossier: Dossier) throws {
        self.init(
            id: try dossier.requireID(), code: dossier.code, procedureID: dossier.$procedure.id,
            receivingAgencyID: dossier.$receivingAgency.id, receivingAgencyPath: dossier.receivingAgencyPath,
            handlingAgencyID: dossier.$handlingAgency.id, handlingAgencyPath: dossier.handlingAgencyPath,
            status: dossier.statusCode, channel: dossier.channel, applicantName: dossier.applicantName,
            applicantIDNumber: dossier.applicantIDNumber, applicantPhone: dossier.applicantPhone, applicantEmail: dossier.applicantEmail,
            applicantAddress: dossier.applicantAddress, componentsJSON: dossier.componentsJSON, receivedAt: dossier.receivedAt,
            appointmentAt: dossier.appointmentAt, originalAppointmentAt: dossier.originalAppointmentAt, resolvedAt: dossier.resolvedAt,
            returnedAt: dossier.returnedAt, wasAccepted: dossier.wasAccepted, rescheduled: dossier.rescheduled,
            stepIndex: dossier.stepIndex, currentUnit: dossier.currentUnit, timeliness: dossier.timelinessCode,
            delivery: dossier.delivery, postalTracking: dossier.postalTracking, idempotencyKey: dossier.idempotencyKey,
            createdByID: dossier.$createdBy.id, updatedAt: dossier.updatedAt, requestFingerprint: dossier.requestFingerprint,
            applicantSearch: dossier.applicantSearch, assigneeID: dossier.$assignee.id, collectorName: dossier.collectorName,
            collectorIDNumber: dossier.collectorIDNumber, collectedByProxy: dossier.collectedByProxy,
            ownerID: dossier.$owner.id, requestedDelivery: dossier.requestedDelivery, deliveryAddress: dossier.deliveryAddress,
            statusAt: dossier.statusAt, supplementRequests: dossier.supplementRequests,
            supplementsReceived: dossier.supplementsReceived, ratingOverall: dossier.ratingOverall)
    }
}

extension DossierEventRow {
    init(_ event: DossierEvent) throws {
        self.init(id: try event.requireID(), dossierID: event.$dossier.id, at: event.at, actorID: event.$actor.id, actorName: event.actorName,
                  action: event.action, fromStatus: event.fromStatus, toStatus: event.toStatus, note: event.note,
                  fromUnit: event.fromUnit, toUnit: event.toUnit)
    }
}
