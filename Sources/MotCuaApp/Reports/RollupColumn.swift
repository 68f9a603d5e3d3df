import Foundation
import MotCuaCore

/// The counters of one roll-up row. Flows count events on a day; the `delta…` columns are +1 when a dossier enters
/// a state on a day and −1 when it leaves it, so a state at the end of a day is the sum of its deltas up to that day.
/// The `score…` columns sum, on the day a dossier is resolved, its Circular 01/2018 scores (`DossierScores`).
enum RollupColumn: Int, CaseIterable, Sendable {
    case receivedCounter, receivedOnline, receivedPost
    case resolvedEarly, resolvedOnTime, resolvedLate
    case stopped, withdrawn, returned, notAccepted
    case deltaWithinTime, deltaOverdue, deltaWaiting, deltaAwaitingCollection
    // Added by `AddEvaluationRollups`: new columns go last, each with the migration that adds it.
    case scoreSupplement, scoreVisits, scoreApology, rated, scoreRating

    /// Column names are these constants, never input.
    var sqlName: String {
        switch self {
        case .receivedCounter: "received_counter"
        case .receivedOnline: "received_online"
        case .receivedPost: "received_post"
        case .resolvedEarly: "resolved_early"
        case .resolvedOnTime: "resolved_on_time"
        case .resolvedLate: "resolved_late"
        case .stopped: "stopped"
        case .withdrawn: "withdrawn"
        case .returned: "returned"
        case .notAccepted: "not_accepted"
        case .deltaWithinTime: "delta_within_time"
        case .deltaOverdue: "delta_overdue"
        case .deltaWaiting: "delta_waiting"
        case .deltaAwaitingCollection: "delta_awaiting_collection"
        case .scoreSupplement: "score_supplement"
        case .scoreVisits: "score_visits"
        case .scoreApology: "score_apology"
        case .rated: "rated"
        case .scoreRating: "score_rating"
        }
    }

    /// The columns `CreateReportTables` made; the others are added by later migrations.
    static let original: [RollupColumn] = allCases.filter { $0.rawValue <= RollupColumn.deltaAwaitingCollection.rawValue }
    static let evaluation: [RollupColumn] = [.scoreSupplement, .scoreVisits, .scoreApology, .rated, .scoreRating]

    static let count = allCases.count
}

/// One dossier's part of the roll-ups: (day, column, ±1) cells.
enum RollupContribution {
    struct Cell: Hashable, Sendable {
        let day: Int
        let column: RollupColumn
    }

    /// The figures' definitions, in one place:
    /// - refused at intake (status 3): `notAccepted` on the day of receipt, nothing else;
    /// - never accepted (online submissions not yet checked, their supplements and withdrawals): nothing;
    /// - accepted: received (by channel) on the day of `received_at` (the clock's start, reset when a supplement
    ///   completes the dossier); open from that day until it is resolved (9, 10), stopped (8) or withdrawn (7);
    ///   while open it is "in progress within time" before the appointment's day and "overdue" from it, and
    ///   "waiting for a supplement" from the day a supplement was requested (status 5); resolved ones count
    ///   early / on time / late by the class fixed at resolution (`Timeliness`, MotCuaCore), and await collection
    ///   from resolution until returned (10).
    static func cells(of f: DossierFacts) -> [Cell: Int] {
        var out: [Cell: Int] = [:]
        func add(_ day: Int, _ column: RollupColumn, _ delta: Int = 1) { out[Cell(day: day, column: column), default: 0] += delta }
        /// [start, end) as +1 at start and −1 at end; nothing when empty.
        func interval(_ column: RollupColumn, from start: Int, to end: Int?) {
            if let end, end <= start { return }
            add(start, column)
            if let end { add(end, column, -1) }
        }
        let received = RollupDay.of(f.receivedAt)
        guard let status = DossierStatus(rawValue: f.status) else { return out }
        if status == .notAccepted {
            add(received, .notAccepted)
            return out
        }
        guard f.wasAccepted else { return out }
        switch DossierChannel(rawValue: f.channel) ?? .counter {
        case .counter: add(received, .receivedCounter)
        case .online: add(received, .receivedOnline)
        case .post: add(received, .receivedPost)
        }
        let statusDay = max(RollupDay.of(f.statusAt), received)
        var inProgressEnd: Int? = nil
        switch status {
        case .resolved, .returned:
            let resolvedDay = max(RollupDay.of(f.resolvedAt ?? f.statusAt), received)
            inProgressEnd = resolvedDay
            switch Timeliness(rawValue: f.timeliness ?? "") {
            case .early: add(resolvedDay, .resolvedEarly)
            case .onTime: add(resolvedDay, .resolvedOnTime)
            // A resolved dossier without a class (no appointment) is not claimed as timely.
            default: add(resolvedDay, .resolvedLate)
            }
            let scores = DossierScores(f)
            add(resolvedDay, .scoreSupplement, scores.supplement)
            add(resolvedDay, .scoreVisits, scores.visits)
            add(resolvedDay, .scoreApology, scores.apology)
            if let rating = scores.rating {
                add(resolvedDay, .rated)
                add(resolvedDay, .scoreRating, rating)
            }
            if status == .returned {
                let returnedDay = max(RollupDay.of(f.returnedAt ?? f.statusAt), resolvedDay)
                add(returnedDay, .returned)
                interval(.deltaAwaitingCollection, from: resolvedDay, to: returnedDay)
            } else {
                interval(.deltaAwaitingCollection, from: resolvedDay, to: nil)
            }
        case .stopped:
            inProgressEnd = statusDay
            add(statusDay, .stopped)
        case .withdrawn:
            inProgressEnd = statusDay
            add(statusDay, .withdrawn)
        case .supplementRequested:
            inProgressEnd = statusDay
            interval(.deltaWaiting, from: statusDay, to: nil)
        default:
            break
        }
        // Overdue from the appointment's day: the appointment is at the close of that day's office hours.
        let due = f.appointmentAt.map(RollupDay.of)
        let withinEnd = [due, inProgressEnd].compactMap { $0 }.min()
        interval(.deltaWithinTime, from: received, to: withinEnd)
        if let due {
            interval(.deltaOverdue, from: max(due, received), to: inProgressEnd)
        }
        return out
    }
}
