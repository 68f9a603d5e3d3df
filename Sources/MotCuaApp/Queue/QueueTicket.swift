import Fluent
import Vapor

/// A numbered ticket from the kiosk. `queuedAt` orders the line: the issue time, kept when the ticket is
/// transferred to another area so that it keeps its place.
final class QueueTicket: Model, @unchecked Sendable {
    static let schema = "queue_tickets"

    enum Status: String, Codable, CaseIterable, Sendable {
        case waiting, called, serving, done
        case noShow = "no-show"
        /// Waiting again, in the area it was transferred to.
        case transferred

        var isWaiting: Bool { self == .waiting || self == .transferred }
        var isAtCounter: Bool { self == .called || self == .serving }

        var label: String {
            switch self {
            case .waiting: return "Đang chờ"
            case .called: return "Đã được mời"
            case .serving: return "Đang được phục vụ"
            case .done: return "Đã phục vụ xong"
            case .noShow: return "Vắng mặt khi được mời"
            case .transferred: return "Đã chuyển lĩnh vực, đang chờ"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "agency_id") var agency: Agency
    @Parent(key: "area_id") var area: QueueArea
    /// The Vietnam calendar day of issue, "2026-05-04": numbers restart each day.
    @Field(key: "day") var day: String
    @Field(key: "sequence") var sequence: Int
    @Field(key: "number") var number: String
    @Field(key: "priority") var priority: Bool
    @Field(key: "status") var statusValue: String
    @Field(key: "issued_at") var issuedAt: Date
    @Field(key: "queued_at") var queuedAt: Date
    @OptionalField(key: "called_at") var calledAt: Date?
    @OptionalField(key: "started_at") var startedAt: Date?
    @OptionalField(key: "finished_at") var finishedAt: Date?
    @OptionalParent(key: "counter_id") var counter: QueueCounter?
    @OptionalParent(key: "officer_id") var officer: User?
    @OptionalField(key: "transferred_from") var transferredFrom: String?
    @OptionalField(key: "dossier_id") var dossierID: UUID?
    /// The kiosk's `Idempotency-Key`: a repeated tap or a retried request returns the ticket already issued.
    @OptionalField(key: "request_key") var requestKey: String?

    init() {}

    var status: Status { Status(rawValue: statusValue) ?? .waiting }
}
