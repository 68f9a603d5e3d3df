import Foundation

/// Working days and deadlines of one office (DOMAIN.md §4). All times are Vietnam time.
///
/// Cheap to create (the default holidays are shared per weekend pattern), so one can be
/// built per request with that year's overrides.
public struct WorkingCalendar: Sendable {
    public let schedule: OfficeSchedule
    /// Day number → is a day off; the last override given for a date wins.
    private let overrides: [Int: Bool]
    private let table: HolidayTable

    public init(schedule: OfficeSchedule = .standard, overrides: [CalendarOverride] = []) {
        precondition(schedule.weekendDays.count < 7, "a calendar needs at least one working weekday")
        precondition(schedule.weekendDays.allSatisfy { (1...7).contains($0) }, "weekdays are 1…7")
        self.schedule = schedule
        var map: [Int: Bool] = [:]
        for o in overrides { map[o.date.dayNumber] = o.isDayOff }
        self.overrides = map
        self.table = HolidayTable.forWeekendMask(schedule.weekendDays.reduce(0) { $0 | (1 << $1) })
    }

    public func isWorkingDay(_ day: LocalDate) -> Bool {
        isWorkingDay(dayNumber: day.dayNumber)
    }

    func isWorkingDay(dayNumber: Int) -> Bool {
        if !overrides.isEmpty, let isDayOff = overrides[dayNumber] { return !isDayOff }
        return !table.isDayOff(dayNumber: dayNumber)
    }

    public func nextWorkingDay(after day: LocalDate) -> LocalDate {
        LocalDate(dayNumber: nextWorkingDay(after: day.dayNumber))
    }

    public func previousWorkingDay(before day: LocalDate) -> LocalDate {
        LocalDate(dayNumber: stepWorkingDays(-1, from: day.dayNumber))
    }

    private func nextWorkingDay(after dayNumber: Int) -> Int {
        var d = dayNumber + 1
        while !isWorkingDay(dayNumber: d) { d += 1 }
        return d
    }

    private func stepWorkingDays(_ n: Int, from dayNumber: Int) -> Int {
        var d = dayNumber
        let step = n >= 0 ? 1 : -1
        for _ in 0..<abs(n) {
            d += step
            while !isWorkingDay(dayNumber: d) { d += step }
        }
        return d
    }

    /// The day a receipt counts as received: the same day if it is a working day and the
    /// receipt is at or before the cut-off (Decree 61 Art. 18: "sau 15 giờ" moves it),
    /// otherwise the next working day.
    public func effectiveReceiptDay(for receivedAt: Date) -> LocalDate {
        LocalDate(dayNumber: effectiveReceiptDayNumber(for: receivedAt))
    }

    private func effectiveReceiptDayNumber(for receivedAt: Date) -> Int {
        let local = Int(receivedAt.timeIntervalSince1970.rounded(.down)) + 7 * 3600
        let dayNumber = LocalDate.floorDiv(local, 86_400)
        let secondOfDay = local - dayNumber * 86_400
        if isWorkingDay(dayNumber: dayNumber), secondOfDay <= schedule.cutoffMinutes * 60 {
            return dayNumber
        }
        return nextWorkingDay(after: dayNumber)
    }

    /// The appointment ("ngày hẹn trả kết quả"): close of office on the last counted day.
    ///
    /// The receipt day itself is not counted (Civil Code Art. 147). In working days, the N-th
    /// working day after the effective receipt day; N = 0 gives that day itself. In calendar
    /// days, N days after the effective receipt day, moved to the next working day when that
    /// day is a day off (Art. 148).
    public func appointment(receivedAt: Date, days: Int, unit: ProcessingTimeUnit = .workingDays) -> Date {
        precondition(days >= 0, "processing time cannot be negative")
        let receipt = effectiveReceiptDayNumber(for: receivedAt)
        let last: Int
        switch unit {
        case .workingDays:
            last = stepWorkingDays(days, from: receipt)
        case .calendarDays:
            let end = receipt + days
            last = isWorkingDay(dayNumber: end) ? end : nextWorkingDay(after: end)
        }
        return closing(dayNumber: last)
    }

    /// Close of office hours on `day`, Vietnam time.
    public func closing(of day: LocalDate) -> Date {
        closing(dayNumber: day.dayNumber)
    }

    private func closing(dayNumber: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(dayNumber * 86_400 + schedule.closingMinutes * 60 - 7 * 3600))
    }

    /// The n-th working day after `day` (before it when n is negative); `day` itself for 0.
    public func addingWorkingDays(_ n: Int, to day: LocalDate) -> LocalDate {
        LocalDate(dayNumber: stepWorkingDays(n, from: day.dayNumber))
    }

    /// Number of working days in (from, to]; negative (minus those in (to, from]) when to < from.
    public func workingDays(from: LocalDate, to: LocalDate) -> Int {
        let a = from.dayNumber, b = to.dayNumber
        if b < a { return -workingDays(from: to, to: from) }
        var count = 0
        for d in stride(from: a + 1, through: b, by: 1) where isWorkingDay(dayNumber: d) { count += 1 }
        return count
    }
}
