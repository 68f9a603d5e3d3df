import Fluent
import Foundation
import SQLKit
import MotCuaCore

/// `motcua statistics verify`: the stored roll-ups against a recount from the raw dossiers (and the officers' against
/// a recount from the timelines).
enum RollupVerifier {
    struct OfficerDifference: Sendable, CustomStringConvertible {
        let key: OfficerRollups.Key
        let column: OfficerRollups.Column
        let stored: Int
        let recounted: Int

        var description: String {
            "bucket \(key.bucket) · cán bộ \(key.officerID) · \(column.sqlName): lưu \(stored), đếm lại \(recounted)"
        }
    }

    /// The officers' roll-ups in the buckets that meet the period (all when nil).
    static func verifyOfficers(period: StatisticsPeriod?, on db: Database) async throws -> [OfficerDifference] {
        let recounted = try await OfficerRollups.recount(on: db)
        let stored = try await OfficerRollups.stored(on: db)
        var out: [OfficerDifference] = []
        for key in Set(recounted.keys).union(stored.keys).sorted() where meets(key.bucket, period) {
            let a = stored[key] ?? OfficerRollups.zero(), b = recounted[key] ?? OfficerRollups.zero()
            for column in OfficerRollups.Column.allCases where a[column.rawValue] != b[column.rawValue] {
                out.append(OfficerDifference(key: key, column: column, stored: a[column.rawValue], recounted: b[column.rawValue]))
            }
        }
        return out
    }

    private static func meets(_ bucket: Int, _ period: StatisticsPeriod?) -> Bool {
        guard let period else { return true }
        let (first, last) = range(of: bucket)
        return first <= period.to && period.from <= last
    }

    struct Difference: Sendable, CustomStringConvertible {
        let key: DossierRollups.Key
        let column: RollupColumn
        let stored: Int
        let recounted: Int

        var description: String {
            "bucket \(key.bucket) · cơ quan \(key.agencyID) · thủ tục \(key.procedureID) · \(column.sqlName): lưu \(stored), đếm lại \(recounted)"
        }
    }

    /// Differences for the agencies under `agency` (all when nil), in the buckets that meet the period (all when nil).
    static func verify(agency: Agency?, period: StatisticsPeriod?, on db: Database) async throws -> [Difference] {
        let agencies = try await Agency.query(on: db).all().filter { agency == nil || $0.path.hasPrefix(agency?.path ?? "") }
        let ids = Set(agencies.compactMap(\.id))
        let recounted = try await DossierRollups.recount(pathPrefix: agency?.path, on: db)
        let stored = try await DossierRollups.stored(on: db).filter { ids.contains($0.key.agencyID) }
        var out: [Difference] = []
        for key in Set(recounted.keys).union(stored.keys).sorted() where meets(key.bucket, period) {
            let a = stored[key] ?? DossierRollups.zero(), b = recounted[key] ?? DossierRollups.zero()
            for column in RollupColumn.allCases where a[column.rawValue] != b[column.rawValue] {
                out.append(Difference(key: key, column: column, stored: a[column.rawValue], recounted: b[column.rawValue]))
            }
        }
        return out
    }

    /// The days a bucket covers.
    static func range(of bucket: Int) -> (LocalDate, LocalDate) {
        let year = bucket / 10_000, month = bucket / 100 % 100, day = bucket % 100
        if month == 0 { return (LocalDate(year: year, month: 1, day: 1), LocalDate(year: year, month: 12, day: 31)) }
        if day == 0 { return (LocalDate(year: year, month: month, day: 1), LocalDate(year: year, month: month, day: LocalDate.daysInMonth(year: year, month: month))) }
        let date = LocalDate(year: year, month: month, day: day)
        return (date, date)
    }
}
