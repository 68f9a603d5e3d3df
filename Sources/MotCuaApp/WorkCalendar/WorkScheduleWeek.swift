import Fluent
import Vapor

/// The approval of one agency's week: drafted by the office, approved by a leader, public from then on.
final class WorkScheduleWeek: Model, @unchecked Sendable {
    static let schema = "work_schedule_weeks"

    @ID(key: .id) var id: UUID?
    @Parent(key: "agency_id") var agency: Agency
    @Field(key: "week_start") var weekStart: String
    @Field(key: "approved_at") var approvedAt: Date
    @Field(key: "approved_by") var approvedBy: String

    init() {}

    init(agencyID: UUID, weekStart: String, approvedAt: Date, approvedBy: String) {
        self.$agency.id = agencyID
        self.weekStart = weekStart
        self.approvedAt = approvedAt
        self.approvedBy = approvedBy
    }
}
