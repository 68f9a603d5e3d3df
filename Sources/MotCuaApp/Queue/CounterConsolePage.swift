import Fluent
import Vapor

/// `/mot-cua/quay`: the receptionist's console for one counter of their centre. The buttons call the counter API
/// with the page's session and its form token (`X-CSRF-Token`); N calls the next number, R repeats the call.
struct CounterConsolePage: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.grouped("mot-cua").grouped(RequireRole(.receptionist)).get("quay", use: show)
    }

    struct Page: Encodable {
        let title = "Quầy gọi số"
        let page: PageContext
        let counters: [QueueDTO.Counter]
        let counter: QueueDTO.Counter?
        let current: QueueDTO.Ticket?
        let areas: [QueueDTO.Area]
    }

    @Sendable func show(req: Request) async throws -> View {
        let user = try req.requireUser()
        guard let agencyID = user.$agency.id else { throw QueueErrors.notYourCentre }
        let counters = try await QueueCounter.query(on: req.db).filter(\.$agency.$id == agencyID).with(\.$officer).sort(\.$number).all()
        let chosenCode = req.query[String.self, at: "counter"]
        let userID = try user.requireID()
        let chosen = counters.first { $0.code == chosenCode } ?? counters.first { $0.$officer.id == userID } ?? counters.first
        var current: QueueDTO.Ticket? = nil
        if let chosen, let ticket = try await CounterDesk.current(of: chosen, on: req.db) {
            current = try await QueueLine.dto(ticket, on: req.db, settings: req.application.queueSettings)
        }
        let dto = counters.map { QueueDTO.Counter(code: $0.code, name: $0.name, number: $0.number, areas: $0.areaCodes, officer: $0.officer?.fullName) }
        let areas = try await QueueAPIController().areas(req: req)
        return try await req.view.render("Queue/console", Page(page: PageContext(req), counters: dto,
                                                               counter: dto.first { $0.code == chosen?.code }, current: current, areas: areas))
    }
}
