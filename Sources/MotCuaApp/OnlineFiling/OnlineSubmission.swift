import Fluent
import Vapor
import MotCuaCore
import SQLKit

/// Turns a complete draft into a dossier in status 1 ("Mới đăng ký"), channel online: the code is drawn from the
/// receiving agency's sequence, and the dossier, its first event, every file, the e-mail and the removal of the
/// draft are one transaction — a citizen never sees a dossier without its files, nor a draft that was filed twice.
enum OnlineSubmission {
    struct Outcome: Sendable { let dossier: Dossier; let created: Bool }

    static func submit(_ draft: Draft, owner: User, request req: Request) async throws -> Outcome {
        if let code = draft.submittedCode { return Outcome(dossier: try await submitted(code, on: req.db), created: false) }
        let procedure = draft.procedure
        let files = try await DraftFile.query(on: req.db).filter(\.$draft.$id == draft.requireID())
            .field(\.$id).field(\.$component).field(\.$filename).field(\.$contentType).field(\.$size).field(\.$sha256).field(\.$uploadedAt).all()
        let fileDTOs = try files.map { DraftDTO.FileDTO(id: try $0.requireID(), component: $0.component, filename: $0.filename, contentType: $0.contentType,
                                                        size: $0.size, sha256: $0.sha256, uploadedAt: $0.uploadedAt) }
        let problems = OnlineChecklist.problems(draft: draft, procedure: procedure, files: fileDTOs)
        guard problems.isEmpty else {
            throw AppError(.unprocessableEntity, "draft_incomplete", "Chưa nộp được, hồ sơ còn thiếu: " + problems.joined(separator: "; ") + ".")
        }
        let now = req.now
        let typed = draft.applicant
        let applicant = try ValidatedApplicant(
            IntakeRequest.Applicant(fullName: typed.fullName ?? "", idNumber: typed.idNumber, phone: typed.phone, email: typed.email, address: typed.address),
            currentYear: LocalDate(now).year)
        guard procedure.isActive else {
            throw AppError(.unprocessableEntity, "procedure_inactive", "Thủ tục \(procedure.code) đã ngừng áp dụng; không thể nộp hồ sơ cho thủ tục này.")
        }
        let handling = try await procedure.$agency.get(on: req.db)
        let receiving = try await receivingAgency(for: handling, on: req.db)
        let ticked = Set(draft.components).union(files.map(\.component))
        let checklist = IntakeService.checklist(for: procedure, input: ticked.map { IntakeRequest.ComponentInput(name: $0, provided: true) })
        let draftID = try draft.requireID()
        let ownerID = try owner.requireID()
        let deliveryMethod = draft.deliveryMethod
        let deliveryAddress = draft.deliveryAddress

        return try await req.writeTransaction { db in
            // The draft is claimed first: of two submissions of one draft (a double click), the second waits for the
            // first and then gets its dossier back.
            if db.isPostgres, let sql = db as? SQLDatabase {
                try await sql.raw("SELECT id FROM drafts WHERE id = \(bind: draftID) FOR UPDATE").run()
            }
            guard let current = try await Draft.find(draftID, on: db) else { throw DraftService.notFound }
            if let code = current.submittedCode { return Outcome(dossier: try await submitted(code, on: db), created: false) }
            guard let code = try await DossierCodeIssuer.next(count: 1, agencyCode: receiving.code, receivedAt: now, on: db).first else {
                throw AppError(.internalServerError, "sequence_failed", "Không cấp được mã hồ sơ. Vui lòng thử lại.")
            }
            let dossier = try Dossier.filed(code: code, procedure: procedure, receiving: receiving, handling: handling, channel: .online,
                                            applicant: applicant, components: checklist, at: now, by: owner, owner: owner,
                                            requestedDelivery: ResultDelivery(rawValue: deliveryMethod), deliveryAddress: deliveryAddress)
            try await dossier.create(on: db)
            let dossierID = try dossier.requireID()
            try await DossierEvent(dossierID: dossierID, at: now, actor: owner, action: DossierEvent.intakeAction, from: nil, to: .new,
                                   note: DossierChannel.online.label).create(on: db)
            try await DossierChangeRecorder.changed(dossier, before: nil, at: now, on: db)
            try await moveFiles(ofDraft: draftID, toDossier: dossierID, by: ownerID, on: db)
            // Level 4 is paid online: the catalogue's fees are due from the moment of submission.
            if procedure.level == 4, procedure.fixedFeeTotal > 0 {
                try await FeeDemand(dossierID: dossierID, amount: procedure.fixedFeeTotal,
                                    reason: "Phí, lệ phí theo danh mục thủ tục (dịch vụ công trực tuyến toàn trình)", at: now).create(on: db)
            }
            current.submittedCode = code
            current.updatedAt = now
            try await current.save(on: db)
            try await DossierNotifier.receivedOnline(dossier, procedureName: procedure.name, request: req, on: db)
            return Outcome(dossier: dossier, created: true)
        }
    }

    private static func submitted(_ code: String, on db: Database) async throws -> Dossier {
        guard let dossier = try await Dossier.query(on: db).filter(\.$code == code).first() else { throw DraftService.notFound }
        return dossier
    }

    /// The files become the dossier's component scans, one at a time (never all in memory).
    private static func moveFiles(ofDraft draftID: UUID, toDossier dossierID: UUID, by ownerID: UUID, on db: Database) async throws {
        let ids = try await DraftFile.query(on: db).filter(\.$draft.$id == draftID).sort(\.$uploadedAt).all(\.$id)
        for id in ids {
            guard let file = try await DraftFile.find(id, on: db) else { continue }
            let attachment = DossierAttachment()
            attachment.$dossier.id = dossierID
            attachment.kind = AttachmentStore.Kind.component.rawValue
            attachment.filename = file.filename
            attachment.contentType = file.contentType
            attachment.size = file.size
            attachment.sha256 = file.sha256
            attachment.data = file.data
            attachment.uploadedAt = file.uploadedAt
            attachment.$uploadedBy.id = ownerID
            try await attachment.create(on: db)
        }
        try await DraftFile.query(on: db).filter(\.$draft.$id == draftID).delete()
    }

    /// Online dossiers are received by the one-stop shop of the procedure's agency: the nearest agency, from the
    /// procedure's own upwards, that has a receptionist; the procedure's agency when none has.
    static func receivingAgency(for handling: Agency, on db: Database) async throws -> Agency {
        let codes = handling.path.split(separator: "/").map(String.init).reversed()
        for code in codes {
            guard let agency = try await Agency.find(code: code, on: db) else { continue }
            let receptionists = try await User.query(on: db).filter(\.$agency.$id == agency.requireID()).filter(\.$isActive == true)
                .filter(\.$rolesValue ~~ Role.receptionist.rawValue).count()
            if receptionists > 0 { return agency }
        }
        return handling
    }
}
