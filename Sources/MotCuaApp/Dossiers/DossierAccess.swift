import Fluent
import Vapor
import MotCuaCore

/// Who may see and act on which dossier. An officer sees the dossiers received or handled by their own
/// agency; a leader sees those of the agency's whole subtree. Anything else does not exist for them (404).
/// Only the roles that work on dossiers see them at all: clerks (official documents) and administrators (accounts,
/// catalogue, calendar) never read applicants' personal data (README, "Who may do what").
struct DossierScope: Sendable {
    let user: User
    let agency: Agency

    static let dossierRoles: [Role] = [.receptionist, .specialist, .leader]

    static func of(_ request: Request) async throws -> DossierScope {
        let user = try request.requireUser()
        guard dossierRoles.contains(where: user.has) else {
            throw AppError(.forbidden, "dossier_access_denied",
                           "Hồ sơ thủ tục hành chính chỉ dành cho cán bộ tiếp nhận, chuyên viên và lãnh đạo; tài khoản của bạn không xem được hồ sơ.")
        }
        // The bearer authenticator already loaded the agency with the user; a session user has only its id.
        if case .some(.some(let agency)) = user.$agency.value {
            return DossierScope(user: user, agency: agency)
        }
        guard let agencyID = user.$agency.id, let agency = try await Agency.find(agencyID, on: request.db) else {
            throw AppError.forbidden
        }
        return DossierScope(user: user, agency: agency)
    }

    var seesSubtree: Bool { user.has(.leader) }

    func apply(to query: QueryBuilder<Dossier>) -> QueryBuilder<Dossier> {
        if seesSubtree {
            let prefix = agency.path
            return query.group(.or) { $0.filter(\.$receivingAgencyPath =~ prefix).filter(\.$handlingAgencyPath =~ prefix) }
        }
        // A scope is built only from a stored agency, which always has an id.
        let id = agency.id ?? UUID()
        return query.group(.or) { $0.filter(\.$receivingAgency.$id == id).filter(\.$handlingAgency.$id == id) }
    }

    func canSee(_ dossier: Dossier) -> Bool {
        if seesSubtree {
            return dossier.receivingAgencyPath.hasPrefix(agency.path) || dossier.handlingAgencyPath.hasPrefix(agency.path)
        }
        return dossier.$receivingAgency.id == agency.id || dossier.$handlingAgency.id == agency.id
    }

    /// The dossier with this code if this officer may see it; otherwise a 404 that says nothing more.
    func find(code: String, on db: Database) async throws -> Dossier {
        guard let dossier = try await Dossier.query(on: db).filter(\.$code == code.trimmingCharacters(in: .whitespaces).uppercased()).first(),
              canSee(dossier)
        else {
            throw AppError(.notFound, "dossier_not_found", "Không tìm thấy hồ sơ có mã “\(code)” trong phạm vi cơ quan của bạn.")
        }
        return dossier
    }
}

/// Which roles may take which action. Receptionists work at the counter; specialists process; leaders
/// decide (resolve, stop) and may do everything a specialist does.
enum DossierPermissions {
    static func roles(for action: DossierAction) -> Set<Role> {
        switch action {
        case .accept, .refuse, .return, .withdraw: return [.receptionist]
        case .requestSupplement: return [.receptionist, .specialist, .leader]
        // A citizen supplements only their own dossier, through `OwnerDossiers` (they never get a `DossierScope`).
        case .supplement: return [.receptionist, .specialist, .leader, .citizen]
        case .feesPaid: return [.receptionist, .specialist, .leader]
        case .start, .forward, .requestFees, .reschedule: return [.specialist, .leader]
        case .resolve, .stop: return [.leader]
        }
    }

    static func allows(_ user: User, _ action: DossierAction) -> Bool {
        !roles(for: action).isDisjoint(with: user.roles)
    }

    static func refusal(_ action: DossierAction) -> AppError {
        let names = roles(for: action).sorted { $0.rawValue < $1.rawValue }.map(\.label).joined(separator: ", ")
        return AppError(.forbidden, "action_not_permitted", "Thao tác “\(action.label)” chỉ dành cho: \(names).")
    }
}
