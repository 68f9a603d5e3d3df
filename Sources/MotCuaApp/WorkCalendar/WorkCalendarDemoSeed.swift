import Fluent
import Foundation
import MotCuaCore

/// Đà Lạt's leaders' calendar for this week and next, approved: what a visitor of the demo sees on
/// `/lich-cong-tac/000.00.21.H36`, with one engagement moved after publication and one cancelled.
enum WorkCalendarDemoSeed {
    private struct Item {
        let weekOffset: Int, weekday: Int, from: (Int, Int), to: (Int, Int)?
        let content: String, place: String, chair: String, chairUsername: String?, attendees: String, preparer: String
        var changeNote: String? = nil
        var cancelled = false
    }

    private static let townHall = "Phòng họp số 1, UBND thành phố Đà Lạt (số 1 Quang Trung)"
    private static let chairman = "Chủ tịch UBND thành phố Nguyễn Văn Sơn"
    private static let deputy = "Phó Chủ tịch UBND thành phố Trần Thị Hồng"

    /// weekday: 0 = Monday … 4 = Friday.
    private static let items: [Item] = [
        Item(weekOffset: 0, weekday: 0, from: (7, 30), to: (9, 0), content: "Giao ban lãnh đạo UBND thành phố đầu tuần",
             place: townHall, chair: chairman, chairUsername: nil, attendees: "Các Phó Chủ tịch UBND thành phố; Chánh Văn phòng HĐND và UBND thành phố",
             preparer: "Văn phòng HĐND và UBND thành phố"),
        Item(weekOffset: 0, weekday: 1, from: (8, 0), to: (11, 0), content: "Tiếp công dân định kỳ",
             place: "Trụ sở Tiếp công dân thành phố (số 36 Trần Phú)", chair: chairman, chairUsername: nil,
             attendees: "Thanh tra thành phố; Phòng Tài nguyên và Môi trường; Ban Tiếp công dân", preparer: "Ban Tiếp công dân thành phố"),
        Item(weekOffset: 0, weekday: 2, from: (14, 0), to: (16, 30), content: "Họp nghe báo cáo tiến độ giải quyết hồ sơ thủ tục hành chính tại Bộ phận Một cửa",
             place: townHall, chair: "Phạm Quốc Hùng", chairUsername: "lanhdao",
             attendees: "Bộ phận Tiếp nhận và Trả kết quả; Trưởng các phòng chuyên môn có hồ sơ trễ hạn", preparer: "Văn phòng HĐND và UBND thành phố",
             changeNote: "Dời từ 08:00 sang 14:00 do trùng lịch họp của UBND tỉnh."),
        Item(weekOffset: 0, weekday: 3, from: (8, 0), to: nil, content: "Kiểm tra thực địa công trình chỉnh trang hồ Xuân Hương",
             place: "Tập trung tại UBND thành phố, đi thực địa", chair: deputy, chairUsername: nil,
             attendees: "Phòng Quản lý đô thị; Ban Quản lý dự án đầu tư xây dựng thành phố", preparer: "Phòng Quản lý đô thị"),
        Item(weekOffset: 0, weekday: 4, from: (14, 0), to: (17, 0), content: "Họp Ban Chỉ đạo cải cách hành chính thành phố",
             place: townHall, chair: "Phạm Quốc Hùng", chairUsername: "lanhdao", attendees: "Thành viên Ban Chỉ đạo", preparer: "Phòng Nội vụ"),
        Item(weekOffset: 1, weekday: 0, from: (7, 30), to: (9, 0), content: "Giao ban lãnh đạo UBND thành phố đầu tuần",
             place: townHall, chair: chairman, chairUsername: nil, attendees: "Các Phó Chủ tịch UBND thành phố; Chánh Văn phòng HĐND và UBND thành phố",
             preparer: "Văn phòng HĐND và UBND thành phố"),
        Item(weekOffset: 1, weekday: 1, from: (8, 30), to: (11, 30), content: "Làm việc với Sở Kế hoạch và Đầu tư về thủ tục đăng ký doanh nghiệp trực tuyến",
             place: "Sở Kế hoạch và Đầu tư tỉnh Lâm Đồng", chair: "Phạm Quốc Hùng", chairUsername: "lanhdao",
             attendees: "Phòng Tài chính – Kế hoạch; Bộ phận Một cửa", preparer: "Phòng Tài chính – Kế hoạch"),
        Item(weekOffset: 1, weekday: 2, from: (14, 0), to: (16, 0), content: "Đối thoại với doanh nghiệp về thủ tục đất đai",
             place: "Hội trường UBND thành phố", chair: deputy, chairUsername: nil, attendees: "Hiệp hội doanh nghiệp thành phố; Phòng Tài nguyên và Môi trường",
             preparer: "Phòng Tài nguyên và Môi trường", changeNote: "Hoãn, sẽ bố trí lại sau khi có ý kiến của UBND tỉnh.", cancelled: true),
        Item(weekOffset: 1, weekday: 3, from: (8, 0), to: (11, 0), content: "Tiếp công dân định kỳ",
             place: "Trụ sở Tiếp công dân thành phố (số 36 Trần Phú)", chair: deputy, chairUsername: nil,
             attendees: "Thanh tra thành phố; Ban Tiếp công dân", preparer: "Ban Tiếp công dân thành phố"),
        Item(weekOffset: 1, weekday: 4, from: (9, 0), to: (11, 0), content: "Sơ kết công tác chuyển đổi số quý IV",
             place: townHall, chair: "Phạm Quốc Hùng", chairUsername: "lanhdao", attendees: "Trưởng các phòng, ban; Chủ tịch UBND các phường, xã",
             preparer: "Phòng Văn hóa và Thông tin"),
    ]

    static func run(on db: Database, now: Date) async throws {
        guard let agency = try await Agency.query(on: db).filter(\.$code == DemoSeed.homeAgencyCode).first(), let agencyID = agency.id else { return }
        let thisWeek = ScheduleWeek(now)
        let approvedAt = thisWeek.monday.adding(days: -3).at(hour: 16, minute: 0)
        for offset in 0...1 {
            let week = ScheduleWeek(containing: thisWeek.monday.adding(days: 7 * offset))
            try await WorkScheduleWeek(agencyID: agencyID, weekStart: week.key, approvedAt: approvedAt, approvedBy: "Phạm Quốc Hùng").create(on: db)
        }
        for item in items {
            let day = thisWeek.monday.adding(days: 7 * item.weekOffset + item.weekday)
            let entry = WorkScheduleEntry()
            entry.$agency.id = agencyID
            entry.weekStart = ScheduleWeek(containing: day).key
            entry.startsAt = day.at(hour: item.from.0, minute: item.from.1)
            entry.endsAt = item.to.map { day.at(hour: $0.0, minute: $0.1) }
            entry.content = item.content
            entry.place = item.place
            entry.chair = item.chair
            entry.chairUsername = item.chairUsername
            entry.attendees = item.attendees
            entry.preparer = item.preparer
            entry.participantUsernamesValue = item.chairUsername == nil ? "" : WorkScheduleEntry.participantsValue(["vanthu"])
            entry.statusValue = (item.cancelled ? WorkScheduleEntry.Status.cancelled : .confirmed).rawValue
            entry.createdAt = approvedAt.addingTimeInterval(-3600)
            entry.updatedBy = "Đỗ Thị Lan"
            if let note = item.changeNote {
                let changedAt = min(now, approvedAt.addingTimeInterval(86_400))
                entry.sequence = 1
                entry.changedAfterPublicationAt = changedAt
                entry.changeNote = note
                entry.updatedAt = changedAt
            } else {
                entry.sequence = 0
                entry.updatedAt = entry.createdAt
            }
            try await entry.create(on: db)
        }
    }
}
