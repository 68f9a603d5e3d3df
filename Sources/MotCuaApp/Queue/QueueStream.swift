import Fluent
import NIOConcurrencyHelpers
import Vapor

/// `GET /api/v1/queue/stream`: server-sent events for display boards.
/// - `call` events (with `id:`) for every call and recall; `Last-Event-ID` (or `?lastEventId=`) replays the calls
///   stored after it, so a board that lost its connection misses none;
/// - a `state` event with the counts at once and after every change;
/// - a `: ping` comment every 15 s, which also finds clients that went away (the write fails, the stream ends).
/// The stream ends when the hub closes at shutdown; a failed write ends it quietly, never trapping.
enum QueueStream {
    @Sendable static func stream(req: Request) async throws -> Response {
        let lastEventID = try lastEventID(req)
        let area = req.query[String.self, at: "area"].map { String($0.prefix(40)) }.flatMap { $0.isEmpty ? nil : $0 }
        if let area, try await QueueArea.query(on: req.db).filter(\.$code == area).first() == nil {
            throw QueueErrors.unknownArea(area)
        }
        let hub = req.application.eventHub
        let heartbeat = req.application.queueSettings.heartbeatSeconds
        // Subscribe before reading the past: an event committed in between arrives twice and is dropped by id.
        let subscription = hub.subscribe(topic: QueueBroadcast.topic)
        let missed: [HubEvent]
        let initial: String
        do {
            if let lastEventID {
                missed = try await hub.replay(topic: QueueBroadcast.topic, after: lastEventID, on: req.db)
            } else {
                missed = []
            }
            initial = String(decoding: try JSONEncoder.queueEvents.encode(try await QueueBroadcast.state(on: req.db, now: req.now)), as: UTF8.self)
        } catch {
            hub.unsubscribe(subscription.id)
            throw error
        }
        let logger = req.logger
        let response = Response(status: .ok)
        response.headers.replaceOrAdd(name: .contentType, value: "text/event-stream; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        // Proxies (nginx) must pass events through at once rather than buffer them.
        response.headers.replaceOrAdd(name: "X-Accel-Buffering", value: "no")
        response.body = .init(managedAsyncStream: { writer in
            let pinger = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(heartbeat))
                    if Task.isCancelled { break }
                    hub.poke(subscription.id, HubEvent(id: -1, topic: QueueBroadcast.topic, kind: "ping", data: ""))
                }
            }
            defer {
                pinger.cancel()
                hub.unsubscribe(subscription.id)
            }
            do {
                var lastSent = lastEventID ?? 0
                var opening = "retry: 2000\n\n"
                for event in missed where event.id > lastSent && matches(event, area: area) {
                    opening += frame(event)
                    lastSent = event.id
                }
                lastSent = max(lastSent, missed.last?.id ?? 0)
                opening += "event: state\ndata: \(initial)\n\n"
                try await writer.write(.buffer(ByteBuffer(string: opening)))
                for await event in subscription.events {
                    if event.kind == "ping" {
                        try await writer.write(.buffer(ByteBuffer(string: ": ping\n\n")))
                        continue
                    }
                    if event.id > 0 {
                        guard event.id > lastSent else { continue }
                        lastSent = event.id
                    }
                    guard !event.data.isEmpty, matches(event, area: area) else { continue }
                    try await writer.write(.buffer(ByteBuffer(string: frame(event))))
                }
            } catch {
                // The board went away: nothing to answer, nothing to log above debug.
                logger.debug("Bảng hiển thị ngắt kết nối: \(error)")
            }
        })
        return response
    }

    /// The SSE frame of an event. Stored events carry their id both as the SSE id and as the data's "id".
    static func frame(_ event: HubEvent) -> String {
        guard event.id > 0 else { return "event: \(event.kind)\ndata: \(event.data)\n\n" }
        var data = event.data
        if data.hasPrefix("{") {
            data = "{\"id\":\(event.id)" + (data == "{}" ? "}" : "," + data.dropFirst())
        }
        return "id: \(event.id)\nevent: \(event.kind)\ndata: \(data)\n\n"
    }

    /// A board of one area hears that area's calls; counts are for every area (the page shows its own).
    static func matches(_ event: HubEvent, area: String?) -> Bool {
        guard let area, event.kind == "call" else { return true }
        return event.data.contains("\"area\":\"\(area)\"")
    }

    static func lastEventID(_ req: Request) throws -> Int? {
        guard let text = req.headers.first(name: "Last-Event-ID") ?? req.query[String.self, at: "lastEventId"], !text.isEmpty else { return nil }
        guard text.count <= 18, let id = Int(text), id >= 0 else {
            throw AppError.badRequest("invalid_last_event_id", "“Last-Event-ID” phải là số nguyên không âm của một sự kiện đã nhận.")
        }
        return id
    }
}
