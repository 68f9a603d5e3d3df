import Fluent
import Foundation
import SQLKit
import Vapor
import MotCuaCore

/// The periodic report of an agency subtree: `GET /api/v1/reports/dossiers`, the leaders' page, the public page.
/// Read from the roll-ups only: a bounded number of buckets per (agency, procedure), whatever the number of dossiers.
struct DossierReport: Content, Sendable {
    struct Period: Content, Sendable { let from: String; let to: String; let label: String }
    struct Row: Content, Sendable { let key: String; let label: String; var values: ReportFigures }

    let period: Period
    let agency: AgencySummary
    let groupBy: String
    let columns: [ReportFigures.Column]
    let rows: [Row]
    let total: ReportFigures
    /// The day the open-dossier columns are counted at: the period's end, or today when the period runs on.
    let asOf: String

    enum Grouping: String, CaseIterable, Sendable {
        case field, procedure, agency, level

        var label: String {
            switch self {
            case .field: "Lĩnh vực"
            case .procedure: "Thủ tục hành chính"
            case .agency: "Cơ quan giải quyết"
            case .level: "Cấp"
            }
        }

        static func parse(_ raw: String?) throws -> Grouping {
            let text = raw?.trimmingCharacters(in: .whitespaces) ?? ""
            if text.isEmpty { return .field }
            guard let value = Grouping(rawValue: text) else {
                throw AppError.badRequest("invalid_group_by", "Cách nhóm “\(text.prefix(40))” không hợp lệ: dùng field (lĩnh vực), procedure (thủ tục), agency (cơ quan) hoặc level (cấp).")
            }
            return value
        }
    }

    /// Per (agency, procedure) of the subtree, the figures of the period.
    static func figures(agencyIDs: [UUID], period: StatisticsPeriod, now: Date, on db: Database) async throws -> [DossierRollups.Pair: ReportFigures] {
        let today = LocalDate(now)
        let end = min(period.to, today)
        let before = min(period.from.adding(days: -1), today)
        let states = try await DossierRollups.sums(agencyIDs: agencyIDs, buckets: RollupDay.prefix(through: before), on: db)
        let flows = period.from <= end ? try await DossierRollups.sums(agencyIDs: agencyIDs, buckets: RollupDay.cover(from: period.from, to: end), on: db) : [:]
        var out: [DossierRollups.Pair: ReportFigures] = [:]
        for pair in Set(states.keys).union(flows.keys) {
            let figures = ReportFigures(atStart: states[pair] ?? DossierRollups.zero(), during: flows[pair] ?? DossierRollups.zero())
            if !figures.isEmpty { out[pair] = figures }
        }
        return out
    }

    static func build(agency: Agency, subtree: [Agency], period: StatisticsPeriod, grouping: Grouping, now: Date, on db: Database) async throws -> DossierReport {
        let ids = subtree.compactMap(\.id)
        let perPair = try await figures(agencyIDs: ids, period: period, now: now, on: db)
        let agencies = Dictionary(uniqueKeysWithValues: subtree.compactMap { a in a.id.map { ($0, a) } })
        let procedureIDs = Array(Set(perPair.keys.map(\.procedureID)))
        let procedures = procedureIDs.isEmpty ? [] : try await Procedure.query(on: db).filter(\.$id ~~ procedureIDs)
            .field(\.$id).field(\.$code).field(\.$name).field(\.$field).all()
        let byID = Dictionary(uniqueKeysWithValues: procedures.compactMap { p in p.id.map { ($0, p) } })

        var groups: [String: Row] = [:]
        var order: [String: String] = [:]
        for (pair, figures) in perPair {
            let key: String, label: String, sortKey: String
            switch grouping {
            case .field:
                let field = byID[pair.procedureID]?.field ?? "Khác"
                (key, label, sortKey) = (field, field, VietnameseCollation.key(field))
            case .procedure:
                let procedure = byID[pair.procedureID]
                (key, label) = (procedure?.code ?? pair.procedureID.uuidString, procedure?.name ?? "Thủ tục đã xóa")
                sortKey = VietnameseCollation.key(label)
            case .agency:
                let a = agencies[pair.agencyID]
                (key, label, sortKey) = (a?.code ?? pair.agencyID.uuidString, a?.name ?? "", a?.path ?? "")
            case .level:
                let tier = agencies[pair.agencyID].flatMap { AgencyTier(rawValue: $0.tier) } ?? .commune
                (key, label) = (tier.rawValue, tier.label)
                sortKey = String(AgencyTier.allCases.firstIndex(of: tier) ?? 0)
            }
            groups[key, default: Row(key: key, label: label, values: ReportFigures())].values.add(figures)
            order[key] = sortKey
        }
        let rows = groups.values.sorted { (order[$0.key] ?? "", $0.key) < (order[$1.key] ?? "", $1.key) }
        var total = ReportFigures()
        rows.forEach { total.add($0.values) }
        let asOf = min(period.to, LocalDate(now))
        return DossierReport(
            period: Period(from: period.from.iso, to: period.to.iso,
                           label: period.label),
            agency: agency.summary, groupBy: grouping.rawValue, columns: ReportFigures.columns, rows: rows, total: total, asOf: asOf.iso)
    }
}
