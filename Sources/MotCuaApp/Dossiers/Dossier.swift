import Fluent
import Vapor
import MotCuaCore

/// An administrative dossier ("hồ sơ"): its status lives in one column, its history in `DossierEvent`.
/// Agency paths are copied onto the row so that "everything of this subtree" is one indexed prefix query.
final class Dossier: Model, @unchecked Sendable {
    static let schema = "dossiers"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Parent(key: "procedure_id") var procedure: Procedure
    @Parent(key: "receiving_agency_id") var receivingAgency: Agency
    @Field(key: "receiving_agency_path") var receivingAgencyPath: String
    @Parent(key: "handling_agency_id") var handlingAgency: Agency
    @Field(key: "handling_agency_path") var handlingAgencyPath: String
    @Field(key: "status") var statusCode: Int
    @Field(key: "channel") var channel: String
    @Field(key: "applicant_name") var applicantName: String
    @Field(key: "applicant_id_number") var applicantIDNumber: String?
    @Field(key: "applicant_phone") var applicantPhone: String?
    @Field(key: "applicant_email") var applicantEmail: String?
    @Field(key: "applicant_address") var applicantAddress: String?
    @Field(key: "components_json") var componentsJSON: String
    @Field(key: "received_at") var receivedAt: Date
    @Field(key: "appointment_at") var appointmentAt: Date?
    @Field(key: "original_appointment_at") var originalAppointmentAt: Date?
    @Field(key: "resolved_at") var resolvedAt: Date?
    @Field(key: "returned_at") var returnedAt: Date?
    @Field(key: "was_accepted") var wasAccepted: Bool
    @Field(key: "rescheduled") var rescheduled: Bool
    @Field(key: "step_index") var stepIndex: Int
    @Field(key: "current_unit") var currentUnit: String?
    @Field(key: "timeliness") var timelinessCode: String?
    @Field(key: "delivery") var delivery: String?
    @Field(key: "postal_tracking") var postalTracking: String?
    @Field(key: "idempotency_key") var idempotencyKey: String?
    @OptionalParent(key: "created_by_id") var createdBy: User?
    @Field(key: "updated_at") var updatedAt: Date
    /// SHA-256 of the intake request that created the dossier: a retry with the same Idempotency-Key must carry it.
    @OptionalField(key: "request_fingerprint") var requestFingerprint: String?
    /// The applicant's name folded like catalogue search (no diacritics, lower case): "nguyen van an" finds "Nguyễn Văn An".
    @OptionalField(key: "applicant_search") var applicantSearch: String?
    /// The officer the dossier is assigned to ("Của tôi"); nil until a leader assigns it or a specialist takes it on.
    @OptionalParent(key: "assignee_id") var assignee: User?
    /// Who collected the result at the counter, and whether on the applicant's authorisation.
    @OptionalField(key: "collector_name") var collectorName: String?
    @OptionalField(key: "collector_id_number") var collectorIDNumber: String?
    @OptionalField(key: "collected_by_proxy") var collectedByProxy: Bool?
    /// The citizen who filed it online: they, and only they, follow it in "Hồ sơ của tôi".
    @OptionalParent(key: "owner_id") var owner: User?
    /// How the applicant asked for the result (counter, post, online) and, by post, where to.
    @OptionalField(key: "requested_delivery") var requestedDelivery: String?
    @OptionalField(key: "delivery_address") var deliveryAddress: String?
    /// The instant of the last status move (the report roll-ups date stopping, withdrawal and supplement requests by it).
    @OptionalField(key: "status_at") var statusAt: Date?
    /// How often a supplement was requested and received, and the applicant's rating (its `overall`), kept on the row
    /// so that the evaluation's scores are roll-ups (`DossierScores`); nil reads as 0 / not rated.
    @OptionalField(key: "supplement_requests") var supplementRequests: Int?
    @OptionalField(key: "supplements_received") var supplementsReceived: Int?
    @OptionalField(key: "rating_overall") var ratingOverall: String?

    init() {}

    // Fluent would find these by reflection on every query, insert and row decode (a third of intake's CPU);
    // "Model property lists" tests that this list equals the reflected one.
    var properties: [any AnyProperty] {
        [$id, $code, $procedure, $receivingAgency, $receivingAgencyPath, $handlingAgency, $handlingAgencyPath, $statusCode, $channel,
         $applicantName, $applicantIDNumber, $applicantPhone, $applicantEmail, $applicantAddress, $componentsJSON, $receivedAt,
         $appointmentAt, $originalAppointmentAt, $resolvedAt, $returnedAt, $wasAccepted, $rescheduled, $stepIndex, $currentUnit,
         $timelinessCode, $delivery, $postalTracking, $idempotencyKey, $createdBy, $updatedAt, $requestFingerprint,
         $applicantSearch, $assignee, $collectorName, $collectorIDNumber, $collectedByProxy, $owner, $requestedDelivery, $deliveryAddress, $statusAt,
         $supplementRequests, $supplementsReceived, $ratingOverall]
    }

    var status: DossierStatus {
        get { DossierStatus(rawValue: statusCode) ?? .new }
        set { statusCode = newValue.rawValue }
    }

    var components: [IntakeComponent] {
        get { JSONColumn.decode(componentsJSON) }
        set { componentsJSON = JSONColumn.encode(newValue) }
    }

    var timeliness: Timeliness? { timelinessCode.flatMap(Timeliness.init(rawValue:)) }

    /// Resolved dossiers keep the class fixed at resolution; open ones are judged against `now`.
    func currentTimeliness(now: Date, calendar: WorkingCalendar) -> Timeliness? {
        if let timeliness { return timeliness }
        guard let appointmentAt, !status.isTerminal || status == .returned else { return nil }
        return calendar.timeliness(appointment: appointmentAt, resolvedAt: resolvedAt, rescheduled: rescheduled, now: now)
    }
}

/// A line of the intake checklist: a component of the procedure and whether the applicant brought it.
struct IntakeComponent: Content, Equatable {
    var name: String
    var copies: Int
    /// false for components needed only in some cases, or only shown at the counter.
    var required: Bool
    var provided: Bool
}

enum DossierChannel: String, Codable, CaseIterable, Sendable {
    case counter, online, post

    var label: String {
        switch self {
        case .counter: return "Trực tiếp tại Bộ phận một cửa"
        case .online: return "Trực tuyến"
        case .post: return "Qua dịch vụ bưu chính"
        }
    }
}

enum ResultDelivery: String, Codable, CaseIterable, Sendable {
    case counter, post, online

    var label: String {
        switch self {
        case .counter: return "Trả trực tiếp tại Bộ phận một cửa"
        case .post: return "Gửi qua dịch vụ bưu chính công ích"
        case .online: return "Trả kết quả điện tử"
        }
    }
}
