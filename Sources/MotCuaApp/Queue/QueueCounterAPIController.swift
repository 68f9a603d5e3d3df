import Fluent
import Vapor

/// What the counter console calls: a receptionist of the counter's centre, by bearer token or by the page's
/// session with `X-CSRF-Token` (the group's `APISessionAccess`).
struct QueueCounterAPIController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        let counters = routes.grouped("queue", "counters", ":counter")
        for action in ["call", "recall", "skip", "finish", "start"] {
            let route = counters.on(.POST, .constant(action), body: .collect(maxSize: "4kb")) { req in try await self.act(action, req) }
            route.bodyLimit = 4 * 1024
        }
        let transfer = routes.on(.POST, "queue", "tickets", ":id", "transfer", body: .collect(maxSize: "4kb"), use: transfer)
        transfer.bodyLimit = 4 * 1024
    }

    static func receptionist(_ req: Request) throws -> User {
        try req.requireRole(.receptionist)
    }

    @Sendable func act(_ action: String, _ req: Request) async throws -> Response {
        let user = try Self.receptionist(req)
        let code = req.parameters.get("counter") ?? ""
        let settings = req.application.queueSettings
        switch action {
        case "call", "recall":
            let result = action == "call"
                ? try await CallNext.call(counterCode: code, user: user, request: req)
                : try await CounterDesk.recall(counterCode: code, user: user, request: req)
            let ticket = try await QueueLine.dto(result.ticket, on: req.db, settings: settings)
            return try await QueueDTO.Call(id: result.call.id ?? 0, kind: result.call.kind, ticket: ticket, counter: result.counter.code,
                                           area: result.area.code, at: result.call.at).encodeResponse(status: .ok, for: req)
        default:
            let desk: CounterDesk.Action = action == "skip" ? .skip : action == "start" ? .start : .finish
            let ticket = try await CounterDesk.act(desk, counterCode: code, user: user, request: req)
            return try await QueueLine.dto(ticket, on: req.db, settings: settings).encodeResponse(for: req)
        }
    }

    @Sendable func transfer(req: Request) async throws -> QueueDTO.Ticket {
        let user = try Self.receptionist(req)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw QueueErrors.unknownTicket() }
        let input = try req.content.decode(QueueDTO.Transfer.self)
        let ticket = try await CounterDesk.transfer(ticketID: id, to: input.area, user: user, request: req)
        return try await QueueLine.dto(ticket, on: req.db, settings: req.application.queueSettings)
    }
}
