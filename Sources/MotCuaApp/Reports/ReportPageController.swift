import Fluent
import SQLKit
import Vapor
import MotCuaCore

/// `/bao-cao`: the periodic report for leaders (printable on A4, with server-drawn charts), its CSV/XLSX download,
/// and `/bao-cao/so-theo-doi`: the dossier register (form 06).
struct ReportPageController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        let leaders = routes.grouped(RequireRole(.leader, .administrator)).grouped("bao-cao")
        leaders.get(use: show)
        leaders.get("tai-ve", use: download)
        leaders.get("so-theo-doi", use: register)
    }

    struct Option: Encodable { let value: String; let label: String; let selected: Bool }
    struct Line: Encodable { let label: String; let key: String; let cells: [String] }

    struct ReportPage: Encodable {
        let title = "Báo cáo tình hình giải quyết hồ sơ"
        let page: PageContext
        let agencies: [StatisticsAccess.Option]
        let groupings: [Option]
        let from: String
        let to: String
        let agencyName: String
        let agencyCode: String
        let parentName: String?
        let dateLine: String
        let periodText: String
        let groupLabel: String
        let columns: [String]
        let lines: [Line]
        let total: Line
        let query: String
        let monthChart: String
        let channelChart: String
        let agencyChart: String
    }

    @Sendable func show(req: Request) async throws -> View {
        let (access, agency, period, grouping) = try await Self.inputs(req)
        let subtree = access.subtree(of: agency)
        let report = try await DossierReport.build(agency: agency, subtree: subtree, period: period, grouping: grouping, now: req.now, on: req.db)
        let byAgency = grouping == .agency ? report
            : try await DossierReport.build(agency: agency, subtree: subtree, period: period, grouping: .agency, now: req.now, on: req.db)
        let months = try await MonthlySeries.load(agencyIDs: subtree.compactMap(\.id), period: period, now: req.now, on: req.db)
        func cells(_ f: ReportFigures) -> [String] {
            report.columns.map { $0.isRate ? (f.resolved == 0 ? "–" : StatisticsReportView.percent(f.onTimeRate)) : StatisticsReportView.number(Int(f.value($0.key))) }
        }
        let parent = try await agency.$parent.get(on: req.db)
        let t = report.total
        let query = "agency=\(agency.code)&from=\(period.from.iso)&to=\(period.to.iso)&groupBy=\(grouping.rawValue)"
        let page = ReportPage(
            page: PageContext(req),
            agencies: access.options(selected: agency),
            groupings: DossierReport.Grouping.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == grouping) },
            from: period.from.iso, to: period.to.iso, agencyName: agency.name, agencyCode: agency.code, parentName: parent?.name,
            dateLine: SlipBuilder.dateLine(req.now, place: agency.placeName), periodText: report.period.label, groupLabel: grouping.label,
            columns: report.columns.map(\.label), lines: report.rows.map { Line(label: $0.label, key: $0.key, cells: cells($0.values)) },
            total: Line(label: "Tổng cộng", key: "total", cells: cells(t)), query: query,
            monthChart: ReportCharts.perMonth(months, title: "Hồ sơ tiếp nhận mới và đã giải quyết theo tháng"),
            channelChart: ReportCharts.shares([
                .init(label: "Trực tiếp", value: t.receivedCounter, color: "#1f5fa8"),
                .init(label: "Trực tuyến", value: t.receivedOnline, color: "#2e7d32"),
                .init(label: "Bưu chính", value: t.receivedPost, color: "#8a5a00"),
            ], title: "Tỷ lệ hồ sơ tiếp nhận mới theo kênh"),
            agencyChart: ReportCharts.timelinessPerAgency(byAgency.rows.filter { $0.values.resolved > 0 }.map {
                .init(label: $0.label, early: $0.values.resolvedEarly, onTime: $0.values.resolvedOnTime, late: $0.values.resolvedLate)
            }, title: "Tỷ lệ giải quyết trước hạn, đúng hạn, trễ hạn theo cơ quan"))
        return try await req.view.render("Reports/report", page)
    }

    @Sendable func download(req: Request) async throws -> Response {
        let (access, agency, period, grouping) = try await Self.inputs(req)
        let format = try ReportExport.format(req.query[String.self, at: "format"])
        let report = try await DossierReport.build(agency: agency, subtree: access.subtree(of: agency), period: period, grouping: grouping, now: req.now, on: req.db)
        return try await ReportExport.response(report, format: format, for: req)
    }

    static func inputs(_ req: Request) async throws -> (StatisticsAccess, Agency, StatisticsPeriod, DossierReport.Grouping) {
        let access = try await StatisticsAccess.of(req)
        let grouping = try DossierReport.Grouping.parse(req.query[String.self, at: "groupBy"])
        let period = try StatisticsPeriod(from: req.query[String.self, at: "from"], to: req.query[String.self, at: "to"], now: req.now)
        let agency = try access.agency(code: req.query[String.self, at: "agency"])
        return (access, agency, period, grouping)
    }

    struct RegisterLine: Encodable {
        let number: Int
        let code: String
        let procedure: String
        let applicant: String
        let handling: String
        let receivedAt: String
        let appointmentAt: String
        let resolvedAt: String
        let returnedAt: String
        let status: String
    }

    struct RegisterPage: Encodable {
        let title = "Sổ theo dõi hồ sơ (Mẫu số 06)"
        let page: PageContext
        let agencyName: String
        let parentName: String?
        let dateLine: String
        let periodText: String
        let from: String
        let to: String
        let agencyCode: String
        let lines: [RegisterLine]
        let metadata: PageMetadata
        let pager: Pager
    }

    /// Form 06: the dossiers received by the agency's one-stop section in the period, in order of receipt, paged.
    @Sendable func register(req: Request) async throws -> View {
        let access = try await StatisticsAccess.of(req)
        let period = try StatisticsPeriod(from: req.query[String.self, at: "from"], to: req.query[String.self, at: "to"], now: req.now)
        let agency = try access.agency(code: req.query[String.self, at: "agency"])
        let paging = try Paging(req, defaultPer: 50)
        let query = Dossier.query(on: req.db)
            .filter(\.$receivingAgencyPath =~ agency.path)
            .filter(\.$receivedAt >= period.start).filter(\.$receivedAt < period.end)
        let total = try await query.count()
        let dossiers = try await query.sort(\.$receivedAt).sort(\.$code).with(\.$procedure).with(\.$handlingAgency)
            .range(paging.offset..<(paging.offset + paging.per)).all()
        let lines = dossiers.enumerated().map { index, d in
            RegisterLine(number: paging.offset + index + 1, code: d.code, procedure: d.procedure.name, applicant: d.applicantName,
                         handling: d.handlingAgency.name, receivedAt: VietnameseFormat.dateTime(d.receivedAt),
                         appointmentAt: d.appointmentAt.map(VietnameseFormat.dateTime) ?? "", resolvedAt: d.resolvedAt.map(VietnameseFormat.dateTime) ?? "",
                         returnedAt: d.returnedAt.map(VietnameseFormat.dateTime) ?? "", status: d.status.label)
        }
        let metadata = PageMetadata(page: paging.page, per: paging.per, total: total)
        let page = RegisterPage(page: PageContext(req), agencyName: agency.name, parentName: try await agency.$parent.get(on: req.db)?.name,
                                dateLine: SlipBuilder.dateLine(req.now, place: agency.placeName),
                                periodText: period.label,
                                from: period.from.iso, to: period.to.iso, agencyCode: agency.code, lines: lines, metadata: metadata,
                                pager: Pager(metadata, request: req))
        return try await req.view.render("Reports/register", page)
    }
}

/// `/cong-khai`: the public disclosure page (no login).
struct PublicStatisticsPage: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("cong-khai", use: show)
    }

    struct Option: Encodable { let value: String; let label: String; let selected: Bool }
    struct LateLine: Encodable { let code: String; let procedureCode: String; let appointment: String; let resolved: String; let apology: String }

    struct Page: Encodable {
        let title = "Công khai kết quả giải quyết hồ sơ"
        let page: PageContext
        let agencies: [Option]
        let from: String
        let to: String
        let agencyName: String
        let periodText: String
        let statement: String
        let hasResolved: Bool
        let received: String
        let resolved: String
        let early: String
        let onTime: String
        let late: String
        let inProgress: String
        let monthChart: String
        let lateLines: [LateLine]
        let lateCount: String
    }

    @Sendable func show(req: Request) async throws -> View {
        let period = try StatisticsPeriod(from: req.query[String.self, at: "from"], to: req.query[String.self, at: "to"], now: req.now)
        let scope = try await PublicStatistics.scope(code: req.query[String.self, at: "agency"], on: req.db)
        let stats = try await PublicStatistics.build(agency: scope.agency, subtree: scope.subtree, period: period, now: req.now, on: req.db)
        let all = try await Agency.query(on: req.db).sort(\.$path).all()
        let t = stats.total
        let page = Page(
            page: PageContext(req),
            agencies: all.map { Option(value: $0.code, label: $0.indentedName, selected: $0.code == scope.agency.code) },
            from: period.from.iso, to: period.to.iso, agencyName: scope.agency.name, periodText: stats.period.label,
            statement: stats.statement, hasResolved: t.resolved > 0,
            received: StatisticsReportView.number(t.received), resolved: StatisticsReportView.number(t.resolved),
            early: StatisticsReportView.number(t.resolvedEarly), onTime: StatisticsReportView.number(t.resolvedOnTime),
            late: StatisticsReportView.number(t.resolvedLate),
            inProgress: StatisticsReportView.number(t.inProgressWithinTime + t.inProgressOverdue + t.waitingSupplement),
            monthChart: ReportCharts.perMonth(stats.months.map { .init(label: $0.month, received: $0.received, resolved: $0.resolved) },
                                              title: "Hồ sơ tiếp nhận mới và đã giải quyết theo tháng"),
            lateLines: stats.lateDossiers.map {
                LateLine(code: $0.code, procedureCode: $0.procedureCode, appointment: $0.appointmentAt.map(VietnameseFormat.date) ?? "",
                         resolved: $0.resolvedAt.map(VietnameseFormat.date) ?? "", apology: $0.apologyIssued ? "Đã gửi thư xin lỗi, hẹn lại" : "Không có phiếu hẹn lại")
            },
            lateCount: StatisticsReportView.number(stats.lateCount))
        return try await req.view.render("Reports/public", page)
    }
}
