import Fluent
import MotCuaCore
import Vapor

/// The public work calendars: `/lich-cong-tac` (which agencies publish one), `/lich-cong-tac/{agency code}` (a week,
/// printable), `/lich-cong-tac/{agency code}.ics` and `/lich-cong-tac/can-bo/{username}.ics` (iCalendar feeds).
struct WorkCalendarPublicController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("lich-cong-tac", use: index)
        routes.get("lich-cong-tac", "can-bo", ":file", use: officerFeed)
        routes.get("lich-cong-tac", ":agency", use: agencyPage)
    }

    /// How far back the feeds reach: a subscriber sees the recent past and everything planned.
    static let feedHistoryDays = 90

    struct AgencyLink: Encodable { let name: String; let url: String }
    struct IndexPage: Encodable { let title: String; let page: PageContext; let agencies: [AgencyLink] }

    @Sendable func index(req: Request) async throws -> View {
        // One row per agency, not one per approved week (a row a week, for years, per agency).
        let agencyIDs = Set(try await WorkScheduleWeek.query(on: req.db).field(\.$agency.$id).unique().all(\.$agency.$id))
        let agencies = agencyIDs.isEmpty ? [] : try await Agency.query(on: req.db).filter(\.$id ~~ Array(agencyIDs)).all()
        let links = VietnameseCollation.sorted(agencies, by: \.name)
            .map { AgencyLink(name: $0.name, url: "/lich-cong-tac/\($0.code)") }
        return try await req.view.render("WorkCalendar/index", IndexPage(title: "Lịch công tác", page: PageContext(req), agencies: links))
    }

    struct FeedLink: Encodable { let name: String; let url: String }
    struct WeekPage: Encodable {
        let title: String
        let page: PageContext
        let agencyName: String
        let agencyCode: String
        let dateLine: String
        let published: Bool
        let approvedText: String?
        let calendar: WorkCalendarView
        let previousURL: String
        let nextURL: String
        let thisWeekURL: String?
        let feedURL: String
        let officerFeeds: [FeedLink]
        let canEdit: Bool
        let officeMode = false
    }

    @Sendable func agencyPage(req: Request) async throws -> Response {
        let raw = req.parameters.get("agency") ?? ""
        if raw.hasSuffix(".ics") {
            return try await agencyFeed(req, code: String(raw.dropLast(4)))
        }
        let agency = try await Self.agency(code: raw, on: req.db)
        let agencyID = try agency.requireID()
        let today = LocalDate(req.now)
        let week = try Self.week(req, default: today)
        let service = WorkCalendarService(db: req.db)
        let approval = try await service.approval(agencyID: agencyID, week: week)
        let entries = approval == nil ? [] : try await service.entries(agencyID: agencyID, week: week)
        let chairs = Set(entries.compactMap(\.chairUsername))
        let chairUsers = chairs.isEmpty ? [] : try await User.query(on: req.db).filter(\.$username ~~ Array(chairs)).sort(\.$fullName).all()
        let user = req.auth.get(User.self)
        let canEdit = user.map { $0.$agency.id == agencyID && $0.hasAny(.clerk, .leader) } ?? false
        let base = "/lich-cong-tac/\(agency.code)"
        let view = WeekPage(
            title: "Lịch công tác – \(agency.name)", page: PageContext(req), agencyName: agency.name, agencyCode: agency.code,
            dateLine: SlipBuilder.dateLine(req.now, place: agency.placeName),
            published: approval != nil,
            approvedText: approval.map { "Đã được \($0.approvedBy) duyệt lúc \(VietnameseFormat.dateTime($0.approvedAt))." },
            calendar: WorkCalendarView(week: week, entries: entries, today: today, showsChanges: true),
            previousURL: "\(base)?ngay=\(week.previous.key)", nextURL: "\(base)?ngay=\(week.next.key)",
            thisWeekURL: week == ScheduleWeek(containing: today) ? nil : base,
            feedURL: "\(base).ics",
            officerFeeds: chairUsers.map { FeedLink(name: $0.fullName, url: "/lich-cong-tac/can-bo/\($0.username).ics") },
            canEdit: canEdit)
        return try await req.view.render("WorkCalendar/week", view).encodeResponse(for: req)
    }

    private func agencyFeed(_ req: Request, code: String) async throws -> Response {
        let agency = try await Self.agency(code: code, on: req.db)
        let from = LocalDate(req.now).adding(days: -Self.feedHistoryDays).at(hour: 0, minute: 0)
        let entries = try await WorkCalendarService(db: req.db).publishedEntries(agencyID: try agency.requireID(), from: from)
        return Self.feedResponse(req, name: "Lịch công tác – \(agency.name)", entries: entries, agencyCodes: [try agency.requireID(): agency.code])
    }

    @Sendable func officerFeed(req: Request) async throws -> Response {
        let file = req.parameters.get("file") ?? ""
        let username = file.hasSuffix(".ics") ? String(file.dropLast(4)) : ""
        guard Self.isPlainName(username, maxLength: 64),
              let officer = try await User.query(on: req.db).filter(\.$username == username).first(), officer.isOfficer else {
            throw AppError.notFound("Không có lịch công tác của cán bộ này.")
        }
        let from = LocalDate(req.now).adding(days: -Self.feedHistoryDays).at(hour: 0, minute: 0)
        let entries = try await WorkCalendarService(db: req.db).publishedEntries(officer: officer.username, from: from)
        let agencyIDs = Array(Set(entries.map(\.$agency.id)))
        let agencies = agencyIDs.isEmpty ? [] : try await Agency.query(on: req.db).filter(\.$id ~~ agencyIDs).all()
        let codes = Dictionary(agencies.compactMap { agency in agency.id.map { ($0, agency.code) } }, uniquingKeysWith: { a, _ in a })
        return Self.feedResponse(req, name: "Lịch công tác – \(officer.fullName)", entries: entries, agencyCodes: codes)
    }

    static func feedResponse(_ req: Request, name: String, entries: [WorkScheduleEntry], agencyCodes: [UUID: String]) -> Response {
        let events = entries.compactMap { entry -> WorkCalendarFeed.Event? in
            guard let id = entry.id else { return nil }
            var description: [String] = []
            if !entry.chair.isEmpty { description.append("Chủ trì: \(entry.chair)") }
            if !entry.attendees.isEmpty { description.append("Thành phần: \(entry.attendees)") }
            if !entry.preparer.isEmpty { description.append("Chuẩn bị: \(entry.preparer)") }
            if let note = entry.changeNote, entry.changedAfterPublicationAt != nil { description.append("Thay đổi: \(note)") }
            return WorkCalendarFeed.Event(
                uid: WorkCalendarFeed.uid(id), sequence: entry.sequence, cancelled: entry.isCancelled,
                startsAt: entry.startsAt, endsAt: entry.endsAt, summary: entry.content, location: entry.place,
                description: description.joined(separator: "\n"),
                url: req.publicURL("/lich-cong-tac/\(agencyCodes[entry.$agency.id] ?? "")?ngay=\(entry.weekStart)"),
                created: entry.createdAt, lastModified: entry.updatedAt)
        }
        let body = WorkCalendarFeed.render(calendarName: name, events: events)
        let etag = "\"" + SHA256.hash(data: Data(body.utf8)).hexString.prefix(32) + "\""
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        headers.replaceOrAdd(name: .eTag, value: etag)
        if req.headers.first(name: .ifNoneMatch) == etag {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }

    static func agency(code: String, on db: Database) async throws -> Agency {
        guard Self.isPlainName(code, maxLength: 32),
              let agency = try await Agency.query(on: db).filter(\.$code == code).first() else {
            throw AppError.notFound("Không có cơ quan mang mã này, hoặc cơ quan chưa công bố lịch công tác.")
        }
        return agency
    }

    /// Agency codes ("000.00.21.H36") and usernames are plain ASCII: anything else cannot name one, and never reaches
    /// the database (PostgreSQL refuses a NUL byte in text with an error, not with "no such row").
    static func isPlainName(_ text: String, maxLength: Int) -> Bool {
        !text.isEmpty && text.utf8.count <= maxLength
            && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 46 || $0 == 45 || $0 == 95 }
    }

    /// `?ngay=yyyy-MM-dd` picks the week that holds that day; nothing picks today's week.
    static func week(_ req: Request, default today: LocalDate) throws -> ScheduleWeek {
        guard let text = req.query[String.self, at: "ngay"], !text.isEmpty else { return ScheduleWeek(containing: today) }
        guard let day = LocalDate(iso: text), (2000...2100).contains(day.year) else {
            throw AppError(.badRequest, "invalid_date", "Ngày phải có dạng năm-tháng-ngày, ví dụ 2026-12-03.")
        }
        return ScheduleWeek(containing: day)
    }
}
