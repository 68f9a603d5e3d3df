import Fluent
import Vapor

/// Drafting, approving and reading agencies' work calendars. Only approved weeks are public; an entry changed or
/// cancelled after its week was published keeps its UID, gets a higher SEQUENCE and is marked as changed.
/// Writers call it inside `req.writeTransaction`, so each change is one transaction through the write gate.
struct WorkCalendarService {
    let db: Database

    enum Outcome { case created, unchanged, changed }

    func approval(agencyID: UUID, week: ScheduleWeek) async throws -> WorkScheduleWeek? {
        try await WorkScheduleWeek.query(on: db).filter(\.$agency.$id == agencyID).filter(\.$weekStart == week.key).first()
    }

    /// Every entry of a week, cancelled ones included (the page strikes them out), in time order.
    func entries(agencyID: UUID, week: ScheduleWeek) async throws -> [WorkScheduleEntry] {
        try await WorkScheduleEntry.query(on: db).filter(\.$agency.$id == agencyID).filter(\.$weekStart == week.key)
            .sort(\.$startsAt).sort(\.$createdAt).all()
    }

    /// What the feeds publish: entries of approved weeks from `from` on, at most `limit` of them.
    func publishedEntries(agencyID: UUID? = nil, officer username: String? = nil, from: Date, limit: Int = 2000) async throws -> [WorkScheduleEntry] {
        var query = WorkScheduleEntry.query(on: db).filter(\.$startsAt >= from)
        if let agencyID { query = query.filter(\.$agency.$id == agencyID) }
        if let username {
            query = query.group(.or) { either in
                either.filter(\.$chairUsername == username)
                either.filter(\.$participantUsernamesValue, .contains(inverse: false, .anywhere), "," + username + ",")
            }
        }
        let candidates = try await query.sort(\.$startsAt).limit(limit * 2).all()
        guard !candidates.isEmpty else { return [] }
        let weekKeys = Set(candidates.map(\.weekStart))
        let approved = try await WorkScheduleWeek.query(on: db).filter(\.$weekStart ~~ Array(weekKeys)).all()
        let published = Set(approved.map { "\($0.$agency.id)|\($0.weekStart)" })
        return Array(candidates.filter { published.contains("\($0.$agency.id)|\($0.weekStart)") }.prefix(limit))
    }

    /// Adds an entry under the id the form was rendered with: the same form sent twice adds it once; a form changed
    /// after it was sent (Back, edit, send) is a new entry.
    func add(_ form: WorkScheduleForm, formID: UUID?, agencyID: UUID, by author: String, now: Date) async throws -> (WorkScheduleEntry, Outcome) {
        let week = ScheduleWeek(containing: form.day)
        let published = try await approval(agencyID: agencyID, week: week) != nil
        do {
            if let formID, let existing = try await WorkScheduleEntry.find(formID, on: db), existing.$agency.id == agencyID,
               form.matches(existing) {
                return (existing, .unchanged)
            }
            let reuseID = try await formID.asyncFlatMap { try await WorkScheduleEntry.find($0, on: db) == nil ? $0 : nil }
            let entry = WorkScheduleEntry()
            entry.id = reuseID ?? UUID()
            entry.$agency.id = agencyID
            form.apply(to: entry)
            entry.statusValue = WorkScheduleEntry.Status.confirmed.rawValue
            entry.sequence = 0
            entry.createdAt = now
            entry.updatedAt = now
            entry.updatedBy = author
            if published {
                entry.changedAfterPublicationAt = now
                entry.changeNote = form.note ?? "Bổ sung sau khi lịch đã công bố."
            }
            try await entry.create(on: db)
            return (entry, .created)
        }
    }

    func update(_ entryID: UUID, with form: WorkScheduleForm, agencyID: UUID, by author: String, now: Date) async throws -> (WorkScheduleEntry, Outcome) {
        do {
            let entry = try await Self.entry(entryID, agencyID: agencyID, on: db)
            guard !entry.isCancelled else {
                throw AppError(.conflict, "schedule_cancelled", "Lịch này đã bị hủy; hãy thêm một lịch mới nếu công việc được tổ chức lại.")
            }
            if form.matches(entry) { return (entry, .unchanged) }
            let published = try await WorkScheduleWeek.query(on: db).filter(\.$agency.$id == agencyID)
                .filter(\.$weekStart == entry.weekStart).first() != nil
            let newWeek = ScheduleWeek(containing: form.day).key
            if published, newWeek != entry.weekStart {
                throw AppError(.conflict, "schedule_moves_week",
                               "Lịch đã công bố chỉ được dời trong cùng tuần. Để chuyển sang tuần khác, hãy hủy lịch này và thêm lịch mới ở tuần đó.")
            }
            form.apply(to: entry)
            entry.updatedAt = now
            entry.updatedBy = author
            if published {
                entry.sequence += 1
                entry.changedAfterPublicationAt = now
                entry.changeNote = form.note ?? "Điều chỉnh sau khi lịch đã công bố."
            }
            try await entry.save(on: db)
            return (entry, .changed)
        }
    }

    /// A draft entry is simply removed; a published one stays, cancelled, so that subscribers strike it out.
    func cancel(_ entryID: UUID, agencyID: UUID, reason: String?, by author: String, now: Date) async throws -> Outcome {
        do {
            let entry = try await Self.entry(entryID, agencyID: agencyID, on: db)
            if entry.isCancelled { return .unchanged }
            let published = try await WorkScheduleWeek.query(on: db).filter(\.$agency.$id == agencyID)
                .filter(\.$weekStart == entry.weekStart).first() != nil
            guard published else {
                try await entry.delete(on: db)
                return .changed
            }
            entry.statusValue = WorkScheduleEntry.Status.cancelled.rawValue
            entry.sequence += 1
            entry.changedAfterPublicationAt = now
            entry.changeNote = reason ?? "Hủy lịch."
            entry.updatedAt = now
            entry.updatedBy = author
            try await entry.save(on: db)
            return .changed
        }
    }

    /// A leader approves the week: from then on it is public. Approving twice is harmless (two leaders at the same
    /// moment: the unique key refuses the second row, which the caller reads as "already approved").
    func approve(agencyID: UUID, week: ScheduleWeek, by leader: String, now: Date) async throws -> Outcome {
        if try await approval(agencyID: agencyID, week: week) != nil { return .unchanged }
        let live = try await WorkScheduleEntry.query(on: db).filter(\.$agency.$id == agencyID).filter(\.$weekStart == week.key)
            .filter(\.$statusValue == WorkScheduleEntry.Status.confirmed.rawValue).count()
        guard live > 0 else {
            throw AppError(.conflict, "schedule_empty", "Tuần này chưa có lịch nào để duyệt.")
        }
        try await WorkScheduleWeek(agencyID: agencyID, weekStart: week.key, approvedAt: now, approvedBy: leader).create(on: db)
        return .created
    }

    private static func entry(_ id: UUID, agencyID: UUID, on db: Database) async throws -> WorkScheduleEntry {
        guard let entry = try await WorkScheduleEntry.find(id, on: db), entry.$agency.id == agencyID else {
            throw AppError.notFound("Không tìm thấy lịch công tác này trong lịch của cơ quan.")
        }
        return entry
    }
}

private extension Optional {
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
