import Fluent
import Vapor
import MotCuaCore

/// The year's calendar as the regulation computes it, and the administrator's overrides on top.
struct AdminHolidayController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("lich-nghi", use: show)
        routes.post("lich-nghi", use: add)
        routes.post("lich-nghi", "xoa", use: remove)
    }

    struct Row: Encodable { let date: String; let weekday: String; let kind: String; let kindLabel: String; let name: String; let removable: Bool; let iso: String }
    struct Page: Encodable {
        let title: String
        let page: PageContext
        let year: Int
        let previousYear: Int
        let nextYear: Int
        let rows: [Row]
        let error: String?
        let notice: String?
        let formDate: String
        let formName: String
    }

    static func kindLabel(_ kind: HolidayKind) -> String {
        switch kind {
        case .holiday: return "Ngày lễ, Tết"
        case .compensatory: return "Nghỉ bù"
        case .overrideOff: return "Nghỉ theo quyết định"
        case .overrideWork: return "Làm việc theo quyết định"
        }
    }

    func render(_ req: Request, year: Int, error: String?, notice: String?, formDate: String = "", formName: String = "") async throws -> View {
        let overrides = try await CalendarService.overrides(on: req.db)
        let entries = PublicHolidays.entries(year: year, overrides: overrides, weekendDays: req.application.settings.schedule.weekendDays)
        let rows = entries.map { entry in
            Row(date: VietnameseFormat.day(entry.date),
                weekday: VietnameseFormat.weekdayName(entry.date.weekday), kind: entry.kind.rawValue, kindLabel: Self.kindLabel(entry.kind),
                name: entry.name, removable: entry.kind == .overrideOff || entry.kind == .overrideWork, iso: entry.date.iso)
        }
        return try await req.view.render("Admin/holidays", Page(
            title: "Lịch nghỉ lễ năm \(year)", page: PageContext(req), year: year, previousYear: year - 1, nextYear: year + 1,
            rows: rows, error: error, notice: notice, formDate: formDate, formName: formName))
    }

    static func year(_ req: Request) -> Int {
        if let year = req.query[Int.self, at: "nam"], (1900...2100).contains(year) { return year }
        return LocalDate(req.now).year
    }

    @Sendable func show(req: Request) async throws -> View {
        try await render(req, year: Self.year(req), error: nil, notice: req.takeNotice())
    }

    struct AddForm: Content { var date: String?; var kind: String?; var name: String? }

    @Sendable func add(req: Request) async throws -> Response {
        let form = try req.content.decode(AddForm.self)
        guard let date = LocalDate(iso: form.date ?? ""), (1900...2100).contains(date.year) else {
            return try await render(req, year: Self.year(req), error: "Ngày không hợp lệ. Vui lòng chọn một ngày (năm 1900–2100).", notice: nil,
                                    formDate: form.date ?? "", formName: form.name ?? "").encodeResponse(status: .unprocessableEntity, for: req)
        }
        let cleaned: String?
        do { cleaned = try TextInput.clean(form.name, TextInput.holidayName) } catch let error as AppError {
            return try await render(req, year: date.year, error: error.message, notice: nil, formDate: date.iso, formName: "")
                .encodeResponse(status: error.status, for: req)
        }
        let isDayOff = form.kind != "work"
        guard let name = cleaned else {
            return try await render(req, year: date.year, error: "Vui lòng ghi lý do hoặc căn cứ (ví dụ: số thông báo của Chính phủ).", notice: nil,
                                    formDate: date.iso, formName: "").encodeResponse(status: .unprocessableEntity, for: req)
        }
        try await req.writeTransaction { db in
            if let existing = try await CalendarOverrideRecord.query(on: db).filter(\.$date == date.iso).first() {
                var changes = AuditChanges()
                changes.field("Loại", Self.dayLabel(existing.isDayOff), Self.dayLabel(isDayOff))
                changes.field("Lý do", existing.name, name)
                existing.isDayOff = isDayOff
                existing.name = name
                try await existing.save(on: db)
                if !changes.isEmpty { try await req.audit(.holidaySet, target: date.iso, changes.summary, on: db) }
            } else {
                try await CalendarOverrideRecord(date: date, isDayOff: isDayOff, name: name).create(on: db)
                try await req.audit(.holidaySet, target: date.iso, "Ghi \(Self.dayLabel(isDayOff)); Lý do: \(AuditChanges.quoted(name))", on: db)
            }
        }
        let notice = "Đã ghi \(isDayOff ? "ngày nghỉ" : "ngày làm việc") \(VietnameseFormat.day(date)). Mọi hạn xử lý tính từ nay dùng lịch mới."
        return req.redirect(to: "/quan-tri/lich-nghi", notice: notice, query: [URLQueryItem(name: "nam", value: "\(date.year)")])
    }

    static func dayLabel(_ isDayOff: Bool) -> String { isDayOff ? "ngày nghỉ" : "ngày làm việc" }

    struct RemoveForm: Content { var date: String? }

    @Sendable func remove(req: Request) async throws -> Response {
        let form = try req.content.decode(RemoveForm.self)
        guard let date = LocalDate(iso: form.date ?? "") else { throw AppError.badRequest("invalid_date", "Ngày không hợp lệ.") }
        try await req.writeTransaction { db in
            guard let existing = try await CalendarOverrideRecord.query(on: db).filter(\.$date == date.iso).first() else { return }
            try await existing.delete(on: db)
            try await req.audit(.holidayRemove, target: date.iso,
                                "Bỏ \(existing.isDayOff ? "ngày nghỉ" : "ngày làm việc") theo quyết định; Lý do cũ: \(AuditChanges.quoted(existing.name))", on: db)
        }
        return req.redirect(to: "/quan-tri/lich-nghi", notice: "Đã bỏ điều chỉnh ngày \(VietnameseFormat.day(date)).", query: [URLQueryItem(name: "nam", value: "\(date.year)")])
    }
}
