import Fluent
import MotCuaCore
import SQLKit
import Vapor

/// The catalogue filters shared by the public pages and `GET /api/v1/procedures`.
struct CatalogFilter: Sendable, Encodable {
    var q: String?
    var tier: String?
    var agency: String?
    var field: String?
    var level: Int?

    init(q: String? = nil, tier: String? = nil, agency: String? = nil, field: String? = nil, level: Int? = nil) {
        self.q = q; self.tier = tier; self.agency = agency; self.field = field; self.level = level
    }

    init(_ request: Request) throws {
        func text(_ key: String) -> String? {
            guard let value = request.query[String.self, at: key]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
            return value
        }
        q = text("q")
        tier = text("tier")
        agency = text("agency")
        field = text("field")
        if let raw = text("level") {
            guard let value = Int(raw), (1...4).contains(value) else {
                throw AppError.badRequest("invalid_level", "Mức độ dịch vụ công phải là số từ 1 đến 4.")
            }
            level = value
        }
        if let tier, AgencyTier(rawValue: tier) == nil {
            throw AppError.badRequest("invalid_tier", "Cấp thực hiện “\(tier)” không hợp lệ; dùng một trong: province, district, commune.")
        }
        if let q, q.count > 200 {
            throw AppError.badRequest("query_too_long", "Từ khóa tìm kiếm quá dài (tối đa 200 ký tự).")
        }
    }
}

enum CatalogQuery {
    /// Procedures matching the filter; an agency filter includes the agency's whole subtree.
    static func search(_ filter: CatalogFilter, paging: Paging, on db: Database) async throws -> (items: [Procedure], metadata: PageMetadata) {
        let query = Procedure.query(on: db).filter(\.$isActive == true)
        let words = filter.q.map { TextSearch.fold($0).split(separator: " ").map(String.init) } ?? []
        for word in words {
            query.filter(\.$searchText ~~ word)
        }
        if let tier = filter.tier { query.filter(\.$tier == tier) }
        if let field = filter.field { query.filter(\.$field == field) }
        if let level = filter.level { query.filter(\.$level == level) }
        if let code = filter.agency {
            guard let agency = try await Agency.find(code: code, on: db) else {
                return ([], PageMetadata(page: paging.page, per: paging.per, total: 0))
            }
            query.join(Agency.self, on: \Procedure.$agency.$id == \Agency.$id)
                .filter(Agency.self, \.$path =~ agency.path)
        }
        if words.count > 1 { query.sort(.custom(relevance(words))) }
        query.sort(.custom(VietnameseOrder.column("name_sort_key", on: db))).sort(\.$code).with(\.$agency)
        return try await query.page(paging)
    }

    /// Suggestions ranked as a person reads them: the exact phrase first, then the words in the typed order,
    /// then names that merely contain every word.
    static func relevance(_ words: [String]) -> SQLExpression {
        let phrase = "%" + words.joined(separator: " ") + "%"
        let inOrder = "%" + words.joined(separator: "%") + "%"
        return SQLQueryString("CASE WHEN search_text LIKE \(bind: phrase) THEN 0 WHEN search_text LIKE \(bind: inOrder) THEN 1 ELSE 2 END")
    }

    static func find(code: String, on db: Database) async throws -> Procedure? {
        // One joined query instead of `.with(\.$agency)`'s two: intake looks the procedure up for every dossier.
        guard let procedure = try await Procedure.query(on: db)
            .join(Agency.self, on: \Procedure.$agency.$id == \Agency.$id)
            .filter(\.$code == code)
            .first()
        else { return nil }
        procedure.$agency.value = try procedure.joined(Agency.self)
        return procedure
    }

    static func fields(on db: Database) async throws -> [String] {
        let all = try await Procedure.query(on: db).filter(\.$isActive == true).field(\.$field).unique().all(\.$field)
        return VietnameseCollation.sorted(Array(Set(all))) { $0 }
    }
}
