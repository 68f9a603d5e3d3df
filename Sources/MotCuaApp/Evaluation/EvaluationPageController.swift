import Vapor

/// `/bao-cao/danh-gia`: the evaluation of agencies under Circular 01/2018 and the supervision per officer (leaders).
struct EvaluationPageController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.grouped(RequireRole(.leader, .administrator)).get("bao-cao", "danh-gia", use: show)
    }

    struct IndicatorCell: Encodable { let number: Int; let name: String; let rule: String; let score: String; let entered: Bool }
    struct AgencyLine: Encodable { let name: String; let code: String; let dossiers: String; let cells: [IndicatorCell]; let total: String; let grade: String }
    struct OfficerLine: Encodable {
        let name: String; let username: String; let agency: String; let received: String; let moves: String
        let early: String; let onTime: String; let late: String; let lateCodes: [String]; let ratings: String
    }

    struct Page: Encodable {
        let title = "Đánh giá giải quyết thủ tục hành chính"
        let page: PageContext
        let agencies: [StatisticsAccess.Option]
        let from: String
        let to: String
        let periodText: String
        let indicators: [IndicatorCell]
        let lines: [AgencyLine]
        let officers: [OfficerLine]
    }

    @Sendable func show(req: Request) async throws -> View {
        let access = try await StatisticsAccess.of(req)
        let period = try StatisticsPeriod(from: req.query[String.self, at: "from"], to: req.query[String.self, at: "to"], now: req.now)
        let agency = try access.agency(code: req.query[String.self, at: "agency"])
        let subtree = access.subtree(of: agency)
        let evaluation = try await AgencyEvaluation.build(agencies: subtree, period: period, on: req.db)
        let supervision = try await OfficerSupervision.build(agencies: subtree, period: period, on: req.db)
        func score(_ value: Double?) -> String { value.map { VietnameseFormat.decimal($0) } ?? "–" }
        let header = evaluation.rows.first?.indicators ?? []
        let n = StatisticsReportView.number
        let page = Page(
            page: PageContext(req),
            agencies: access.options(selected: agency),
            from: period.from.iso, to: period.to.iso, periodText: evaluation.period.label,
            indicators: header.map { IndicatorCell(number: $0.number, name: $0.name, rule: $0.rule, score: "", entered: $0.score == nil && $0.dossiers == 0 && $0.rule.hasPrefix("Nhập")) },
            lines: evaluation.rows.map { row in
                AgencyLine(name: row.agency.name, code: row.agency.code, dossiers: n(row.dossiers),
                           cells: row.indicators.map { IndicatorCell(number: $0.number, name: $0.name, rule: $0.rule, score: score($0.score), entered: $0.rule.hasPrefix("Nhập")) },
                           total: score(row.total), grade: row.grade)
            },
            officers: supervision.rows.map {
                OfficerLine(name: $0.name, username: $0.username, agency: $0.agency, received: n($0.received), moves: n($0.moves),
                            early: n($0.early), onTime: n($0.onTime), late: n($0.late), lateCodes: $0.lateCodes,
                            ratings: "\($0.satisfied) hài lòng · \($0.neutral) bình thường · \($0.dissatisfied) không hài lòng")
            })
        return try await req.view.render("Reports/evaluation", page)
    }
}
