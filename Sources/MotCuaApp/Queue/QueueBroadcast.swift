import Fluent
import SQLKit
import Vapor

/// What boards hear: a `call` event for every call and recall (stored, so a board that reconnects replays it),
/// and a `state` event with the counts after every change (passing: the next one replaces it).
enum QueueBroadcast {
    static let topic = "queue"

    /// Inside the call's transaction: the live event first (its id becomes the call's id), then the call row.
    static func recordCall(ticket: QueueTicket, counter: QueueCounter, area: QueueArea, kind: String, officerID: UUID,
                           at now: Date, hub: EventHub, on db: Database) async throws -> (QueueCall, HubEvent) {
        let data = QueueDTO.CallEvent(ticket: .init(id: try ticket.requireID(), number: ticket.number), counter: counter.code,
                                      counterName: counter.name, counterNumber: counter.number, area: area.code, areaName: area.name,
                                      recall: kind == "recall", at: now)
        let json = String(decoding: try JSONEncoder.queueEvents.encode(data), as: UTF8.self)
        let event = try await hub.record(topic: topic, kind: "call", data: json, at: now, on: db)
        let call = QueueCall()
        call.id = event.id
        call.$ticket.id = try ticket.requireID()
        call.$counter.id = try counter.requireID()
        call.kind = kind
        call.at = now
        call.$officer.id = officerID
        try await call.create(on: db)
        return (call, event)
    }

    struct State: Content {
        struct Serving: Content {
            let counter: String
            let counterName: String
            let counterNumber: Int
            let ticket: String
            let number: String
            let area: String
            let status: String
        }
        struct LastCall: Content {
            let id: Int
            let number: String
            let counter: String
            let counterName: String
            let counterNumber: Int
            let area: String
            let at: Date
        }
        let areas: [QueueDTO.Area]
        let serving: [Serving]
        let lastCalls: [LastCall]
        let at: Date
    }

    static func state(on db: Database, now: Date) async throws -> State {
        let day = QueueLine.today(now)
        let areas = try await QueueArea.query(on: db).sort(\.$position).sort(\.$code).all()
        let waiting = try await waitingCounts(day: day, on: db)
        let counters = try await QueueCounter.query(on: db).sort(\.$number).all()
        let currentIDs = counters.compactMap(\.currentTicketID)
        let current = currentIDs.isEmpty ? [] : try await QueueTicket.query(on: db).filter(\.$id ~~ currentIDs).all()
        let areaCode = Dictionary(areas.compactMap { area in area.id.map { ($0, area) } }, uniquingKeysWith: { first, _ in first })
        let serving: [State.Serving] = counters.compactMap { counter in
            guard let ticket = current.first(where: { $0.id == counter.currentTicketID }), ticket.status.isAtCounter,
                  let id = ticket.id else { return nil }
            return .init(counter: counter.code, counterName: counter.name, counterNumber: counter.number, ticket: id.uuidString,
                         number: ticket.number, area: areaCode[ticket.$area.id]?.code ?? "", status: ticket.status.rawValue)
        }
        let calls = try await QueueCall.query(on: db).sort(\.$id, .descending).limit(8).with(\.$ticket).with(\.$counter).all()
        let lastCalls: [State.LastCall] = calls.compactMap { call in
            guard let id = call.id, QueueLine.today(call.at) == day else { return nil }
            return .init(id: id, number: call.ticket.number, counter: call.counter.code, counterName: call.counter.name,
                         counterNumber: call.counter.number, area: areaCode[call.ticket.$area.id]?.code ?? "", at: call.at)
        }
        return State(areas: areas.map { QueueDTO.Area(code: $0.code, name: $0.name, prefix: $0.prefix, waiting: $0.id.flatMap { waiting[$0] } ?? 0) },
                     serving: serving, lastCalls: lastCalls, at: now)
    }

    static func waitingCounts(day: String, on db: Database) async throws -> [UUID: Int] {
        guard let sql = db as? SQLDatabase else { return [:] }
        struct Row: Decodable { let area_id: UUID; let n: Int }
        let rows = try await sql.raw("""
            SELECT area_id, COUNT(*) AS n FROM queue_tickets
            WHERE day = \(bind: day) AND status IN (\(binds: QueueLine.waitingStatuses)) GROUP BY area_id
            """).all(decoding: Row.self)
        return Dictionary(rows.map { ($0.area_id, $0.n) }, uniquingKeysWith: +)
    }

    /// After a commit: the new counts to every board. Best effort: a board also gets them when it (re)connects.
    static func announceState(request req: Request) async {
        do {
            let state = try await state(on: req.db, now: req.now)
            let json = String(decoding: try JSONEncoder.queueEvents.encode(state), as: UTF8.self)
            await req.application.eventHub.announce(topic: topic, kind: "state", data: json, on: req.db)
        } catch {
            req.logger.warning("Không gửi được trạng thái hàng chờ tới bảng hiển thị: \(error)")
        }
    }
}
