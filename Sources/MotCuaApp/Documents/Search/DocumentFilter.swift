import Fluent
import MotCuaCore
import Vapor

/// The search and register filters (`q`, `register`, `type`, `from`, `to`, `urgency`, `state`), checked: a value
/// outside the lists is a 400 that says what is accepted.
struct DocumentFilter: Sendable {
    var q = ""
    var register: DocumentRegister? = nil
    var type: String? = nil
    var period: StatisticsPeriod? = nil
    var urgency: DocumentUrgency? = nil
    var state: String? = nil

    init() {}

    init(_ req: Request) throws {
        q = String((req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
        if let raw = Self.value(req, "register") {
            guard let register = DocumentRegister(rawValue: raw) else {
                throw AppError.badRequest("invalid_register", "Sổ “\(raw.prefix(30))” không hợp lệ: dùng incoming (văn bản đến) hoặc outgoing (văn bản đi).")
            }
            self.register = register
        }
        if let raw = Self.value(req, "type") {
            guard let code = DocumentKind.parse(String(raw.prefix(60))) else {
                throw AppError.badRequest("invalid_type", "Loại văn bản “\(raw.prefix(30))” không hợp lệ: dùng ký hiệu theo Nghị định 30/2020 (QĐ, TB, KH…) hoặc CV cho công văn.")
            }
            type = code
        }
        let from = Self.value(req, "from"), to = Self.value(req, "to")
        if from != nil || to != nil {
            period = try StatisticsPeriod(from: from, to: to, now: req.now)
        }
        if let raw = Self.value(req, "urgency") {
            guard let urgency = DocumentUrgency(rawValue: raw) else {
                throw AppError.badRequest("invalid_urgency", "Độ khẩn “\(raw.prefix(30))” không hợp lệ: dùng thuong, khan, thuong_khan hoặc hoa_toc.")
            }
            self.urgency = urgency
        }
        if let raw = Self.value(req, "state") {
            let states = IncomingState.allCases.map(\.rawValue) + OutgoingState.allCases.map(\.rawValue)
            guard states.contains(raw) else {
                throw AppError.badRequest("invalid_state", "Trạng thái “\(raw.prefix(30))” không hợp lệ: dùng \(states.joined(separator: ", ")).")
            }
            state = raw
        }
    }

    private static func value(_ req: Request, _ name: String) -> String? {
        guard let raw = req.query[String.self, at: name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        return raw
    }
}

enum DocumentQuery {
    /// Everything the scope may see that matches the filter: every typed word must occur in the folded metadata.
    static func matching(_ filter: DocumentFilter, scope: DocumentScope, on db: Database) -> QueryBuilder<OfficialDocument> {
        let query = scope.apply(OfficialDocument.query(on: db))
        if let register = filter.register { query.filter(\.$register == register.rawValue) }
        if let type = filter.type { query.filter(\.$typeCode == type) }
        if let urgency = filter.urgency { query.filter(\.$urgency == urgency.rawValue) }
        if let state = filter.state { query.filter(\.$state == state) }
        if let period = filter.period { query.filter(\.$createdAt >= period.start).filter(\.$createdAt < period.end) }
        for word in TextSearch.fold(filter.q).split(separator: " ").prefix(10) {
            query.filter(\.$searchText ~~ String(word))
        }
        return query
    }

    static func search(_ filter: DocumentFilter, scope: DocumentScope, paging: Paging, on db: Database) async throws -> (items: [OfficialDocument], metadata: PageMetadata) {
        try await matching(filter, scope: scope, on: db).sort(\.$createdAt, .descending).sort(\.$id).page(paging)
    }
}
