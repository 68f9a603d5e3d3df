import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Live events for pages that stay open (queue boards; later inbox counts). Subscribers get an event only after
/// the transaction that caused it committed:
/// - SQLite (one process): the writer hands the events to `published(_:)` after its transaction returns, and the
///   hub fans them out in process.
/// - PostgreSQL (any number of nodes): `record` sends `pg_notify` inside the transaction, which PostgreSQL delivers
///   at commit to every node's `PostgresEventListener`, which fans out on its node; the writer's own node included.
/// Stored events take a transaction-scoped advisory lock before their insert, so ids become visible in id order
/// and "everything after id N" never skips an event that commits late.
final class EventHub: Sendable {
    /// The NOTIFY channel on PostgreSQL (one per schema: test schemas on one server stay apart), nil on SQLite.
    let channel: String?
    private let subscribers = NIOLockedValueBox<[UUID: Subscriber]>([:])
    private let closed = NIOLockedValueBox(false)

    private struct Subscriber {
        let topic: String
        let continuation: AsyncStream<HubEvent>.Continuation
    }

    init(channel: String?) { self.channel = channel }

    struct Subscription: Sendable {
        let id: UUID
        let events: AsyncStream<HubEvent>
    }

    /// A stream of the topic's events from now on; `unsubscribe` (or the hub's shutdown) ends it.
    func subscribe(topic: String) -> Subscription {
        let id = UUID()
        // A slow client must not hold memory without bound: beyond 1,000 undelivered events the oldest go,
        // and the client will see a gap it can fill with Last-Event-ID after reconnecting.
        let (stream, continuation) = AsyncStream<HubEvent>.makeStream(bufferingPolicy: .bufferingNewest(1000))
        if closed.withLockedValue({ $0 }) {
            continuation.finish()
        } else {
            subscribers.withLockedValue { $0[id] = Subscriber(topic: topic, continuation: continuation) }
        }
        return Subscription(id: id, events: stream)
    }

    func unsubscribe(_ id: UUID) {
        subscribers.withLockedValue { $0.removeValue(forKey: id) }?.continuation.finish()
    }

    /// Puts an event into one subscriber's stream (its heartbeat).
    func poke(_ id: UUID, _ event: HubEvent) {
        subscribers.withLockedValue { $0[id] }?.continuation.yield(event)
    }

    var subscriberCount: Int { subscribers.withLockedValue { $0.count } }

    /// Fan out on this node.
    func deliver(_ event: HubEvent) {
        let targets = subscribers.withLockedValue { $0.values.filter { $0.topic == event.topic }.map(\.continuation) }
        for continuation in targets { continuation.yield(event) }
    }

    /// Stores an event inside the caller's transaction (and, on PostgreSQL, queues its NOTIFY for the commit).
    func record(topic: String, kind: String, data: String, at date: Date, on db: Database) async throws -> HubEvent {
        if db.isPostgres, let sql = db as? SQLDatabase {
            try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: Self.advisoryLock))").run()
        }
        let record = HubEventRecord()
        record.topic = topic
        record.kind = kind
        record.data = data
        record.createdAt = date
        try await record.create(on: db)
        guard let event = record.event else {
            throw AppError(.internalServerError, "event_failed", "Không ghi được sự kiện. Vui lòng thử lại.")
        }
        try await notify(event, on: db)
        return event
    }

    /// After the commit of events `record` stored: PostgreSQL's listeners deliver them, SQLite's hub does here.
    func published(_ events: [HubEvent]) {
        guard channel == nil else { return }
        events.forEach(deliver)
    }

    /// A passing event (id 0, never stored), sent after a commit: counts that the next one replaces.
    func announce(topic: String, kind: String, data: String, on db: Database) async {
        let event = HubEvent(id: 0, topic: topic, kind: kind, data: data)
        if channel == nil {
            deliver(event)
        } else {
            try? await notify(event, on: db)
        }
    }

    /// Stored events of a topic after `id`, oldest first (what a reconnecting subscriber missed).
    func replay(topic: String?, after id: Int, limit: Int = 500, on db: Database) async throws -> [HubEvent] {
        var query = HubEventRecord.query(on: db).filter(\.$id > id)
        if let topic { query = query.filter(\.$topic == topic) }
        return try await query.sort(\.$id).limit(limit).all().compactMap(\.event)
    }

    func lastID(on db: Database) async throws -> Int {
        try await HubEventRecord.query(on: db).sort(\.$id, .descending).first()?.id ?? 0
    }

    /// Ends every stream: open SSE responses finish and the server can stop.
    func close() {
        closed.withLockedValue { $0 = true }
        let all = subscribers.withLockedValue { current -> [Subscriber] in
            defer { current.removeAll() }
            return Array(current.values)
        }
        for subscriber in all { subscriber.continuation.finish() }
    }

    private func notify(_ event: HubEvent, on db: Database) async throws {
        guard let channel, let sql = db as? SQLDatabase else { return }
        let payload = String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
        // NOTIFY payloads must stay under 8,000 bytes; a larger event is stored only, and listeners fetch it.
        let sent = payload.utf8.count < 7_900 ? payload : String(decoding: try JSONEncoder().encode(
            HubEvent(id: event.id, topic: event.topic, kind: event.kind, data: "")), as: UTF8.self)
        try await sql.raw("SELECT pg_notify(\(bind: channel), \(bind: sent))").run()
    }

    static let advisoryLock: Int64 = 7_262_011
}

/// Closes the hub before the databases go, so that open streams end instead of holding the shutdown.
struct EventHubCloser: LifecycleHandler {
    let hub: EventHub
    func shutdown(_ application: Application) { hub.close() }
}

extension Application {
    private struct EventHubKey: StorageKey { typealias Value = EventHub }
    var eventHub: EventHub {
        get {
            if let hub = storage[EventHubKey.self] { return hub }
            let hub = EventHub(channel: nil)
            storage[EventHubKey.self] = hub
            return hub
        }
        set { storage[EventHubKey.self] = newValue }
    }
}
