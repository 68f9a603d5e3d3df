import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor
import MotCuaCore

/// What the public sees of an agency's results (no login): the statement, the report's totals, the months,
/// and the dossiers resolved late with the apology issued — codes only, never a name.
struct PublicStatistics: Content, Sendable {
    struct Month: Content, Sendable { let month: String; let received: Int; let resolved: Int }
    struct LateDossier: Content, Sendable {
        let code: String
        let procedureCode: String
        let appointmentAt: Date?
        let resolvedAt: Date?
        /// A letter of apology with a new appointment (form 04) was issued.
        let apologyIssued: Bool
    }

    let agency: AgencySummary
    let period: DossierReport.Period
    /// "99,39% hồ sơ giải quyết đúng hạn và trước hạn"
    let statement: String
    /// Early + on time over resolved, percent, two decimals.
    let onTimePercent: Double
    let total: ReportFigures
    let months: [Month]
    let lateDossiers: [LateDossier]
    /// All late ones of the period (the list shows at most `lateListLimit`).
    let lateCount: Int

    static let lateListLimit = 200

    static func build(agency: Agency, subtree: [Agency], period: StatisticsPeriod, now: Date, on db: Database) async throws -> PublicStatistics {
        let report = try await DossierReport.build(agency: agency, subtree: subtree, period: period, grouping: .agency, now: now, on: db)
        let ids = subtree.compactMap(\.id)
        let months = try await MonthlySeries.load(agencyIDs: ids, period: period, now: now, on: db)
        let total = report.total
        let percent = PercentageSplit.percent(total.resolvedEarly + total.resolvedOnTime, of: total.resolved, decimals: 2)
        return PublicStatistics(
            agency: agency.summary, period: report.period,
            statement: "\(VietnameseFormat.decimal(percent))% hồ sơ giải quyết đúng hạn và trước hạn",
            onTimePercent: percent, total: total,
            months: months.map { Month(month: $0.label, received: $0.received, resolved: $0.resolved) },
            lateDossiers: try await late(agencyIDs: ids, period: period, on: db), lateCount: total.resolvedLate)
    }

    /// Resolved late in the period, newest first: read backwards along the partial index of late dossiers
    /// (`AddLateDossierIndex`; the condition is written as its constant so that both databases can use it).
    static func late(agencyIDs: [UUID], period: StatisticsPeriod, on db: Database) async throws -> [LateDossier] {
        guard let sql = db as? SQLDatabase, !agencyIDs.isEmpty else { return [] }
        let ids: [any Encodable & Sendable] = agencyIDs
        return try await sql.raw("""
            SELECT d.code AS code, p.code AS procedure_code, d.appointment_at AS appointment_at, d.resolved_at AS resolved_at,
                   d.rescheduled AS rescheduled
            FROM dossiers d JOIN procedures p ON p.id = d.procedure_id
            WHERE d.handling_agency_id IN (\(binds: ids)) AND d.resolved_at >= \(bind: period.start) AND d.resolved_at < \(bind: period.end)
              AND d.\(unsafeRaw: AddLateDossierIndex.predicate)
            ORDER BY d.resolved_at DESC LIMIT \(unsafeRaw: String(lateListLimit))
            """).all().map { row in
            LateDossier(code: try row.decode(column: "code", as: String.self),
                        procedureCode: try row.decode(column: "procedure_code", as: String.self),
                        appointmentAt: try row.decode(column: "appointment_at", as: Date?.self),
                        resolvedAt: try row.decode(column: "resolved_at", as: Date?.self),
                        apologyIssued: try row.decode(column: "rescheduled", as: Bool.self))
        }
    }

    /// Any agency of the tree (default: the root, the province), or 404.
    static func scope(code raw: String?, on db: Database) async throws -> (agency: Agency, subtree: [Agency]) {
        let all = try await Agency.query(on: db).sort(\.$path).all()
        let code = raw?.trimmingCharacters(in: .whitespaces).uppercased() ?? ""
        guard let agency = code.isEmpty ? all.first(where: { $0.$parent.id == nil }) : all.first(where: { $0.code == code }) else {
            throw AppError(.notFound, "agency_not_found", "Không tìm thấy cơ quan có mã “\(code.prefix(20))”.")
        }
        return (agency, all.filter { $0.path.hasPrefix(agency.path) })
    }
}

/// `GET /api/v1/public/statistics?agency=&from=&to=`: open data, cacheable (Cache-Control, ETag, 304).
struct PublicStatisticsAPIController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("public", "statistics", use: show)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let period = try StatisticsPeriod(from: req.query[String.self, at: "from"], to: req.query[String.self, at: "to"], now: req.now)
        let scope = try await PublicStatistics.scope(code: req.query[String.self, at: "agency"], on: req.db)
        let stats = try await PublicStatistics.build(agency: scope.agency, subtree: scope.subtree, period: period, now: req.now, on: req.db)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let body = try encoder.encode(stats)
        let etag = "\"" + SHA256.hash(data: body).prefix(16).map { String(format: "%02x", $0) }.joined() + "\""
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        headers.replaceOrAdd(name: .eTag, value: etag)
        if req.headers.first(name: .ifNoneMatch).map({ $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.contains(etag) }) == true {
            return Response(status: .notModified, headers: headers)
        }
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: body))
    }
}
