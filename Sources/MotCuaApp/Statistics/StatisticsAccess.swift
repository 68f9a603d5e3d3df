import Fluent
import Vapor

/// Which agencies an officer may report on: their own agency, and for leaders (and administrators)
/// every agency of its subtree. Any other agency does not exist for them (404), as for dossiers.
struct StatisticsAccess: Sendable {
    let user: User
    let home: Agency
    /// The agencies the officer may choose, parents before children (sorted by path).
    let choices: [Agency]
    /// Every agency under the home agency, itself included: the subtree of any choice is taken from here.
    private let tree: [Agency]

    static func of(_ req: Request) async throws -> StatisticsAccess {
        let user = try req.requireUser()
        // The API follows the dashboard: figures by agency are for those who answer for them.
        guard user.hasAny(.leader, .administrator) else {
            throw AppError(.forbidden, "statistics_leaders_only", "Số liệu thống kê dành cho lãnh đạo và quản trị viên.")
        }
        guard let agencyID = user.$agency.id, let home = try await Agency.find(agencyID, on: req.db) else {
            throw AppError(.forbidden, "officers_only", "Chỉ cán bộ của một cơ quan mới xem được số liệu thống kê.")
        }
        // Agencies are a few hundred rows at most; dossiers are never loaded.
        let tree = try await Agency.query(on: req.db).filter(\.$path =~ home.path).sort(\.$path).all()
        let seesSubtree = user.hasAny(.leader, .administrator)
        return StatisticsAccess(user: user, home: home, choices: seesSubtree ? tree : [home], tree: tree)
    }

    /// The agency named by its identifier code (default: the officer's own), or 404.
    func agency(code raw: String?) throws -> Agency {
        let code = raw?.trimmingCharacters(in: .whitespaces).uppercased() ?? ""
        if code.isEmpty { return home }
        guard let agency = choices.first(where: { $0.code == code }) else {
            throw AppError(.notFound, "agency_not_found",
                           "Không tìm thấy cơ quan có mã “\(code)” trong phạm vi bạn được xem thống kê. Hãy chọn cơ quan của bạn hoặc một đơn vị trực thuộc.")
        }
        return agency
    }

    /// The ids of the agency and everything under it: dossiers handled there belong to its figures.
    func subtreeIDs(of agency: Agency) -> [UUID] {
        tree.filter { $0.path.hasPrefix(agency.path) }.compactMap(\.id)
    }

    struct Option: Encodable { let value: String; let label: String; let selected: Bool }

    /// The agencies to choose from, indented below the officer's own, with `selected` marked.
    func options(selected: Agency) -> [Option] {
        choices.map { Option(value: $0.code, label: String(repeating: "— ", count: $0.depth - home.depth) + $0.name, selected: $0.code == selected.code) }
    }

    /// The agency and everything under it.
    func subtree(of agency: Agency) -> [Agency] {
        tree.filter { $0.path.hasPrefix(agency.path) }
    }

    /// The agency's direct children, each with its own subtree, for the breakdown table.
    func children(of agency: Agency) -> [(agency: Agency, ids: Set<UUID>)] {
        tree.filter { $0.$parent.id == agency.id }.map { ($0, Set(subtreeIDs(of: $0))) }
    }
}
