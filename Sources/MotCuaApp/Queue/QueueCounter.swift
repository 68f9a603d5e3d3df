import Fluent
import Vapor

/// A counter ("quầy") of a centre: the areas whose tickets it calls, the officer sitting there, and the
/// state the priority rule needs (how many priority tickets it called in a row).
final class QueueCounter: Model, @unchecked Sendable {
    static let schema = "queue_counters"

    @ID(key: .id) var id: UUID?
    @Parent(key: "agency_id") var agency: Agency
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    /// What the spoken call says: "đến quầy số 3".
    @Field(key: "number") var number: Int
    /// Area codes, comma-separated: a counter serves few areas, read together with the counter.
    @Field(key: "area_codes") var areaCodesValue: String
    @OptionalParent(key: "officer_id") var officer: User?
    @Field(key: "priority_streak") var priorityStreak: Int
    /// The ticket called or being served here (nil when the counter is free).
    @OptionalField(key: "current_ticket_id") var currentTicketID: UUID?

    init() {}

    init(agencyID: UUID, code: String, name: String, number: Int, areaCodes: [String], officerID: UUID?) {
        self.$agency.id = agencyID
        self.code = code
        self.name = name
        self.number = number
        self.areaCodesValue = areaCodes.joined(separator: ",")
        self.$officer.id = officerID
        self.priorityStreak = 0
        self.currentTicketID = nil
    }

    var areaCodes: [String] { areaCodesValue.split(separator: ",").map(String.init) }
}
