import Fluent
import Vapor

/// One item of an agency's weekly work calendar ("lịch công tác"): a meeting, a visit, a reception of citizens.
/// Its id is the event's stable UID in the iCalendar feeds; `sequence` counts the changes made after publication,
/// so that subscribed calendar clients replace their copy.
final class WorkScheduleEntry: Model, @unchecked Sendable {
    static let schema = "work_schedule_entries"

    @ID(key: .id) var id: UUID?
    @Parent(key: "agency_id") var agency: Agency
    /// The Monday (ISO "yyyy-MM-dd") of the week the entry belongs to: approval is per week.
    @Field(key: "week_start") var weekStart: String
    @Field(key: "starts_at") var startsAt: Date
    @OptionalField(key: "ends_at") var endsAt: Date?
    @Field(key: "content") var content: String
    @Field(key: "place") var place: String
    /// Who chairs, as printed; `chair_username` when the chair is an officer of the agency (their own feed).
    @Field(key: "chair") var chair: String
    @OptionalField(key: "chair_username") var chairUsername: String?
    @Field(key: "attendees") var attendees: String
    @Field(key: "preparer") var preparer: String
    /// Officers taking part, as ",user1,user2," so that one LIKE finds an officer's entries.
    @Field(key: "participant_usernames") var participantUsernamesValue: String
    @Field(key: "status") var statusValue: String
    @Field(key: "sequence") var sequence: Int
    /// Set when the entry was changed or cancelled after its week was published: the page marks it.
    @OptionalField(key: "changed_after_publication_at") var changedAfterPublicationAt: Date?
    @OptionalField(key: "change_note") var changeNote: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "updated_by") var updatedBy: String

    init() {}

    enum Status: String, Sendable { case confirmed, cancelled }

    var status: Status { Status(rawValue: statusValue) ?? .confirmed }
    var isCancelled: Bool { status == .cancelled }

    var participantUsernames: [String] {
        participantUsernamesValue.split(separator: ",").map(String.init)
    }

    static func participantsValue(_ usernames: [String]) -> String {
        usernames.isEmpty ? "" : "," + usernames.joined(separator: ",") + ","
    }
}
