import Fluent
import Vapor
import MotCuaCore

/// Filters of the dossier lists (API `GET /api/v1/dossiers` and the inbox pages), always inside the officer's scope.
struct DossierFilter: Sendable {
    var statuses: [DossierStatus] = []
    var overdue: Bool? = nil
    var q: String? = nil

    init(statuses: [DossierStatus] = [], overdue: Bool? = nil, q: String? = nil) {
        self.statuses = statuses; self.overdue = overdue; self.q = q
    }

    init(_ request: Request) throws {
        if let raw = request.query[String.self, at: "status"], !raw.isEmpty {
            statuses = try raw.split(separator: ",").map { part in
                guard let code = Int(part.trimmingCharacters(in: .whitespaces)), let status = DossierStatus(rawValue: code) else {
                    throw AppError.badRequest("invalid_status", "Trạng thái “\(part)” không hợp lệ: dùng mã số từ 1 đến 10, cách nhau bởi dấu phẩy.")
                }
                return status
            }
        }
        if let raw = request.query[String.self, at: "overdue"], !raw.isEmpty {
            switch raw.lowercased() {
            case "true", "1", "yes": overdue = true
            case "false", "0", "no": overdue = false
            default: throw AppError.badRequest("invalid_overdue", "Tham số overdue chỉ nhận true hoặc false.")
            }
        }
        if let raw = request.query[String.self, at: "q"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty { q = raw }
    }
}

enum DossierQuery {
    /// Open statuses: the agency still owes the applicant something.
    static let openStatuses: [DossierStatus] = [.new, .accepted, .processing, .supplementRequested, .awaitingFees]

    static func list(_ filter: DossierFilter, scope: DossierScope, paging: Paging, now: Date, on db: Database) async throws -> (items: [Dossier], metadata: PageMetadata) {
        let query = scope.apply(to: Dossier.query(on: db))
        if !filter.statuses.isEmpty { query.filter(\.$statusCode ~~ filter.statuses.map(\.rawValue)) }
        if let overdue = filter.overdue {
            // Overdue: still owed (not supplement-waiting: that time is the applicant's) and past the appointment.
            let owed = [DossierStatus.accepted, .processing, .awaitingFees].map(\.rawValue)
            if overdue {
                query.filter(\.$statusCode ~~ owed).filter(\.$appointmentAt < now)
            } else {
                query.filter(\.$statusCode ~~ owed).filter(\.$appointmentAt >= now)
            }
        }
        if let q = filter.q { Self.matching(q, query) }
        query.sort(\.$appointmentAt).sort(\.$receivedAt).with(\.$procedure)
        return try await query.page(paging)
    }

    /// Dossiers whose code contains `q`, or whose applicant's name contains every word of `q` with or without
    /// diacritics ("nguyen van an" finds "Nguyễn Văn An"), as the catalogue search does.
    static func matching(_ q: String, _ query: QueryBuilder<Dossier>) {
        let code = q.uppercased()
        let words = TextSearch.fold(q).split(separator: " ").map(String.init)
        query.group(.or) { either in
            either.filter(\.$code ~~ code)
            if !words.isEmpty {
                either.group(.and) { all in for word in words { all.filter(\.$applicantSearch ~~ word) } }
            }
        }
    }
}
