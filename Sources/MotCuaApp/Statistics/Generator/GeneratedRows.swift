import Foundation

/// A dossier as the generator writes it: the columns of `dossiers`, in the table's order.
struct GeneratedDossier: BulkRow {
    static let table = "dossiers"
    static let columns = [
        "id", "code", "procedure_id", "receiving_agency_id", "receiving_agency_path", "handling_agency_id", "handling_agency_path",
        "status", "channel", "applicant_name", "applicant_id_number", "applicant_phone", "applicant_email", "applicant_address",
        "components_json", "received_at", "appointment_at", "original_appointment_at", "resolved_at", "returned_at",
        "was_accepted", "rescheduled", "step_index", "current_unit", "timeliness", "delivery", "postal_tracking",
        "idempotency_key", "created_by_id", "updated_at",
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
    var createdByID: UUID?
    var updatedAt: Date

    func writeBinds(_ out: inout BulkBinds) {
        out.add(id); out.add(code); out.add(procedureID); out.add(receivingAgencyID); out.add(receivingAgencyPath)
        out.add(handlingAgencyID); out.add(handlingAgencyPath); out.add(status); out.add(channel); out.add(applicantName)
        out.add(applicantIDNumber); out.add(applicantPhone); out.add(applicantEmail); out.add(applicantAddress)
        out.add(componentsJSON); out.add(receivedAt); out.add(appointmentAt); out.add(originalAppointmentAt); out.add(resolvedAt)
        out.add(returnedAt); out.add(wasAccepted); out.add(rescheduled); out.add(stepIndex); out.add(currentUnit); out.add(timeliness)
        out.add(delivery); out.add(postalTracking); out.add(String?.none); out.add(createdByID); out.add(updatedAt)
    }
}

/// One timeline entry, as `dossier_events` stores it.
struct GeneratedEvent: BulkRow {
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

/// Time-ordered identifiers (UUIDv7 layout: milliseconds of the run, then a counter, then random bits), so
/// that rows generated in order are appended to the primary-key index instead of scattered through it.
struct OrderedUUIDs {
    private let prefix: UInt64
    private var counter: UInt64 = 0

    init(runStart: Date, stream: UInt64) {
        // The stream separates dossiers from events within one run; the run's time separates runs.
        let millis = UInt64(runStart.timeIntervalSince1970 * 1000) &+ stream
        prefix = millis << 16 | 0x7000
    }

    mutating func next(_ rng: inout SeededRandom) -> UUID {
        counter += 1
        let high = prefix | (counter >> 50 & 0x0FFF)
        let low = (counter & 0x3_FFFF_FFFF_FFFF) << 12 | (rng.next() & 0xFFF)
        let variantLow = 0x8000_0000_0000_0000 | (low & 0x3FFF_FFFF_FFFF_FFFF)
        return UUID(uuid: Self.bytes(high, variantLow))
    }

    private static func bytes(_ a: UInt64, _ b: UInt64) -> uuid_t {
        func byte(_ v: UInt64, _ i: Int) -> UInt8 { UInt8(truncatingIfNeeded: v >> (56 - 8 * i)) }
        return (byte(a, 0), byte(a, 1), byte(a, 2), byte(a, 3), byte(a, 4), byte(a, 5), byte(a, 6), byte(a, 7),
                byte(b, 0), byte(b, 1), byte(b, 2), byte(b, 3), byte(b, 4), byte(b, 5), byte(b, 6), byte(b, 7))
    }
}
