import Fluent
import Vapor

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

    init() {}

    init(agencyID: UUID, code: String, name: String, prefix: String, position: Int) {
        self.$agency.id = agencyID
        self.code = code
        self.name = name
        self.prefix = prefix
        self.position = position
    }
}
