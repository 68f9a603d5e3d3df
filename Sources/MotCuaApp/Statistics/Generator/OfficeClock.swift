import Foundation
import MotCuaCore

/// Instants that look like office work: on working days, between opening and closing, always after
/// the previous event of the same dossier.
struct OfficeClock: Sendable {
    let calendar: WorkingCalendar

    private var opening: Int { calendar.schedule.openingMinutes * 60 }
    private var closing: Int { calendar.schedule.closingMinutes * 60 }

    func day(_ instant: Date) -> LocalDate { LocalDate(instant) }

    /// A random instant on `day` during office hours and after `after`; nil when the day is off or already over.
    func onDay(_ day: LocalDate, after: Date?, rng: inout SeededRandom, latest: Date? = nil) -> Date? {
        guard calendar.isWorkingDay(day) else { return nil }
        let midnight = day.at(hour: 0, minute: 0)
        var low = midnight.addingTimeInterval(TimeInterval(opening))
        var high = midnight.addingTimeInterval(TimeInterval(closing - 60))
        if let after, after.addingTimeInterval(60) > low { low = after.addingTimeInterval(60) }
        if let latest, latest < high { high = latest }
        guard low < high else { return nil }
        return low.addingTimeInterval((high.timeIntervalSince(low) * rng.unit()).rounded())
    }

    /// `minutes` after `instant`, or — when that leaves office hours — early on the next working day.
    func soon(after instant: Date, minutes: ClosedRange<Int>, rng: inout SeededRandom) -> Date {
        let candidate = instant.addingTimeInterval(TimeInterval(rng.int(minutes) * 60 + rng.below(60)))
        if isOfficeTime(candidate) { return candidate }
        return morning(after: day(instant), rng: &rng)
    }

    /// Some time on the `n`-th working day after `instant` (the same day for 0, if it has time left).
    func workingDaysLater(_ instant: Date, _ n: Int, rng: inout SeededRandom) -> Date {
        let today = day(instant)
        if n == 0 {
            return onDay(today, after: instant, rng: &rng) ?? morning(after: today, rng: &rng)
        }
        let target = calendar.addingWorkingDays(n, to: today)
        return onDay(target, after: instant, rng: &rng) ?? morning(after: target, rng: &rng)
    }

    /// The first hour of the next working day after `day`.
    func morning(after day: LocalDate, rng: inout SeededRandom) -> Date {
        let next = calendar.nextWorkingDay(after: day)
        return next.at(hour: 0, minute: 0).addingTimeInterval(TimeInterval(opening + rng.below(60 * 60)))
    }

    func isOfficeTime(_ instant: Date) -> Bool {
        let day = day(instant)
        guard calendar.isWorkingDay(day) else { return false }
        let second = Int(instant.timeIntervalSince(day.at(hour: 0, minute: 0)))
        return second >= opening && second < closing
    }

    /// Instants for `count` events strictly between `start` and `end`, spread evenly and moved into office
    /// hours when the interval allows it.
    func spread(_ count: Int, between start: Date, and end: Date, rng: inout SeededRandom) -> [Date] {
        var result: [Date] = []
        var previous = start
        for index in 0..<count {
            let remaining = Double(count - index + 1)
            let span = end.timeIntervalSince(previous)
            var candidate = previous.addingTimeInterval(span / remaining * (0.6 + 0.8 * rng.unit()))
            if !isOfficeTime(candidate) {
                let next = morning(after: day(candidate).adding(days: calendar.isWorkingDay(day(candidate)) && candidate < openingTime(of: candidate) ? -1 : 0), rng: &rng)
                if next > previous && next < end { candidate = next }
            }
            if candidate <= previous || candidate >= end {
                candidate = previous.addingTimeInterval(max(1, span / remaining))
            }
            result.append(candidate)
            previous = candidate
        }
        return result
    }

    private func openingTime(of instant: Date) -> Date {
        day(instant).at(hour: 0, minute: 0).addingTimeInterval(TimeInterval(opening))
    }
}
