import Foundation
import MotCuaCore
import Vapor

/// The week as both the public page and the office's page show it: one block per day, entries in time order.
struct WorkCalendarView: Encodable {
    struct Entry: Encodable {
        let id: String
        let time: String
        let content: String
        let place: String
        let chair: String
        let attendees: String
        let preparer: String
        let cancelled: Bool
        /// "Điều chỉnh lúc 10:15 ngày 02/12/2026: …", shown once the week is public.
        let changeMark: String?
    }
    struct Day: Encodable {
        let label: String
        let iso: String
        let isToday: Bool
        let entries: [Entry]
    }

    let weekLabel: String
    let weekKey: String
    let days: [Day]
    let isEmpty: Bool

    init(week: ScheduleWeek, entries: [WorkScheduleEntry], today: LocalDate, showsChanges: Bool) {
        weekLabel = week.label
        weekKey = week.key
        var byDay: [LocalDate: [Entry]] = [:]
        for entry in entries {
            let day = LocalDate(entry.startsAt)
            let time = entry.endsAt.map { "\(VietnameseFormat.time(entry.startsAt)) – \(VietnameseFormat.time($0))" }
                ?? VietnameseFormat.time(entry.startsAt)
            var mark: String? = nil
            if showsChanges, let changed = entry.changedAfterPublicationAt {
                let what = entry.isCancelled ? "Đã hủy lúc" : "Điều chỉnh lúc"
                mark = "\(what) \(VietnameseFormat.dateTime(changed))" + (entry.changeNote.map { ": \($0)" } ?? ".")
            }
            byDay[day, default: []].append(Entry(
                id: entry.id?.uuidString.lowercased() ?? "", time: time, content: entry.content, place: entry.place,
                chair: entry.chair, attendees: entry.attendees, preparer: entry.preparer, cancelled: entry.isCancelled,
                changeMark: mark))
        }
        // Weekdays always appear (an empty day is information); Saturday and Sunday only when something is planned.
        days = week.days.compactMap { day in
            let items = byDay[day] ?? []
            if items.isEmpty, day.weekday == 1 || day.weekday == 7 { return nil }
            return Day(label: "\(VietnameseFormat.weekdayName(day.weekday)), \(VietnameseFormat.day(day))", iso: day.iso,
                       isToday: day == today, entries: items)
        }
        isEmpty = entries.isEmpty
    }
}
