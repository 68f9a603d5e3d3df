import Fluent
import Foundation

/// One live event: a topic ("queue"), a kind ("call", "state") and its JSON data. Stored events have an id
/// that only grows (in commit order), so a subscriber that lost its connection asks for what came after the last
/// id it saw; passing events (counts that the next one replaces) have id 0 and are never stored.
struct HubEvent: Codable, Sendable, Equatable {
    let id: Int
    let topic: String
    let kind: String
    let data: String
}

/// The stored events, for replay after a reconnect.
final class HubEventRecord: Model, @unchecked Sendable {
    static let schema = "hub_events"

    @ID(custom: "id", generatedBy: .database) var id: Int?
    @Field(key: "topic") var topic: String
    @Field(key: "kind") var kind: String
    @Field(key: "data") var data: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var event: HubEvent? { id.map { HubEvent(id: $0, topic: topic, kind: kind, data: data) } }
}

struct CreateHubEvents: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(HubEventRecord.schema)
            .field("id", .int, .identifier(auto: true))
            .field("topic", .string, .required)
            .field("kind", .string, .required)
            .field("data", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.createIndex(name: "hub_events_topic_idx", on: HubEventRecord.schema, columns: ["topic", "id"])
    }

    func revert(on database: Database) async throws {
        try await database.schema(HubEventRecord.schema).delete()
    }
}
