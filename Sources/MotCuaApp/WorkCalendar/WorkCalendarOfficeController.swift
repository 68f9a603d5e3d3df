import Fluent
import MotCuaCore
import Vapor

/// `/van-phong/lich-cong-tac`: the office (clerks) drafts the week of its agency's leaders, a leader approves it, and
/// both keep it current afterwards — every change after publication is marked and reaches the subscribed calendars.
struct WorkCalendarOfficeController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        let office = routes.grouped("van-phong", "lich-cong-tac").grouped(RequireRole(.clerk, .leader))
        office.get(use: show)
        office.post(use: add)
        office.post("duyet", use: approve)
        office.get(":entry", use: editPage)
        office.post(":entry", use: saveEdit)
        office.post(":entry", "huy", use: cancel)
    }

    struct Choice: Encodable { let value: String; let label: String; let checked: Bool }
    /// What the entry form shows: what was typed (after a refusal), or the entry being edited, or a blank form.
    struct FormValues: Encodable {
        var formID = UUID().uuidString.lowercased()
        var date = "", from = "", to = "", content = "", place = "", chairOther = "", attendees = "", preparer = "", note = ""
        var chairOptions: [SelectOption] = []
        var participants: [Choice] = []
    }
    struct Page: Encodable {
        let title: String
        let page: PageContext
        let agencyName: String
        let agencyCode: String
        let calendar: WorkCalendarView
        let published: Bool
        let approvedText: String?
        let canApprove: Bool
        let previousURL: String
        let nextURL: String
        let publicURL: String
        let form: FormValues
        let notice: String?
        let error: String?
        let officeMode = true
    }
    struct EditPage: Encodable {
        let title: String
        let page: PageContext
        let entryID: String
        let backURL: String
        let published: Bool
        let form: FormValues
        let error: String?
    }

    private struct Office { let user: User; let agency: Agency; let agencyID: UUID; let officers: WorkScheduleForm.Officers }

    private func office(_ req: Request) async throws -> Office {
        let user = try req.requireUser()
        guard let agencyID = user.$agency.id, let agency = try await Agency.find(agencyID, on: req.db) else {
            throw AppError(.forbidden, "no_agency", "Tài khoản chưa thuộc cơ quan nào nên không soạn được lịch công tác.")
        }
        let users = try await User.query(on: req.db).filter(\.$agency.$id == agencyID).filter(\.$isActive == true).all()
        let officers = VietnameseCollation.sorted(users.filter { !$0.isCitizen }, by: \.fullName).map { (username: $0.username, fullName: $0.fullName) }
        return Office(user: user, agency: agency, agencyID: agencyID, officers: officers)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let office = try await office(req)
        let week = try WorkCalendarPublicController.week(req, default: LocalDate(req.now))
        return try await render(req, office, week: week, form: blankForm(office, day: week.monday, today: LocalDate(req.now)),
                                notice: req.takeNotice(), error: nil).encodeResponse(for: req)
    }

    private func blankForm(_ office: Office, day: LocalDate, today: LocalDate) -> FormValues {
        var form = FormValues()
        form.date = (day < today && ScheduleWeek(containing: day) == ScheduleWeek(containing: today) ? today : day).iso
        form.chairOptions = chairOptions(office, selected: nil)
        form.participants = office.officers.map { Choice(value: $0.username, label: $0.fullName, checked: false) }
        return form
    }

    private func chairOptions(_ office: Office, selected: String?) -> [SelectOption] {
        [SelectOption(value: "", label: "— Người khác (ghi ở ô bên dưới) —", selected: selected == nil)]
            + office.officers.map { SelectOption(value: $0.username, label: $0.fullName, selected: $0.username == selected) }
    }

    private func typed(_ form: PostedForm, _ office: Office) -> FormValues {
        func value(_ name: String, _ limit: Int = 1000) -> String { String((form.value(name) ?? "").prefix(limit)) }
        var values = FormValues()
        if let id = form.value("formID").flatMap(UUID.init(uuidString:)) { values.formID = id.uuidString.lowercased() }
        values.date = value("date", 10); values.from = value("from", 5); values.to = value("to", 5)
        values.content = value("content"); values.place = value("place", 200); values.chairOther = value("chairOther", 200)
        values.attendees = value("attendees"); values.preparer = value("preparer", 200); values.note = value("note", 300)
        let chair = form.value("chair")
        values.chairOptions = chairOptions(office, selected: chair.flatMap { $0.isEmpty ? nil : $0 })
        let picked = Set(form.values("participants").prefix(200))
        values.participants = office.officers.map { Choice(value: $0.username, label: $0.fullName, checked: picked.contains($0.username)) }
        return values
    }

    private func render(_ req: Request, _ office: Office, week: ScheduleWeek, form: FormValues, notice: String?, error: String?) async throws -> View {
        let service = WorkCalendarService(db: req.db)
        let approval = try await service.approval(agencyID: office.agencyID, week: week)
        let entries = try await service.entries(agencyID: office.agencyID, week: week)
        return try await req.view.render("WorkCalendar/office", Page(
            title: "Soạn lịch công tác", page: PageContext(req, forms: true), agencyName: office.agency.name, agencyCode: office.agency.code,
            calendar: WorkCalendarView(week: week, entries: entries, today: LocalDate(req.now), showsChanges: approval != nil),
            published: approval != nil,
            approvedText: approval.map { "Đã được \($0.approvedBy) duyệt và công bố lúc \(VietnameseFormat.dateTime($0.approvedAt))." },
            canApprove: office.user.has(.leader) && approval == nil && entries.contains { !$0.isCancelled },
            previousURL: "/van-phong/lich-cong-tac?ngay=\(week.previous.key)", nextURL: "/van-phong/lich-cong-tac?ngay=\(week.next.key)",
            publicURL: "/lich-cong-tac/\(office.agency.code)?ngay=\(week.key)",
            form: form, notice: notice, error: error))
    }

    @Sendable func add(req: Request) async throws -> Response {
        let office = try await office(req)
        let posted = try await PostedForm.read(req)
        let form: WorkScheduleForm
        do {
            form = try WorkScheduleForm.read(posted, officers: office.officers)
        } catch let error as AppError {
            let day = LocalDate(iso: posted.value("date") ?? "") ?? LocalDate(req.now)
            return try await render(req, office, week: ScheduleWeek(containing: day), form: typed(posted, office), notice: nil, error: error.reason)
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        let formID = posted.value("formID").flatMap(UUID.init(uuidString:))
        let author = office.user.fullName, agencyID = office.agencyID, now = req.now
        let (entry, outcome) = try await req.writeTransaction { db in
            try await WorkCalendarService(db: db).add(form, formID: formID, agencyID: agencyID, by: author, now: now)
        }
        let notice = outcome == .unchanged ? "Lịch này đã được thêm trước đó; không tạo bản thứ hai."
            : "Đã thêm lịch \(VietnameseFormat.dayWithWeekday(entry.startsAt)), \(VietnameseFormat.time(entry.startsAt))."
        return req.redirect(to: "/van-phong/lich-cong-tac", notice: notice, query: [URLQueryItem(name: "ngay", value: entry.weekStart)])
    }

    @Sendable func approve(req: Request) async throws -> Response {
        let office = try await office(req)
        guard office.user.has(.leader) else {
            throw AppError(.forbidden, "leader_only", "Chỉ lãnh đạo cơ quan được duyệt lịch công tác.")
        }
        let posted = try await PostedForm.read(req)
        guard let day = LocalDate(iso: posted.value("week") ?? ""), (2000...2100).contains(day.year) else {
            throw AppError(.unprocessableEntity, "invalid_week", "Không rõ tuần cần duyệt; hãy mở lại trang lịch công tác.")
        }
        let week = ScheduleWeek(containing: day)
        let agencyID = office.agencyID, leader = office.user.fullName, now = req.now
        let outcome: WorkCalendarService.Outcome
        do {
            outcome = try await req.writeTransaction { db in
                try await WorkCalendarService(db: db).approve(agencyID: agencyID, week: week, by: leader, now: now)
            }
        } catch let error as DatabaseError where error.isConstraintFailure {
            outcome = .unchanged
        }
        let notice = outcome == .unchanged ? "Lịch \(week.label.lowercased()) đã được duyệt trước đó."
            : "Đã duyệt và công bố lịch \(week.label.lowercased())."
        return req.redirect(to: "/van-phong/lich-cong-tac", notice: notice, query: [URLQueryItem(name: "ngay", value: week.key)])
    }

    private func entryID(_ req: Request) throws -> UUID {
        guard let id = req.parameters.get("entry").flatMap(UUID.init(uuidString:)) else {
            throw AppError.notFound("Không tìm thấy lịch công tác này.")
        }
        return id
    }

    @Sendable func editPage(req: Request) async throws -> View {
        let office = try await office(req)
        let id = try entryID(req)
        guard let entry = try await WorkScheduleEntry.find(id, on: req.db), entry.$agency.id == office.agencyID else {
            throw AppError.notFound("Không tìm thấy lịch công tác này trong lịch của cơ quan.")
        }
        let published = try await WorkScheduleWeek.query(on: req.db).filter(\.$agency.$id == office.agencyID)
            .filter(\.$weekStart == entry.weekStart).first() != nil
        var form = FormValues()
        form.date = LocalDate(entry.startsAt).iso
        form.from = VietnameseFormat.time(entry.startsAt)
        form.to = entry.endsAt.map(VietnameseFormat.time) ?? ""
        form.content = entry.content; form.place = entry.place
        form.chairOther = entry.chairUsername == nil ? entry.chair : ""
        form.attendees = entry.attendees; form.preparer = entry.preparer
        form.chairOptions = chairOptions(office, selected: entry.chairUsername)
        let picked = Set(entry.participantUsernames)
        form.participants = office.officers.map { Choice(value: $0.username, label: $0.fullName, checked: picked.contains($0.username)) }
        return try await renderEdit(req, entry: entry, published: published, form: form, error: nil)
    }

    private func renderEdit(_ req: Request, entry: WorkScheduleEntry, published: Bool, form: FormValues, error: String?) async throws -> View {
        try await req.view.render("WorkCalendar/edit", EditPage(
            title: "Sửa lịch công tác", page: PageContext(req, forms: true), entryID: entry.id?.uuidString.lowercased() ?? "",
            backURL: "/van-phong/lich-cong-tac?ngay=\(entry.weekStart)", published: published, form: form, error: error))
    }

    @Sendable func saveEdit(req: Request) async throws -> Response {
        let office = try await office(req)
        let id = try entryID(req)
        let posted = try await PostedForm.read(req)
        guard let entry = try await WorkScheduleEntry.find(id, on: req.db), entry.$agency.id == office.agencyID else {
            throw AppError.notFound("Không tìm thấy lịch công tác này trong lịch của cơ quan.")
        }
        let published = try await WorkScheduleWeek.query(on: req.db).filter(\.$agency.$id == office.agencyID)
            .filter(\.$weekStart == entry.weekStart).first() != nil
        let agencyID = office.agencyID, author = office.user.fullName, now = req.now
        do {
            let form = try WorkScheduleForm.read(posted, officers: office.officers)
            let (saved, outcome) = try await req.writeTransaction { db in
                try await WorkCalendarService(db: db).update(id, with: form, agencyID: agencyID, by: author, now: now)
            }
            let notice = outcome == .unchanged ? "Không có gì thay đổi." : published
                ? "Đã lưu thay đổi; lịch công khai ghi rõ lịch này đã được điều chỉnh." : "Đã lưu thay đổi."
            return req.redirect(to: "/van-phong/lich-cong-tac", notice: notice, query: [URLQueryItem(name: "ngay", value: saved.weekStart)])
        } catch let error as AppError where error.status == .unprocessableEntity || error.status == .conflict {
            return try await renderEdit(req, entry: entry, published: published, form: typed(posted, office), error: error.reason)
                .encodeResponse(status: error.status, for: req)
        }
    }

    @Sendable func cancel(req: Request) async throws -> Response {
        let office = try await office(req)
        let id = try entryID(req)
        let posted = try await PostedForm.read(req)
        let reason = try TextInput.clean(posted.value("reason"), TextRules.Field("reason", "Lý do hủy", maxCharacters: 300))
        let agencyID = office.agencyID, author = office.user.fullName, now = req.now
        let weekStart = try await WorkScheduleEntry.find(id, on: req.db).flatMap { $0.$agency.id == agencyID ? $0.weekStart : nil }
        let outcome = try await req.writeTransaction { db in
            try await WorkCalendarService(db: db).cancel(id, agencyID: agencyID, reason: reason, by: author, now: now)
        }
        let notice = outcome == .unchanged ? "Lịch này đã được hủy trước đó." : "Đã hủy lịch."
        return req.redirect(to: "/van-phong/lich-cong-tac", notice: notice,
                            query: weekStart.map { [URLQueryItem(name: "ngay", value: $0)] } ?? [])
    }
}
