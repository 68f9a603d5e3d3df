import Fluent
import SQLKit
import Vapor

/// "Call next" at a counter, in one transaction: finish what the counter was serving, claim the next ticket by
/// the priority rule, record the call as a live event. Atomic across nodes:
/// - PostgreSQL: the counter's row is locked (a double click waits for the first click) and the ticket is claimed
///   by one `UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED) RETURNING id`, so twenty counters calling at once
///   each take a different ticket without waiting for one another;
/// - SQLite: the app's write gate runs one write transaction at a time.
enum CallNext {
    struct Result {
        let call: QueueCall
        let ticket: QueueTicket
        let counter: QueueCounter
        let area: QueueArea
    }

    static func call(counterCode: String, user: User, request req: Request) async throws -> Result {
        let now = req.now
        let day = QueueLine.today(now)
        let run = req.application.queueSettings.priorityRun
        let hub = req.application.eventHub
        let userID = try user.requireID()
        let (result, event) = try await req.writeTransaction { db -> (Result, HubEvent) in
            let counter = try await CounterDesk.lockedCounter(counterCode, user: user, on: db)
            let counterID = try counter.requireID()
            try await CounterDesk.finishCurrent(of: counter, at: now, on: db)
            let areas = try await QueueArea.query(on: db).filter(\.$code ~~ counter.areaCodes).all()
            let areaIDs = areas.compactMap(\.id)
            guard !areaIDs.isEmpty else { throw QueueErrors.queueEmpty }
            // The priority rule: priority first, unless this counter already called `run` of them in a row.
            let order = counter.priorityStreak >= run ? [false, true] : [true, false]
            var claimed: UUID? = nil
            for priority in order where claimed == nil {
                claimed = try await claim(areaIDs: areaIDs, day: day, priority: priority, counterID: counterID, officerID: userID, at: now, on: db)
            }
            guard let ticketID = claimed, let ticket = try await QueueTicket.find(ticketID, on: db),
                  let area = areas.first(where: { $0.id == ticket.$area.id }) else {
                throw QueueErrors.queueEmpty
            }
            counter.priorityStreak = ticket.priority ? counter.priorityStreak + 1 : 0
            counter.currentTicketID = ticketID
            counter.$officer.id = userID
            try await counter.save(on: db)
            let (call, event) = try await QueueBroadcast.recordCall(ticket: ticket, counter: counter, area: area, kind: "call",
                                                                    officerID: userID, at: now, hub: hub, on: db)
            return (Result(call: call, ticket: ticket, counter: counter, area: area), event)
        }
        hub.published([event])
        await QueueBroadcast.announceState(request: req)
        return result
    }

    /// Claims the oldest waiting ticket of a class in the areas, or nil when none waits.
    static func claim(areaIDs: [UUID], day: String, priority: Bool, counterID: UUID, officerID: UUID, at now: Date, on db: Database) async throws -> UUID? {
        guard let sql = db as? SQLDatabase else { throw AppError(.internalServerError, "no_sql", "Cơ sở dữ liệu không hỗ trợ SQL.") }
        let lock = db.isPostgres ? " FOR UPDATE SKIP LOCKED" : ""
        struct Row: Decodable { let id: UUID }
        let row = try await sql.raw("""
            UPDATE queue_tickets SET status = \(bind: QueueTicket.Status.called.rawValue), counter_id = \(bind: counterID),
                officer_id = \(bind: officerID), called_at = \(bind: now)
            WHERE id = (SELECT id FROM queue_tickets
                        WHERE area_id IN (\(binds: areaIDs)) AND day = \(bind: day)
                          AND status IN (\(binds: QueueLine.waitingStatuses)) AND priority = \(bind: priority)
                        ORDER BY queued_at, sequence LIMIT 1\(unsafeRaw: lock))
            RETURNING id
            """).first(decoding: Row.self)
        return row?.id
    }
}
