import Foundation
import MotCuaCore
import Vapor

/// What the office types for one calendar entry, checked as a whole so that every problem is told at once.
struct WorkScheduleForm: Sendable, Equatable {
    var day: LocalDate
    var startsAt: Date
    var endsAt: Date?
    var content: String
    var place: String
    var chair: String
    var chairUsername: String?
    var attendees: String
    var preparer: String
    var participants: [String]
    var note: String?

    static let contentField = TextRules.Field("content", "Nội dung", maxCharacters: 1000, multiline: true)
    static let placeField = TextRules.Field("place", "Địa điểm", maxCharacters: 200)
    static let chairField = TextRules.Field("chairOther", "Người chủ trì", maxCharacters: 200)
    static let attendeesField = TextRules.Field("attendees", "Thành phần", maxCharacters: 1000, multiline: true)
    static let preparerField = TextRules.Field("preparer", "Đơn vị chuẩn bị", maxCharacters: 200)
    static let noteField = TextRules.Field("note", "Lý do thay đổi", maxCharacters: 300)

    /// The officers of the agency who may chair or take part: username → full name.
    typealias Officers = [(username: String, fullName: String)]

    /// Reads and checks the posted form; throws a 422 naming every problem.
    static func read(_ form: PostedForm, officers: Officers) throws -> WorkScheduleForm {
        var checks = TextInput.Checks()
        let dayText = (form.value("date") ?? "").trimmingCharacters(in: .whitespaces)
        let day = LocalDate(iso: dayText).flatMap { (2000...2100).contains($0.year) ? $0 : nil }
        if day == nil { checks.add(problem("date", "Vui lòng chọn ngày (dạng năm-tháng-ngày).")) }
        let start = TimeOfDay.minutes(form.value("from")?.trimmingCharacters(in: .whitespaces))
        if start == nil { checks.add(problem("from", "Giờ bắt đầu phải dạng GG:PP, ví dụ 07:30.")) }
        let endText = (form.value("to") ?? "").trimmingCharacters(in: .whitespaces)
        var end: Int? = nil
        if !endText.isEmpty {
            end = TimeOfDay.minutes(endText)
            if end == nil { checks.add(problem("to", "Giờ kết thúc phải dạng GG:PP, hoặc để trống.")) }
            else if let start, let end, end <= start { checks.add(problem("to", "Giờ kết thúc phải sau giờ bắt đầu.")) }
        }
        let content = checks.clean(form.value("content"), contentField)
        if content == nil, checks.problems.allSatisfy({ $0.field != "content" }) { checks.add(problem("content", "Vui lòng ghi nội dung công việc.")) }
        let place = checks.clean(form.value("place"), placeField)
        if place == nil, checks.problems.allSatisfy({ $0.field != "place" }) { checks.add(problem("place", "Vui lòng ghi địa điểm.")) }
        let chosen = (form.value("chair") ?? "").trimmingCharacters(in: .whitespaces)
        let other = checks.clean(form.value("chairOther"), chairField)
        var chair = other ?? ""
        var chairUsername: String? = nil
        if !chosen.isEmpty {
            if let officer = officers.first(where: { $0.username == chosen }) {
                chair = officer.fullName
                chairUsername = officer.username
            } else {
                checks.add(problem("chair", "Người chủ trì được chọn không phải cán bộ của cơ quan."))
            }
        } else if other == nil, checks.problems.allSatisfy({ $0.field != "chairOther" }) {
            checks.add(problem("chair", "Chọn người chủ trì, hoặc ghi tên người chủ trì khác."))
        }
        let attendees = checks.clean(form.value("attendees"), attendeesField) ?? ""
        let preparer = checks.clean(form.value("preparer"), preparerField) ?? ""
        let note = checks.clean(form.value("note"), noteField)
        let known = Set(officers.map(\.username))
        let picked = form.values("participants")
        if picked.count > 200 { checks.add(problem("participants", "Chọn quá nhiều cán bộ tham dự.")) }
        var participants: [String] = []
        for username in picked.prefix(200) where known.contains(username) && !participants.contains(username) {
            participants.append(username)
        }
        try checks.finish()
        guard let day, let start, let content, let place else {
            throw AppError(.unprocessableEntity, "invalid_schedule", "Thông tin lịch công tác chưa đầy đủ.")
        }
        return WorkScheduleForm(
            day: day, startsAt: day.at(hour: start / 60, minute: start % 60),
            endsAt: end.map { day.at(hour: $0 / 60, minute: $0 % 60) },
            content: content, place: place, chair: chair, chairUsername: chairUsername, attendees: attendees,
            preparer: preparer, participants: participants, note: note)
    }

    private static func problem(_ field: String, _ message: String) -> ValidationFailure {
        ValidationFailure(field: field, code: "invalid_schedule", message: message)
    }

    /// Whether `entry` already says what this form says (a second click, a retry): then nothing changes.
    func matches(_ entry: WorkScheduleEntry) -> Bool {
        entry.startsAt == startsAt && entry.endsAt == endsAt && entry.content == content && entry.place == place
            && entry.chair == chair && entry.chairUsername == chairUsername && entry.attendees == attendees
            && entry.preparer == preparer && entry.participantUsernames == participants
    }

    func apply(to entry: WorkScheduleEntry) {
        entry.weekStart = ScheduleWeek(containing: day).key
        entry.startsAt = startsAt
        entry.endsAt = endsAt
        entry.content = content
        entry.place = place
        entry.chair = chair
        entry.chairUsername = chairUsername
        entry.attendees = attendees
        entry.preparer = preparer
        entry.participantUsernamesValue = WorkScheduleEntry.participantsValue(participants)
    }
}
