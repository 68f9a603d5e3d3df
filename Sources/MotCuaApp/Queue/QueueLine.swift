import Fluent
import MotCuaCore
import Vapor

/// Reading the line: who is ahead of a ticket, how long it may wait, and a ticket as the API shows it.
enum QueueLine {
    static let waitingStatuses = [QueueTicket.Status.waiting.rawValue, QueueTicket.Status.transferred.rawValue]

    static func today(_ now: Date) -> String { LocalDate(now).iso }

    /// Tickets that will be called before this one: earlier tickets of its class, and for an ordinary ticket also
    /// every waiting priority ticket (they go first, within the priority run).
    static func ahead(of ticket: QueueTicket, on db: Database) async throws -> Int {
        guard ticket.status.isWaiting, let id = ticket.id else { return 0 }
        let line = QueueTicket.query(on: db)
            .filter(\.$area.$id == ticket.$area.id).filter(\.$day == ticket.day)
            .filter(\.$statusValue ~~ waitingStatuses).filter(\.$id != id)
        if ticket.priority {
            return try await line.filter(\.$priority == true).filter(\.$queuedAt <= ticket.queuedAt).count()
        }
        let earlier = try await line.copy().filter(\.$queuedAt <= ticket.queuedAt).count()
        let laterPriority = try await line.filter(\.$priority == true).filter(\.$queuedAt > ticket.queuedAt).count()
        return earlier + laterPriority
    }

    /// Minutes: people ahead × today's mean service time in the area ÷ counters serving it.
    static func estimatedWait(ahead: Int, area: QueueArea, settings: QueueSettings, on db: Database) async throws -> Int {
        guard ahead > 0, let areaID = area.id else { return 0 }
        let counters = try await QueueCounter.query(on: db).filter(\.$agency.$id == area.$agency.id).all()
            .filter { $0.areaCodes.contains(area.code) }.count
        let served = try await QueueTicket.query(on: db).filter(\.$area.$id == areaID)
            .filter(\.$statusValue == QueueTicket.Status.done.rawValue)
            .sort(\.$finishedAt, .descending).limit(20).all()
        let durations = served.compactMap { ticket -> Double? in
            guard let end = ticket.finishedAt, let start = ticket.startedAt ?? ticket.calledAt else { return nil }
            return max(0, end.timeIntervalSince(start)) / 60
        }
        let mean = durations.isEmpty ? Double(settings.defaultServiceMinutes) : max(1, durations.reduce(0, +) / Double(durations.count))
        let minutes = Double(ahead) * mean / Double(max(1, counters))
        return Int(min(minutes.rounded(.up), 24 * 60))
    }

    static func dto(_ ticket: QueueTicket, on db: Database, settings: QueueSettings) async throws -> QueueDTO.Ticket {
        // Read by id, not through the relation: a transfer changes the id after the old area was loaded and cached.
        guard let area = try await QueueArea.find(ticket.$area.id, on: db) else { throw QueueErrors.unknownTicket() }
        var counter: QueueCounter? = nil
        if let counterID = ticket.$counter.id { counter = try await QueueCounter.find(counterID, on: db) }
        let ahead = try await ahead(of: ticket, on: db)
        let wait = try await estimatedWait(ahead: ahead, area: area, settings: settings, on: db)
        var dossierCode: String? = nil
        if let dossierID = ticket.dossierID {
            dossierCode = try await Dossier.find(dossierID, on: db)?.code
        }
        return QueueDTO.Ticket(id: try ticket.requireID(), number: ticket.number, area: .init(code: area.code, name: area.name),
                               priority: ticket.priority, status: ticket.status.rawValue, statusLabel: ticket.status.label,
                               issuedAt: ticket.issuedAt, calledAt: ticket.calledAt, counter: counter?.code, counterName: counter?.name,
                               ahead: ahead, estimatedWaitMinutes: wait, dossier: dossierCode)
    }

    /// "1023" for prefix "1" and the 23rd ticket; "A007" for prefix "A". Beyond 999 the digits simply grow.
    static func number(prefix: String, sequence: Int) -> String {
        let digits = String(sequence)
        return prefix + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }
}
