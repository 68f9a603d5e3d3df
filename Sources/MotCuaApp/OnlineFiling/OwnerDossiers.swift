import Fluent
import Vapor
import MotCuaCore
import SQLKit

/// What a citizen may do with the dossiers they filed online: read them, add the papers asked for, resubmit,
/// and download an electronic result. Anyone else's dossier does not exist for them (404).
enum OwnerDossiers {
    static func find(code raw: String, owner: User, on db: Database) async throws -> Dossier {
        let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
        guard code.utf8.count <= 64, let ownerID = owner.id,
              let dossier = try await Dossier.query(on: db).filter(\.$code == code).filter(\.$owner.$id == ownerID).first()
        else {
            throw AppError(.notFound, "dossier_not_found", "Không tìm thấy hồ sơ có mã “\(raw.prefix(64))” trong các hồ sơ bạn đã nộp trực tuyến.")
        }
        return dossier
    }

    /// Results are the owner's to download once the dossier is returned electronically (Decree 45/2020).
    static func resultIsReleased(_ dossier: Dossier) -> Bool {
        dossier.status == .returned && dossier.delivery == ResultDelivery.online.rawValue
    }

    /// The owner's only move: "supplement", after adding at least one file since the request.
    static func transition(_ input: TransitionInput, code: String, owner: User, request req: Request) async throws -> Dossier {
        guard input.action == DossierAction.supplement.rawValue else {
            throw AppError(.forbidden, "action_not_permitted",
                           "Người nộp hồ sơ chỉ có thể gửi bổ sung hồ sơ (action “supplement”); các thao tác khác do cán bộ thực hiện.")
        }
        let found = try await find(code: code, owner: owner, on: req.db)
        let dossierID = try found.requireID()
        let now = req.now
        let calendar = try await req.workingCalendar()
        return try await req.writeTransaction { db in
            if db.isPostgres, let sql = db as? SQLDatabase {
                try await sql.raw("SELECT id FROM dossiers WHERE id = \(bind: dossierID) FOR UPDATE").run()
            }
            guard let dossier = try await Dossier.query(on: db).filter(\.$id == dossierID).with(\.$procedure).first() else { throw AppError.notFound() }
            let requestedAt = try await DossierEvent.query(on: db).filter(\.$dossier.$id == dossierID)
                .filter(\.$action == DossierAction.requestSupplement.rawValue).sort(\.$at, .descending).first()?.at
            let added = try await DossierAttachment.query(on: db).filter(\.$dossier.$id == dossierID)
                .filter(\.$kind == AttachmentStore.Kind.component.rawValue).filter(\.$uploadedAt >= (requestedAt ?? now))
                .field(\.$id).field(\.$filename).all()
            if dossier.status == .supplementRequested, added.isEmpty {
                throw AppError(.unprocessableEntity, "no_files_added",
                               "Hãy tải lên các giấy tờ được yêu cầu bổ sung (POST /api/v1/dossiers/\(dossier.code)/files) trước khi gửi bổ sung.")
            }
            // The papers were ticked on the checklist as their files arrived (`attach`); nothing more is claimed here.
            var move = input
            move.providedComponents = []
            move.note = input.note ?? "Người nộp gửi bổ sung trực tuyến \(added.count) tệp."
            try await TransitionService(now: now, calendar: calendar).apply(move, to: dossier, procedure: dossier.procedure, by: owner, on: db)
            return dossier
        }
    }

    /// A file for a dossier waiting for supplements, from a finished upload, checked like any scan.
    static func attach(uploadID: String?, component: String?, code: String, owner: User, request req: Request) async throws -> DraftDTO.FileDTO {
        let dossier = try await find(code: code, owner: owner, on: req.db)
        guard dossier.status == .supplementRequested else {
            throw AppError(.conflict, "not_awaiting_supplement",
                           "Hồ sơ \(dossier.code) đang ở trạng thái “\(dossier.status.label)”: chỉ gửi thêm tệp khi cơ quan yêu cầu bổ sung.")
        }
        let name = (component ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 300 else {
            throw AppError(.unprocessableEntity, "component_required", "Vui lòng cho biết tệp thuộc thành phần hồ sơ nào (component).")
        }
        let dossierID = try dossier.requireID()
        let now = req.now
        let maxBytes = req.application.settings.maxUploadBytes
        return try await req.writeTransaction { db in
            let upload = try await ResumableUploadStore.find(uploadID.map(DraftService.uploadID), owner: owner, now: now, on: db)
            let bytes = try await ResumableUploadStore.contents(of: upload, on: db)
            let checked = try UploadCheck.check([IncomingFile(filename: upload.filename, data: bytes)], maxBytes: maxBytes)
            let stored = try await AttachmentStore.save(checked, dossierID: dossierID, kind: .component, by: owner, at: now, on: db)
            try await ResumableUploadStore.delete(upload, on: db)
            // A file for a line of the checklist ticks that line, and only that one, for the counter to check.
            if let current = try await Dossier.find(dossierID, on: db), current.components.contains(where: { $0.name == name && !$0.provided }) {
                current.components = current.components.map { line in
                    line.name == name ? IntakeComponent(name: line.name, copies: line.copies, required: line.required, provided: true) : line
                }
                try await current.save(on: db)
            }
            guard let file = stored.first, let sha = checked.first?.sha256 else {
                throw AppError(.unprocessableEntity, "empty_file", "Tệp rỗng (0 byte). Hãy chọn lại tệp.")
            }
            return DraftDTO.FileDTO(id: file.id, component: name, filename: file.filename, contentType: file.contentType, size: file.size, sha256: sha, uploadedAt: now)
        }
    }

    /// The owner's download of one of their dossier's files: their own scans always, results once released.
    static func attachment(code: String, id rawID: String?, owner: User, on db: Database) async throws -> DossierAttachment {
        let dossier = try await find(code: code, owner: owner, on: db)
        guard let rawID, let id = UUID(uuidString: rawID),
              let attachment = try await DossierAttachment.query(on: db).filter(\.$id == id).filter(\.$dossier.$id == dossier.requireID()).first(),
              attachment.kind != AttachmentStore.Kind.result.rawValue || resultIsReleased(dossier)
        else {
            throw AppError(.notFound, "attachment_not_found", "Không tìm thấy tệp này trong hồ sơ \(dossier.code) (kết quả điện tử chỉ tải được sau khi cơ quan trả kết quả).")
        }
        return attachment
    }

    /// The file as a download, with the digest shown beside it: the citizen (or their software) can check the copy kept.
    static func download(code: String, id: String?, owner: User, on db: Database) async throws -> Response {
        let attachment = try await attachment(code: code, id: id, owner: owner, on: db)
        let response = AttachmentStore.download(attachment)
        response.headers.replaceOrAdd(name: "X-Content-SHA256", value: attachment.sha256)
        return response
    }
}
