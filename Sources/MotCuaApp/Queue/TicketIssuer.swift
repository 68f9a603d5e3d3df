import Fluent
import Vapor

/// The kiosk's one write: a numbered ticket in an area, its number drawn from the area's series for the day
/// (`NumberSeries`: one atomic upsert, so two kiosks on two nodes never print the same number).
enum TicketIssuer {
    struct Issued {
        let ticket: QueueTicket
        /// False when the request repeated an earlier one (same `Idempotency-Key`): nothing new was written.
        let created: Bool
    }

    static func issue(areaCode: String, priority: Bool, requestKey: String?, request req: Request) async throws -> Issued {
        let code = areaCode.trimmingCharacters(in: .whitespaces)
        guard !code.isEmpty, code.count <= 40,
              let area = try await QueueArea.query(on: req.db).filter(\.$code == code).first(), let areaID = area.id else {
            throw QueueErrors.unknownArea(areaCode)
        }
        if let requestKey, let earlier = try await QueueTicket.query(on: req.db).filter(\.$requestKey == requestKey).first() {
            return Issued(ticket: earlier, created: false)
        }
        let now = req.now
        guard area.isOpen(at: now) else {
            throw AppError(.conflict, "area_closed", "Lĩnh vực “\(area.name)” chỉ cấp số thứ tự từ \(area.opens ?? "") đến \(area.closes ?? ""). Mời ông/bà quay lại trong giờ làm việc.")
        }
        let day = QueueLine.today(now)
        let agencyID = area.$agency.id
        let prefix = area.prefix
        let ticket = try await req.writeTransaction { db -> QueueTicket in
            let sequence = try await NumberSeries.next("queue:\(code):\(day)", on: db)
            let ticket = QueueTicket()
            ticket.$agency.id = agencyID
            ticket.$area.id = areaID
            ticket.day = day
            ticket.sequence = sequence
            ticket.number = QueueLine.number(prefix: prefix, sequence: sequence)
            ticket.priority = priority
            ticket.statusValue = QueueTicket.Status.waiting.rawValue
            ticket.issuedAt = now
            ticket.queuedAt = now
            ticket.requestKey = requestKey
            try await ticket.create(on: db)
            return ticket
        }
        await QueueBroadcast.announceState(request: req)
        return Issued(ticket: ticket, created: true)
    }
}
