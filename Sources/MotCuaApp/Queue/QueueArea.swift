import Fluent
import Vapor
import MotCuaCore

/// A service area of a centre ("khu vực/lĩnh vực": Tư pháp – Hộ tịch, Đất đai…): its own line of numbers,
/// restarting each day, each number written with the area's prefix.
final class QueueArea: Model, @unchecked Sendable {
    static let schema = "queue_areas"

    @ID(key: .id) var id: UUID?
    @Parent(key: "agency_id") var agency: Agency
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @Field(key: "prefix") var prefix: String
    @Field(key: "position") var position: Int
    /// When the kiosk gives numbers for this area, "HH:MM" Vietnam time; nil: whenever the kiosk is on.
    @OptionalField(key: "opens") var opens: String?
    @OptionalField(key: "closes") var closes: String?

    init() {}

    init(agencyID: UUID, code: String, name: String, prefix: String, position: Int) {
        self.$agency.id = agencyID
        self.code = code
        self.name = name
        self.prefix = prefix
        self.position = position
    }
}

extension QueueArea {
    /// Minutes since midnight of "HH:MM", or nil.
    static func minutes(_ text: String?) -> Int? { TimeOfDay.minutes(text) }

    /// Whether the kiosk may give a number for this area at `now` (Vietnam time).
    func isOpen(at now: Date) -> Bool {
        guard let start = Self.minutes(opens), let end = Self.minutes(closes) else { return true }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .vietnam
        let parts = calendar.dateComponents([.hour, .minute], from: now)
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        return start <= minute && minute < end
    }

    var hoursLabel: String {
        guard let opens, let closes, Self.minutes(opens) != nil, Self.minutes(closes) != nil else { return "Cả ngày" }
        return "\(opens)–\(closes)"
    }
}

/// Issue 11's opening hours per area (nullable: an area without them is open whenever the kiosk is).
struct AddQueueAreaHours: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(QueueArea.schema).field("opens", .string).update()
        try await database.schema(QueueArea.schema).field("closes", .string).update()
    }

    func revert(on database: Database) async throws {
        try await database.schema(QueueArea.schema).deleteField("closes").update()
        try await database.schema(QueueArea.schema).deleteField("opens").update()
    }
}
