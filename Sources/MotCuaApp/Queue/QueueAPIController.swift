import Fluent
import Vapor

/// The queue's public API: what kiosks, boards and citizens' phones call without logging in.
struct QueueAPIController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        let queue = routes.grouped("queue")
        queue.get("areas", use: areas)
        queue.get("counters", use: counters)
        let issue = queue.on(.POST, "tickets", body: .collect(maxSize: "4kb"), use: issue)
        issue.bodyLimit = 4 * 1024
        queue.get("tickets", ":id", use: ticket)
        queue.get("stream", use: QueueStream.stream)
        queue.get("calls", ":id", "audio", use: QueueAudio.audio)
    }

    @Sendable func areas(req: Request) async throws -> [QueueDTO.Area] {
        let areas = try await QueueArea.query(on: req.db).sort(\.$position).sort(\.$code).all()
        let waiting = try await QueueBroadcast.waitingCounts(day: QueueLine.today(req.now), on: req.db)
        return areas.map { QueueDTO.Area(code: $0.code, name: $0.name, prefix: $0.prefix, waiting: $0.id.flatMap { waiting[$0] } ?? 0) }
    }

    @Sendable func counters(req: Request) async throws -> [QueueDTO.Counter] {
        try await QueueCounter.query(on: req.db).with(\.$officer).sort(\.$number).sort(\.$code).all().map {
            QueueDTO.Counter(code: $0.code, name: $0.name, number: $0.number, areas: $0.areaCodes, officer: $0.officer?.fullName)
        }
    }

    @Sendable func issue(req: Request) async throws -> Response {
        let settings = req.application.queueSettings
        let client = req.clientAddress
        if case .limited(let retryAfter) = req.application.kioskLimiter.admit(client, limit: settings.kioskRateLimitPerMinute, now: req.now) {
            throw AppError(.tooManyRequests, "rate_limited",
                           "Máy này đã lấy quá \(settings.kioskRateLimitPerMinute) số trong một phút. Vui lòng đợi khoảng \(retryAfter) giây rồi thử lại.",
                           retryAfter: retryAfter)
        }
        let input = try req.content.decode(QueueDTO.NewTicket.self)
        let key = try Self.idempotencyKey(req)
        let issued = try await TicketIssuer.issue(areaCode: input.area, priority: input.priority ?? false, requestKey: key, request: req)
        let dto = try await QueueLine.dto(issued.ticket, on: req.db, settings: settings)
        let response = try await dto.encodeResponse(status: issued.created ? .created : .ok, for: req)
        response.headers.replaceOrAdd(name: .location, value: "/api/v1/queue/tickets/\(dto.id.uuidString.lowercased())")
        return response
    }

    @Sendable func ticket(req: Request) async throws -> QueueDTO.Ticket {
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let ticket = try await QueueTicket.find(id, on: req.db) else { throw QueueErrors.unknownTicket() }
        return try await QueueLine.dto(ticket, on: req.db, settings: req.application.queueSettings)
    }

    /// An optional `Idempotency-Key` (a kiosk retrying after a lost answer): printable ASCII, at most 100 characters.
    static func idempotencyKey(_ req: Request) throws -> String? {
        guard let key = req.headers.first(name: "Idempotency-Key"), !key.isEmpty else { return nil }
        guard key.count <= 100, key.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw AppError.badRequest("invalid_idempotency_key", "Khóa “Idempotency-Key” phải gồm tối đa 100 ký tự ASCII in được, không có khoảng trắng.")
        }
        return "kiosk:" + key
    }
}
