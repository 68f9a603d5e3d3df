import Fluent
import MotCuaCore
import SQLKit
import Vapor

/// "Của tôi": a leader or specialist assigns a dossier to a named officer of the agency that handles it.
/// The assignment is a line on the timeline; the status does not change.
enum DossierAssignment {
    /// The officers who may take on dossiers of an agency, in Vietnamese name order.
    static func candidates(handlingAgencyID: UUID, on db: Database) async throws -> [User] {
        let users = try await User.query(on: db).filter(\.$agency.$id == handlingAgencyID).filter(\.$isActive == true).all()
        return VietnameseCollation.sorted(users.filter { $0.hasAny(.specialist, .leader) }) { $0.fullName }
    }

    /// The named officer, checked: active, a specialist or leader, of the agency that handles the dossier.
    static func officer(_ username: String, handlingAgencyID: UUID, on db: Database) async throws -> User {
        guard let user = try await User.query(on: db).filter(\.$username == username.lowercased()).first(), user.isActive else {
            throw AppError.badRequest("unknown_officer", "Không có cán bộ “\(username)” đang hoạt động. Chọn cán bộ trong danh sách.")
        }
        guard user.hasAny(.specialist, .leader), user.$agency.id == handlingAgencyID else {
            throw AppError.badRequest("officer_not_eligible",
                                      "\(user.fullName) không phải chuyên viên hoặc lãnh đạo của cơ quan đang xử lý hồ sơ, nên không thể được giao hồ sơ này.")
        }
        return user
    }

    /// Assigns an open dossier; records who assigned it to whom, with the instruction, in one transaction.
    static func assign(code: String, to username: String, note: String?, request req: Request) async throws -> Dossier {
        let scope = try await DossierScope.of(req)
        let actor = scope.user
        guard actor.hasAny(.specialist, .leader) else {
            throw AppError(.forbidden, "forbidden", "Chỉ chuyên viên và lãnh đạo được phân công hồ sơ.")
        }
        var checks = TextInput.Checks()
        let cleanUsername = checks.clean(username, TransitionInput.Fields.assignee)
        let cleanNote = checks.clean(note, TransitionInput.Fields.note)
        try checks.finish()
        guard let cleanUsername else {
            throw AppError.badRequest("assignee_required", "Vui lòng chọn cán bộ được giao xử lý hồ sơ.")
        }
        let found = try await scope.find(code: code, on: req.db)
        let dossierID = try found.requireID()
        let now = req.now
        return try await req.writeTransaction { db in
            if db.isPostgres, let sql = db as? SQLDatabase {
                try await sql.raw("SELECT id FROM dossiers WHERE id = \(bind: dossierID) FOR UPDATE").run()
            }
            guard let dossier = try await Dossier.find(dossierID, on: db) else { throw AppError.notFound() }
            guard !dossier.status.isTerminal, dossier.status != .resolved else {
                throw AppError(.conflict, "dossier_closed", "Hồ sơ đang ở trạng thái “\(dossier.status.label)”: không còn việc để phân công.")
            }
            let officer = try await officer(cleanUsername, handlingAgencyID: dossier.$handlingAgency.id, on: db)
            guard dossier.$assignee.id != officer.id else {
                throw AppError(.conflict, "already_assigned", "Hồ sơ đã được giao cho \(officer.fullName).")
            }
            dossier.$assignee.id = officer.id
            dossier.updatedAt = now
            try await dossier.save(on: db)
            let text = Sentences.join(["Giao cho \(officer.fullName)", cleanNote])
            try await DossierEvent(dossierID: dossierID, at: now, actor: actor, action: DossierEvent.assignAction,
                                   from: dossier.status, to: dossier.status, note: text,
                                   fromUnit: nil, toUnit: nil).create(on: db)
            return dossier
        }
    }
}
