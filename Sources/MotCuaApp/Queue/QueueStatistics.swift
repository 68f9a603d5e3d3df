import Fluent
import MotCuaCore
import SQLKit
import Vapor

/// The queue's figures for leaders: tickets issued, served, no-shows, waiting time (issue → first call) and service
/// time (start → finish), mean and 90th percentile, per day, hour of issue, area, counter and officer.
/// Derived from the tickets themselves (one source of truth), reading only the columns it needs.
enum QueueStatistics {
    struct Minutes: Content, Equatable { let mean: Double?; let p90: Double? }

    struct Bucket: Content {
        let key: String
        let label: String
        let issued: Int
        let served: Int
        let noShows: Int
        let waitMinutes: Minutes
        let serviceMinutes: Minutes
    }

    struct Report: Content {
        let from: String
        let to: String
        let total: Bucket
        let byDay: [Bucket]
        let byHour: [Bucket]
        let byArea: [Bucket]
        let byCounter: [Bucket]
        let byOfficer: [Bucket]
    }

    struct Row: Decodable {
        let area_id: UUID
        let counter_id: UUID?
        let officer_id: UUID?
        let status: String
        let day: String
        let issued_at: Date
        let called_at: Date?
        let started_at: Date?
        let finished_at: Date?
    }

    static let maxDays = 366

    /// `from`/`to` as YYYY-MM-DD (Vietnam days, inclusive); both default to today.
    static func period(from: String?, to: String?, now: Date) throws -> (LocalDate, LocalDate) {
        let today = LocalDate(now)
        func parse(_ text: String?, _ name: String) throws -> LocalDate {
            guard let text, !text.isEmpty else { return today }
            guard let day = LocalDate(iso: text) else {
                throw AppError(.unprocessableEntity, "invalid_date", "“\(name)” phải là ngày dạng YYYY-MM-DD, ví dụ 2027-03-15.")
            }
            return day
        }
        let start = try parse(from, "from"), end = try parse(to, "to")
        guard start <= end else { throw AppError(.unprocessableEntity, "invalid_period", "Ngày bắt đầu (from) phải trước hoặc bằng ngày kết thúc (to).") }
        guard LocalDate.daysBetween(start, end) < maxDays else {
            throw AppError(.unprocessableEntity, "period_too_long", "Mỗi lần xem tối đa \(maxDays) ngày. Vui lòng chọn khoảng ngắn hơn.")
        }
        return (start, end)
    }

    static func report(agencyID: UUID?, from: LocalDate, to: LocalDate, on db: Database) async throws -> Report {
        guard let sql = db as? SQLDatabase else { throw AppError(.internalServerError, "no_sql", "Cơ sở dữ liệu không hỗ trợ SQL.") }
        let agencyFilter: SQLQueryString = agencyID.map { "AND agency_id = \(bind: $0)" } ?? ""
        let rows = try await sql.raw("""
            SELECT area_id, counter_id, officer_id, status, day, issued_at, called_at, started_at, finished_at FROM queue_tickets
            WHERE day >= \(bind: from.iso) AND day <= \(bind: to.iso) \(agencyFilter)
            """).all(decoding: Row.self)
        let areas = try await QueueArea.query(on: db).all()
        let counters = try await QueueCounter.query(on: db).all()
        let officerIDs = Array(Set(rows.compactMap(\.officer_id)))
        let officers = officerIDs.isEmpty ? [] : try await User.query(on: db).filter(\.$id ~~ officerIDs).all()
        let areaName = Dictionary(areas.compactMap { a in a.id.map { ($0, a.name) } }, uniquingKeysWith: { a, _ in a })
        let counterName = Dictionary(counters.compactMap { c in c.id.map { ($0, c.name) } }, uniquingKeysWith: { a, _ in a })
        let officerName = Dictionary(officers.compactMap { u in u.id.map { ($0, u.fullName) } }, uniquingKeysWith: { a, _ in a })
        let hourCalendar: Calendar = {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = .vietnam
            return calendar
        }()
        func group(_ key: (Row) -> (String, String)?) -> [Bucket] {
            var groups: [String: (label: String, rows: [Row])] = [:]
            for row in rows {
                guard let (k, label) = key(row) else { continue }
                groups[k, default: (label, [])].rows.append(row)
            }
            return groups.sorted { $0.key < $1.key }.map { bucket(key: $0.key, label: $0.value.label, rows: $0.value.rows) }
        }
        return Report(
            from: from.iso, to: to.iso,
            total: bucket(key: "total", label: "Tổng", rows: rows),
            byDay: group { ($0.day, $0.day) },
            byHour: group { row in
                let hour = hourCalendar.component(.hour, from: row.issued_at)
                return (String(format: "%02d", hour), String(format: "%02d:00–%02d:59", hour, hour))
            },
            byArea: group { ($0.area_id.uuidString, areaName[$0.area_id] ?? "—") },
            byCounter: group { row in row.counter_id.map { ($0.uuidString, counterName[$0] ?? "—") } },
            byOfficer: group { row in row.officer_id.map { ($0.uuidString, officerName[$0] ?? "—") } })
    }

    static func bucket(key: String, label: String, rows: [Row]) -> Bucket {
        let waits = rows.compactMap { row in row.called_at.map { max(0, $0.timeIntervalSince(row.issued_at)) / 60 } }
        let services = rows.compactMap { row -> Double? in
            guard row.status == QueueTicket.Status.done.rawValue, let end = row.finished_at, let start = row.started_at ?? row.called_at else { return nil }
            return max(0, end.timeIntervalSince(start)) / 60
        }
        return Bucket(key: key, label: label, issued: rows.count,
                      served: rows.filter { $0.status == QueueTicket.Status.done.rawValue }.count,
                      noShows: rows.filter { $0.status == QueueTicket.Status.noShow.rawValue }.count,
                      waitMinutes: summary(waits), serviceMinutes: summary(services))
    }

    /// Mean and 90th percentile (nearest rank), in minutes rounded to a tenth; nil when nothing was measured.
    static func summary(_ values: [Double]) -> Minutes {
        guard !values.isEmpty else { return Minutes(mean: nil, p90: nil) }
        let sorted = values.sorted()
        let rank = max(1, Int((0.9 * Double(sorted.count)).rounded(.up)))
        let p90 = sorted[min(sorted.count, rank) - 1]
        let mean = sorted.reduce(0, +) / Double(sorted.count)
        return Minutes(mean: (mean * 10).rounded() / 10, p90: (p90 * 10).rounded() / 10)
    }

    /// Leaders see their own centre; the administrator every centre.
    static func scope(_ req: Request) throws -> UUID? {
        let user = try req.requireUser()
        if user.has(.leader), let agency = user.$agency.id { return agency }
        if user.has(.administrator) { return nil }
        throw AppError.forbidden
    }
}

/// `GET /api/v1/queue/statistics?from=&to=` (bearer token).
struct QueueStatisticsAPIController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("queue", "statistics", use: statistics)
    }

    @Sendable func statistics(req: Request) async throws -> QueueStatistics.Report {
        let agency = try QueueStatistics.scope(req)
        let (from, to) = try QueueStatistics.period(from: req.query[String.self, at: "from"], to: req.query[String.self, at: "to"], now: req.now)
        return try await QueueStatistics.report(agencyID: agency, from: from, to: to, on: req.db)
    }
}

/// `/thong-ke/hang-cho`: the same figures as tables for leaders.
struct QueueStatisticsPage: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.grouped("thong-ke").grouped(RequireRole(.leader, .administrator)).get("hang-cho", use: show)
    }

    struct Section: Encodable { let title: String; let rows: [QueueStatistics.Bucket] }
    struct Page: Encodable {
        let title = "Thống kê xếp hàng tại trung tâm"
        let page: PageContext
        let from: String
        let to: String
        let total: QueueStatistics.Bucket
        let sections: [Section]
    }

    @Sendable func show(req: Request) async throws -> View {
        let agency = try QueueStatistics.scope(req)
        let (from, to) = try QueueStatistics.period(from: req.query[String.self, at: "from"], to: req.query[String.self, at: "to"], now: req.now)
        let report = try await QueueStatistics.report(agencyID: agency, from: from, to: to, on: req.db)
        return try await req.view.render("Queue/statistics", Page(
            page: PageContext(req), from: from.iso, to: to.iso, total: report.total,
            sections: [Section(title: "Theo ngày", rows: report.byDay), Section(title: "Theo giờ lấy số", rows: report.byHour),
                       Section(title: "Theo lĩnh vực", rows: report.byArea), Section(title: "Theo quầy", rows: report.byCounter),
                       Section(title: "Theo cán bộ", rows: report.byOfficer)]))
    }
}
