import Fluent
import Foundation
import SQLKit
import MotCuaCore

/// Fills the database with realistic dossiers over the last years, for demos and benchmarks
/// (`motcua generate`, and the tests). Rows are written with multi-row INSERTs in transactions of
/// `transactionSize` dossiers, each committing its dossiers, their timelines and the day counters of the
/// codes it used together; the next batch is generated while the previous one is being written.
struct DossierGenerator: Sendable {
    struct Options: Sendable {
        var count: Int
        var seed: UInt64 = 2026
        /// Dossiers are received from `years` years before `now` until the day before `now`.
        var years: Int = 2
        var now: Date
        var transactionSize = 10_000
    }

    struct Progress: Sendable {
        let dossiers: Int
        let events: Int
        let total: Int
        let seconds: Double
    }

    let options: Options
    let calendar: WorkingCalendar

    /// A dossier before its life is played: what, how and when it was submitted.
    private struct Draft {
        let procedure: Int
        let channel: DossierChannel
        let submittedAt: Date
    }

    func run(on db: Database, progress: @escaping @Sendable (Progress) -> Void = { _ in }) async throws -> Progress {
        guard options.count >= 0 else { throw AppError.badRequest("invalid_count", "Số hồ sơ cần sinh phải là số không âm.") }
        guard let sql = db as? SQLDatabase else { throw AppError(.internalServerError, "no_sql", "Cơ sở dữ liệu không hỗ trợ SQL.") }
        let started = Date()
        var rng = SeededRandom(seed: options.seed)
        let catalog = try await GeneratorCatalog.load(on: db, rng: &rng)
        var sequences = try await Self.existingSequences(on: sql)
        let isSQLite = sql.dialect.name == "sqlite"
        if isSQLite {
            // A bulk load may lose its last transaction on a power cut, not its consistency; the cache keeps index pages hot.
            try await sql.raw("PRAGMA synchronous=OFF").run()
            try await sql.raw("PRAGMA cache_size=-400000").run()
            try await sql.raw("PRAGMA temp_store=MEMORY").run()
        }

        var dossierIDs = OrderedUUIDs(runStart: started, stream: 0)
        var eventIDs = OrderedUUIDs(runStart: started, stream: 1)
        let clock = OfficeClock(calendar: calendar)
        let currentYear = LocalDate(options.now).year
        let days = dailyCounts(rng: &rng)

        var batch: [DossierRow] = []
        var events: [DossierEventRow] = []
        var touched: [String: Int] = [:]
        var done = 0, eventCount = 0
        var writing: Task<Void, Error>? = nil

        func flush() async throws {
            try await writing?.value
            let (rows, timeline, counters) = (batch, events, touched)
            done += rows.count
            eventCount += timeline.count
            let report = Progress(dossiers: done, events: eventCount, total: options.count, seconds: 0)
            batch.removeAll(keepingCapacity: true)
            events.removeAll(keepingCapacity: true)
            touched.removeAll(keepingCapacity: true)
            writing = Task {
                try await db.transaction { tx in
                    guard let sql = tx as? SQLDatabase else { return }
                    try await BulkInsert.run(rows, on: sql)
                    try await BulkInsert.run(timeline, on: sql)
                    try await Self.saveSequences(counters, on: sql)
                }
                progress(Progress(dossiers: report.dossiers, events: report.events, total: report.total,
                                  seconds: Date().timeIntervalSince(started)))
            }
        }

        for (day, count) in days where count > 0 {
            var drafts = (0..<count).map { _ in draft(on: day, catalog: catalog, rng: &rng) }
            drafts.sort { $0.submittedAt < $1.submittedAt }
            let dayKey = GeneratorPeople.pad2(day.year % 100) + GeneratorPeople.pad2(day.month) + GeneratorPeople.pad2(day.day)
            for draft in drafts {
                let procedure = catalog.procedures[draft.procedure]
                let receiving = procedure.receiving
                let key = receiving.code + "|" + dayKey
                let sequence = (touched[key] ?? sequences[key] ?? 0) + 1
                guard DossierCode.sequenceRange.contains(sequence) else { continue }  // 9,999 a day is the code's limit
                touched[key] = sequence
                sequences[key] = sequence

                let id = dossierIDs.next(&rng)
                let person = GeneratorPeople.make(area: receiving.area, currentYear: currentYear, rng: &rng)
                let receptionist = rng.pick(receiving.staff.receptionists)
                var life = DossierScenario(
                    clock: clock, now: options.now, procedure: procedure, channel: draft.channel, submittedAt: draft.submittedAt,
                    dossierID: id, receptionist: receptionist, specialist: rng.pick(procedure.handling.staff.specialists),
                    leader: rng.pick(procedure.handling.staff.leaders))
                life.play(ids: &eventIDs, rng: &rng)
                batch.append(DossierRow(
                    id: id, code: "\(receiving.code)-\(dayKey)-\(Self.pad4(sequence))", procedureID: procedure.id,
                    receivingAgencyID: receiving.id, receivingAgencyPath: receiving.path,
                    handlingAgencyID: procedure.handling.id, handlingAgencyPath: procedure.handling.path,
                    status: life.status.rawValue, channel: draft.channel.rawValue, applicantName: person.fullName,
                    applicantIDNumber: person.idNumber, applicantPhone: person.phone, applicantEmail: person.email,
                    applicantAddress: person.address, componentsJSON: procedure.componentsJSON, receivedAt: life.receivedAt,
                    appointmentAt: life.appointmentAt, originalAppointmentAt: life.originalAppointmentAt, resolvedAt: life.resolvedAt,
                    returnedAt: life.returnedAt, wasAccepted: life.wasAccepted, rescheduled: life.rescheduled, stepIndex: life.stepIndex,
                    currentUnit: life.currentUnit, timeliness: life.timeliness?.rawValue, delivery: life.delivery?.rawValue,
                    postalTracking: life.postalTracking, createdByID: draft.channel == .online ? nil : receptionist.id,
                    updatedAt: life.updatedAt, statusAt: life.updatedAt,
                    supplementRequests: life.count(of: .requestSupplement), supplementsReceived: life.count(of: .supplement)))
                events.append(contentsOf: life.events)
                if batch.count >= options.transactionSize { try await flush() }
            }
        }
        if !batch.isEmpty { try await flush() }
        try await writing?.value

        if isSQLite {
            try await sql.raw("PRAGMA synchronous=NORMAL").run()
        }
        // The rows bypassed the per-change hooks: the report roll-ups and the sync feed's log catch up in one pass.
        try await DossierChangeRecorder.catchUp(on: db)
        // Fresh planner statistics: the report and lookup queries are planned on the new table sizes
        // (sampled on SQLite too, so that this takes seconds, not minutes).
        if isSQLite {
            try await sql.raw("PRAGMA analysis_limit=2000").run()
            try await sql.raw("ANALYZE dossiers").run()
        } else {
            // PostgreSQL also needs the visibility map set, or its index-only scans (statistics) visit every row.
            try await sql.raw("VACUUM (ANALYZE) dossiers").run()
        }
        try await sql.raw("ANALYZE dossier_events").run()
        return Progress(dossiers: done, events: eventCount, total: options.count, seconds: Date().timeIntervalSince(started))
    }

    /// How many dossiers each day receives: working days carry the load (more on Mondays and before Tết,
    /// less in the Tết month), days off only see online submissions. The counts add up to `count` exactly.
    private func dailyCounts(rng: inout SeededRandom) -> [(LocalDate, Int)] {
        let today = LocalDate(options.now)
        let first = LocalDate(year: today.year - options.years, month: today.month,
                              day: min(today.day, LocalDate.daysInMonth(year: today.year - options.years, month: today.month)))
        var days: [LocalDate] = []
        var day = first
        while day < today {
            days.append(day)
            day = day.adding(days: 1)
        }
        var tetByYear: [Int: LocalDate] = [:]
        func tet(_ year: Int) -> LocalDate {
            if let known = tetByYear[year] { return known }
            let value = LunarCalendar.tet(year: year)
            tetByYear[year] = value
            return value
        }
        let weights = days.map { day -> Double in
            guard calendar.isWorkingDay(day) else { return 0.06 }
            let weekday: Double = [1: 1.0, 2: 1.18, 3: 1.05, 4: 1.0, 5: 0.98, 6: 0.9, 7: 1.0][day.weekday] ?? 1
            // Days to the nearest Tết: positive before it, negative in the weeks after it.
            var toTet = LocalDate.daysBetween(day, tet(day.year))
            if toTet < -20 { toTet = LocalDate.daysBetween(day, tet(day.year + 1)) }
            let season: Double = (0...30).contains(toTet) ? 1.25 : ((-20)...(-1)).contains(toTet) ? 0.8 : 1.0
            return weekday * season * (0.9 + 0.2 * rng.unit())
        }
        let total = weights.reduce(0, +)
        var result: [(LocalDate, Int)] = []
        var running = 0.0, assigned = 0
        for (day, weight) in zip(days, weights) {
            running += weight
            let upTo = Int((Double(options.count) * running / total).rounded())
            result.append((day, upTo - assigned))
            assigned = upTo
        }
        if let last = result.indices.last { result[last].1 += options.count - assigned }
        return result
    }

    private func draft(on day: LocalDate, catalog: GeneratorCatalog, rng: inout SeededRandom) -> Draft {
        let working = calendar.isWorkingDay(day)
        let index: Int
        let channel: DossierChannel
        if !working, !catalog.onlineProcedures.isEmpty {
            index = catalog.onlineProcedures[catalog.onlineProcedure.pick(&rng)]
            channel = .online
        } else {
            index = catalog.anyProcedure.pick(&rng)
            let roll = rng.unit()
            if catalog.procedures[index].level >= 3 {
                channel = roll < 0.35 ? .online : (roll < 0.39 ? .post : .counter)
            } else {
                channel = roll < 0.08 ? .post : .counter
            }
        }
        let minute: Int
        if channel == .online || !working {
            minute = rng.int((6 * 60)...(23 * 60))
        } else if rng.chance(0.62) {
            minute = rng.int((7 * 60 + 30)...(11 * 60 + 30))
        } else {
            minute = rng.int((13 * 60)...(16 * 60 + 55))
        }
        let submittedAt = day.at(hour: 0, minute: 0).addingTimeInterval(TimeInterval(minute * 60 + rng.below(60)))
        return Draft(procedure: index, channel: channel, submittedAt: submittedAt)
    }

    static func pad4(_ value: Int) -> String {
        value < 10 ? "000\(value)" : value < 100 ? "00\(value)" : value < 1000 ? "0\(value)" : "\(value)"
    }

    private static func existingSequences(on sql: SQLDatabase) async throws -> [String: Int] {
        struct Row: Decodable { let agency_code: String; let day: String; let last_value: Int }
        let rows = try await sql.raw("SELECT agency_code, day, last_value FROM dossier_sequences").all(decoding: Row.self)
        return Dictionary(rows.map { ($0.agency_code + "|" + $0.day, $0.last_value) }, uniquingKeysWith: max)
    }

    /// The day counters move up to the last code written, so that intake later that day continues after it.
    private static func saveSequences(_ counters: [String: Int], on sql: SQLDatabase) async throws {
        struct Counter: BulkRow {
            static let table = "dossier_sequences"
            static let columns = ["agency_code", "day", "last_value"]
            let agency: String, day: String, value: Int
            func writeBinds(_ out: inout BulkBinds) { out.add(agency); out.add(day); out.add(value) }
        }
        let rows = counters.sorted { $0.key < $1.key }.map { entry -> Counter in
            let parts = entry.key.split(separator: "|")
            return Counter(agency: String(parts[0]), day: String(parts[1]), value: entry.value)
        }
        var start = 0
        while start < rows.count {
            let end = min(start + 500, rows.count)
            try await sql.raw("""
                \(BulkInsert(rows: rows[start..<end]))
                ON CONFLICT (agency_code, day) DO UPDATE SET last_value = CASE
                    WHEN excluded.last_value > dossier_sequences.last_value THEN excluded.last_value ELSE dossier_sequences.last_value END
                """).run()
            start = end
        }
    }
}
