import Fluent
import NIOConcurrencyHelpers
import PostgresKit
import PostgresNIO
import Vapor

/// Each node's ear on PostgreSQL: a dedicated connection (never one of Fluent's pooled ones, which would be lost to
/// the pool for good) that LISTENs on the hub's channel and hands every notification to the local hub. When the
/// connection drops it reconnects with back-off, then replays the stored events it missed from the table, so a
/// board on this node loses no call even while the database restarts.
final class PostgresEventListener: LifecycleHandler, Sendable {
    let hub: EventHub
    let configuration: PostgresConnection.Configuration
    let channel: String
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let connection = NIOLockedValueBox<PostgresConnection?>(nil)
    private let listening = NIOLockedValueBox(false)

    init(hub: EventHub, configuration: PostgresConnection.Configuration, channel: String) {
        self.hub = hub
        self.configuration = configuration
        self.channel = channel
    }

    func didBoot(_ application: Application) throws {
        let started = Task { [self] in await run(application) }
        task.withLockedValue { $0 = started }
    }

    /// Stops the loop and waits for it, before the databases close: the loop must never touch a closed pool.
    func shutdownAsync(_ application: Application) async {
        let running = task.withLockedValue { current -> Task<Void, Never>? in defer { current = nil }; return current }
        running?.cancel()
        if let open = connection.withLockedValue({ current -> PostgresConnection? in defer { current = nil }; return current }) {
            // Closing the connection ends the notification sequence the loop is waiting on.
            try? await open.close()
        }
        await running?.value
    }

    /// True while LISTEN is in place (tests wait for it before making a call on another node).
    var isListening: Bool { listening.withLockedValue { $0 } }

    private func run(_ app: Application) async {
        var lastID: Int? = nil
        var delay: Duration = .milliseconds(200)
        var connectionNumber = 0
        while !Task.isCancelled {
            do {
                connectionNumber += 1
                let conn = try await PostgresConnection.connect(configuration: configuration, id: connectionNumber, logger: app.logger)
                connection.withLockedValue { $0 = conn }
                defer { listening.withLockedValue { $0 = false } }
                defer { connection.withLockedValue { $0 = nil } }
                do {
                try await conn.listen(on: channel) { notifications in
                    guard !Task.isCancelled else { return }
                    // Events committed while we were away (or before the first LISTEN, nothing: start from now).
                    if let seen = lastID {
                        for event in try await hub.replay(topic: nil, after: seen, on: app.db) {
                            hub.deliver(event); lastID = event.id
                        }
                    } else {
                        lastID = try await hub.lastID(on: app.db)
                    }
                    listening.withLockedValue { $0 = true }
                    delay = .milliseconds(200)
                    for try await notification in notifications {
                        guard let event = try? JSONDecoder().decode(HubEvent.self, from: Data(notification.payload.utf8)) else { continue }
                        if event.id == 0 { hub.deliver(event); continue }
                        if let seen = lastID, event.id <= seen { continue }
                        if event.data.isEmpty {
                            // Too large for a NOTIFY: read it from the table.
                            for stored in try await hub.replay(topic: event.topic, after: event.id - 1, limit: 1, on: app.db) { hub.deliver(stored) }
                        } else {
                            hub.deliver(event)
                        }
                        lastID = event.id
                    }
                }
                } catch {
                    try? await conn.close()
                    throw error
                }
                try? await conn.close()
            } catch {
                if Task.isCancelled { break }
                app.logger.warning("Mất kết nối nhận sự kiện trực tiếp từ PostgreSQL, kết nối lại sau \(delay): \(error)")
            }
            connection.withLockedValue { $0 = nil }
            if Task.isCancelled { break }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(5))
        }
    }
}

extension Application {
    private struct ListenerKey: StorageKey { typealias Value = PostgresEventListener }
    var postgresEventListener: PostgresEventListener? {
        get { storage[ListenerKey.self] }
        set { storage[ListenerKey.self] = newValue }
    }
}
