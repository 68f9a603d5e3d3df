import Fluent
import Vapor

/// One announcement of a ticket at a counter (a call or a recall). Its id is the id of the live event that
/// carried it, so a board resuming with `Last-Event-ID` and the audio address name the same thing.
final class QueueCall: Model, @unchecked Sendable {
    static let schema = "queue_calls"

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Parent(key: "ticket_id") var ticket: QueueTicket
    @Parent(key: "counter_id") var counter: QueueCounter
    @Field(key: "kind") var kind: String
    @Field(key: "at") var at: Date
    @OptionalParent(key: "officer_id") var officer: User?

    init() {}
}
