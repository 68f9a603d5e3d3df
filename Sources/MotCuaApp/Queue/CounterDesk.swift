import Fluent
import SQLKit
import Vapor

/// What a receptionist does with the ticket at their counter besides calling the next one: recall, start, finish,
/// skip as a no-show, and transfer a ticket to another area.
enum CounterDesk {
    /// The counter, checked to belong to the officer's centre, locked on PostgreSQL for the transaction.
    static func lockedCounter(_ code: String, user: User, on db: Database) async throws -> QueueCounter {
        guard code.count <= 40, let counter = try await QueueCounter.query(on: db).filter(\.$code == code).first() else {
            throw QueueErrors.unknownCounter()
        }
        guard let agencyID = user.$agency.id, counter.$agency.id == agencyID else { throw QueueErrors.notYourCentre }
        if db.isPostgres, let sql = db as? SQLDatabase, let id = counter.id {
            try await sql.raw("SELECT id FROM queue_counters WHERE id = \(bind: id) FOR UPDATE").run()
            // Read again under the lock: another request may have changed it while we waited.
            if let fresh = try await QueueCounter.find(id, on: db) { return fresh }
        }
        return counter
    }

    static func current(of counter: QueueCounter, on db: Database) async throws -> QueueTicket? {
        guard let id = counter.currentTicketID, let ticket = try await QueueTicket.find(id, on: db),
              ticket.status.isAtCounter, ticket.$counter.id == counter.id else { return nil }
        return ticket
    }

    static func finishCurrent(of counter: QueueCounter, at now: Date, on db: Database) async throws {
        guard let ticket = try await current(of: counter, on: db) else { return }
        ticket.statusValue = QueueTicket.Status.done.rawValue
        if ticket.startedAt == nil { ticket.startedAt = ticket.calledAt }
        ticket.finishedAt = now
        try await ticket.save(on: db)
    }

    enum Action: String { case start, finish, skip }

    /// Start, finish or skip the counter's current ticket.
    static func act(_ action: Action, counterCode: String, user: User, request req: Request) async throws -> QueueTicket {
        let now = req.now
        let ticket = try await req.writeTransaction { db -> QueueTicket in
            let counter = try await lockedCounter(counterCode, user: user, on: db)
            guard let ticket = try await current(of: counter, on: db) else { throw QueueErrors.noCurrentTicket }
            switch action {
            case .start:
                guard ticket.status == .called else { return ticket }
                ticket.statusValue = QueueTicket.Status.serving.rawValue
                ticket.startedAt = now
            case .finish:
                ticket.statusValue = QueueTicket.Status.done.rawValue
                if ticket.startedAt == nil { ticket.startedAt = ticket.calledAt }
                ticket.finishedAt = now
                counter.currentTicketID = nil
            case .skip:
                guard ticket.status == .called else { throw QueueErrors.alreadyServing }
                ticket.statusValue = QueueTicket.Status.noShow.rawValue
                ticket.finishedAt = now
                counter.currentTicketID = nil
            }
            try await ticket.save(on: db)
            try await counter.save(on: db)
            return ticket
        }
        await QueueBroadcast.announceState(request: req)
        return ticket
    }

    /// Announces the counter's current ticket again.
    static func recall(counterCode: String, user: User, request req: Request) async throws -> CallNext.Result {
        let now = req.now
        let hub = req.application.eventHub
        let userID = try user.requireID()
        let (result, event) = try await req.writeTransaction { db -> (CallNext.Result, HubEvent) in
            let counter = try await lockedCounter(counterCode, user: user, on: db)
            guard let ticket = try await current(of: counter, on: db) else { throw QueueErrors.noCurrentTicket }
            let area = try await ticket.$area.get(on: db)
            let (call, event) = try await QueueBroadcast.recordCall(ticket: ticket, counter: counter, area: area, kind: "recall",
                                                                    officerID: userID, at: now, hub: hub, on: db)
            return (CallNext.Result(call: call, ticket: ticket, counter: counter, area: area), event)
        }
        hub.published([event])
        return result
    }

    /// Moves a ticket to another area of its centre; it keeps its place by issue time (`queuedAt`).
    static func transfer(ticketID: UUID, to areaCode: String, user: User, request req: Request) async throws -> QueueTicket {
        let ticket = try await req.writeTransaction { db -> QueueTicket in
            guard let ticket = try await QueueTicket.find(ticketID, on: db) else { throw QueueErrors.unknownTicket() }
            guard let agencyID = user.$agency.id, ticket.$agency.id == agencyID else { throw QueueErrors.notYourCentre }
            guard areaCode.count <= 40, let area = try await QueueArea.query(on: db).filter(\.$code == areaCode)
                    .filter(\.$agency.$id == agencyID).first(), let areaID = area.id else {
                throw QueueErrors.unknownArea(areaCode)
            }
            guard ticket.status != .done, ticket.status != .noShow else { throw QueueErrors.ticketClosed }
            guard ticket.$area.id != areaID else { throw QueueErrors.sameArea }
            if let counterID = ticket.$counter.id, let counter = try await QueueCounter.find(counterID, on: db),
               counter.currentTicketID == ticket.id {
                counter.currentTicketID = nil
                try await counter.save(on: db)
            }
            let from = try await ticket.$area.get(on: db)
            ticket.transferredFrom = from.code
            ticket.$area.id = areaID
            ticket.statusValue = QueueTicket.Status.transferred.rawValue
            ticket.$counter.id = nil
            try await ticket.save(on: db)
            return ticket
        }
        await QueueBroadcast.announceState(request: req)
        return ticket
    }
}
