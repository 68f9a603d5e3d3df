import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor
import MotCuaCore

/// Group commit for intake. Each intake used to be its own write transaction (BEGIN, code counter, dossier,
/// events, COMMIT, ≈ 2 ms), and SQLite lets one transaction write at a time: at the counter's peak the queue
/// for that lock, not the CPU, set the pace. Intakes that arrive while a transaction is running now wait
/// together and go into the next one: one counter update per agency and day, one INSERT for all their
/// dossiers, one for all their events. Nobody is answered before the transaction that holds their dossier
/// has committed. When a batch fails (a repeated Idempotency-Key, the day's last code), each of its intakes
/// is written again in a transaction of its own, so that one bad intake never fails the others and each
/// gets its own answer.
final class IntakeWriter: Sendable {
    struct Entry: Sendable {
        let dossier: Dossier            // code not yet set: drawn when the batch is written
        let events: [DossierEvent]
        let receivingAgencyCode: String
        /// Where the applicant's SMS links point ("…/tra-cuu/") and its alphabet; nil sends none.
        var notice: DossierNotifier.IntakeNotice? = nil
    }

    private struct Waiting: Sendable {
        let entry: Entry
        let continuation: CheckedContinuation<Void, Error>
    }

    private struct State: Sendable {
        var waiting: [Waiting] = []
        var draining = false
    }

    /// Bounds one transaction, and so the wait of the intakes behind it (`BulkInsert` keeps each statement under the
    /// bind limits by itself).
    static let maxBatch = 200

    private let state = NIOLockedValueBox(State())

    /// Writes the dossier (its code set on return) and its events; returns after their transaction committed.
    func write(_ entry: Entry, on app: Application) async throws {
        for event in entry.events where event.id == nil { event.id = UUID() }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            let startDraining = state.withLockedValue { state in
                state.waiting.append(Waiting(entry: entry, continuation: continuation))
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            if startDraining {
                Task { await self.drain(app) }
            }
        }
    }

    private func drain(_ app: Application) async {
        while true {
            let batch = state.withLockedValue { state -> [Waiting] in
                let batch = Array(state.waiting.prefix(Self.maxBatch))
                state.waiting.removeFirst(batch.count)
                if batch.isEmpty { state.draining = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                try await Self.commit(batch.map(\.entry), on: app)
                batch.forEach { $0.continuation.resume() }
            } catch {
                guard batch.count > 1 else {
                    batch[0].continuation.resume(throwing: error)
                    continue
                }
                for waiting in batch {
                    do {
                        try await Self.commit([waiting.entry], on: app)
                        waiting.continuation.resume()
                    } catch {
                        waiting.continuation.resume(throwing: error)
                    }
                }
            }
        }
    }

    private static func commit(_ entries: [Entry], on app: Application) async throws {
        let db = app.db
        try await app.writeGate.run {
            try await db.transaction { tx in
                guard let sql = tx as? SQLDatabase else {
                    throw AppError(.internalServerError, "no_sql", "Cơ sở dữ liệu không hỗ trợ SQL.")
                }
                // Codes in arrival order, per agency and day (a batch can straddle midnight).
                struct AgencyDay: Hashable { let agency: String; let day: LocalDate }
                var groups: [AgencyDay: [Entry]] = [:]
                var order: [AgencyDay] = []
                for entry in entries {
                    let key = AgencyDay(agency: entry.receivingAgencyCode, day: LocalDate(entry.dossier.receivedAt))
                    if groups[key] == nil { order.append(key) }
                    groups[key, default: []].append(entry)
                }
                for key in order {
                    let group = groups[key]!
                    let codes = try await DossierCodeIssuer.next(count: group.count, agencyCode: group[0].receivingAgencyCode,
                                                                 receivedAt: group[0].dossier.receivedAt, on: tx)
                    zip(group, codes).forEach { $0.dossier.code = $1 }
                }
                try await BulkInsert.run(try entries.map { try DossierRow($0.dossier) }, on: sql)
                try await BulkInsert.run(try entries.flatMap { try $0.events.map(DossierEventRow.init) }, on: sql)
                try await DossierChangeRecorder.created(entries.map(\.dossier), events: entries.flatMap(\.events), on: tx)
                // The applicant's SMS (code, appointment) commits with the dossier, or not at all.
                let texts = entries.compactMap { entry in
                    entry.notice.flatMap { DossierNotifier.intakeText(entry.dossier, lastEvent: entry.events.last, notice: $0) }
                        .map { OutboxRow(message: OutboxMessage($0, now: entry.dossier.receivedAt)) }
                }
                try await BulkInsert.run(texts, on: sql)
            }
        }
        // The rows exist now: a later save() of these instances must update, not insert again.
        for entry in entries {
            entry.dossier._$idExists = true
            entry.events.forEach { $0._$idExists = true }
        }
    }
}

extension Application {
    private struct IntakeWriterKey: StorageKey { typealias Value = IntakeWriter }
    /// One per application (set by `configure`), so that every request's intake can join the same batch.
    var intakeWriter: IntakeWriter {
        get {
            guard let writer = storage[IntakeWriterKey.self] else { preconditionFailure("configure() sets the intake writer") }
            return writer
        }
        set { storage[IntakeWriterKey.self] = newValue }
    }
}
