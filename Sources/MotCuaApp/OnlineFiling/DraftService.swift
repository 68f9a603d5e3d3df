import Fluent
import Vapor
import MotCuaCore

/// What a citizen does with a draft: open one for a level 3–4 procedure, save it as they go, attach finished uploads
/// to its components, and submit it as a dossier.
enum DraftService {
    static let maxOpenDrafts = 50
    static let maxFilesPerDraft = 60

    static let notFound = AppError(.notFound, "draft_not_found", "Không tìm thấy bản nháp hồ sơ này trong tài khoản của bạn.")

    static func requireCitizen(_ req: Request) throws -> User {
        let user = try req.requireUser()
        guard user.isCitizen else {
            throw AppError(.forbidden, "citizens_only",
                           "Nộp hồ sơ trực tuyến dành cho tài khoản công dân, tổ chức. Cán bộ tiếp nhận hồ sơ tại quầy (Một cửa).")
        }
        return user
    }

    /// The owner's draft; anyone else's does not exist for them (404, nothing revealed).
    static func find(_ rawID: String?, owner: User, on db: Database) async throws -> Draft {
        guard let rawID, let id = UUID(uuidString: rawID), let ownerID = owner.id,
              let draft = try await Draft.query(on: db).filter(\.$id == id).filter(\.$owner.$id == ownerID).with(\.$procedure).first()
        else { throw notFound }
        return draft
    }

    /// Refuses changes to a draft that has become a dossier: from then on the dossier is what counts.
    static func requireOpen(_ draft: Draft) throws {
        if let code = draft.submittedCode {
            throw AppError(.conflict, "draft_submitted", "Bản nháp này đã được nộp thành hồ sơ \(code); hãy theo dõi hồ sơ trong “Hồ sơ của tôi”.")
        }
    }

    static func create(procedureCode: String?, request req: Request) async throws -> Draft {
        let user = try requireCitizen(req)
        let code = (procedureCode ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !code.isEmpty, code.utf8.count <= 64 else {
            throw AppError(.unprocessableEntity, "procedure_required", "Vui lòng chọn thủ tục cần nộp (procedureCode).")
        }
        guard let procedure = try await CatalogQuery.find(code: code, on: req.db), procedure.isActive else {
            throw AppError(.unprocessableEntity, "unknown_procedure", "Không tìm thấy thủ tục có mã “\(code)” đang áp dụng. Chọn thủ tục từ danh mục.")
        }
        guard ServiceLevel.offersOnlineFiling(procedure.level) else {
            throw AppError(.unprocessableEntity, "not_online",
                           "Thủ tục “\(procedure.name)” là dịch vụ công mức độ \(procedure.level): chưa nhận hồ sơ trực tuyến. Vui lòng nộp tại Bộ phận một cửa\(procedure.level == 2 ? " (có thể tải mẫu đơn, tờ khai trên trang thủ tục)" : "").")
        }
        let now = req.now
        let ownerID = try user.requireID()
        let procedureID = try procedure.requireID()
        return try await req.writeTransaction { db in
            let open = try await Draft.query(on: db).filter(\.$owner.$id == ownerID).filter(\.$submittedCode == nil).count()
            guard open < maxOpenDrafts else {
                throw AppError(.tooManyRequests, "too_many_drafts", "Bạn đang có \(open) bản nháp. Hãy nộp hoặc xóa bớt bản nháp cũ rồi tạo mới.")
            }
            let draft = Draft()
            draft.$owner.id = ownerID
            draft.$procedure.id = procedureID
            // Prefilled from the account: the citizen only checks it.
            draft.applicant = DraftApplicant(fullName: user.fullName, idNumber: user.idNumber, phone: user.phone, email: user.email, address: nil)
            draft.components = []
            draft.deliveryMethod = ResultDelivery.online.rawValue
            draft.deliveryAddress = nil
            draft.submittedCode = nil
            draft.createdAt = now
            draft.updatedAt = now
            try await draft.create(on: db)
            draft.$procedure.value = procedure
            return draft
        }
    }

    struct UpdateInput: Content {
        var applicant: DraftApplicant?
        var components: [String]?
        var delivery: DraftDTO.Delivery?
    }

    /// Saves what the citizen typed. A draft may be incomplete, but what it holds must be well-formed.
    static func update(_ draft: Draft, with input: UpdateInput, request req: Request) async throws {
        var problems: [String] = []
        func clean(_ value: String?, _ label: String, max: Int) -> String? {
            guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
            if trimmed.count > max || trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                problems.append("\(label) quá dài (tối đa \(max) ký tự) hoặc chứa ký tự không hợp lệ.")
            }
            return trimmed
        }
        if let applicant = input.applicant {
            draft.applicant = DraftApplicant(fullName: clean(applicant.fullName, "Họ và tên", max: 100), idNumber: clean(applicant.idNumber, "Số CCCD", max: 20),
                                             phone: clean(applicant.phone, "Số điện thoại", max: 20), email: clean(applicant.email, "Thư điện tử", max: 254),
                                             address: clean(applicant.address, "Địa chỉ", max: 300))
        }
        if let components = input.components {
            let known = Set(draft.procedure.components.map(\.name))
            let unknown = components.prefix(200).filter { !known.contains($0) }
            if !unknown.isEmpty {
                problems.append("Thành phần hồ sơ không có trong thủ tục: \(unknown.prefix(5).map { "“\($0.prefix(80))”" }.joined(separator: ", ")).")
            }
            draft.components = Array(Set(components.filter(known.contains))).sorted()
        }
        if let delivery = input.delivery {
            if let method = ResultDelivery(rawValue: delivery.method) {
                draft.deliveryMethod = method.rawValue
            } else {
                problems.append("Hình thức nhận kết quả “\(delivery.method.prefix(20))” không hợp lệ: dùng counter (tại quầy), post (bưu chính) hoặc online (kết quả điện tử).")
            }
            draft.deliveryAddress = clean(delivery.address, "Địa chỉ nhận kết quả", max: 300)
        }
        guard problems.isEmpty else { throw AppError(.unprocessableEntity, "invalid_draft", problems.joined(separator: " ")) }
        draft.updatedAt = req.now
        try await req.writeTransaction { db in try await draft.save(on: db) }
    }

    /// Attaches a finished upload to a component: checked by content and size like counter scans; the upload is
    /// consumed. A refused file says why and leaves the draft's other files in place.
    static func attach(uploadID: String?, component: String?, to draft: Draft, owner: User, request req: Request) async throws -> DraftDTO.FileDTO {
        let name = (component ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard draft.procedure.components.contains(where: { $0.name == name }) else {
            throw AppError(.unprocessableEntity, "unknown_component",
                           "Thành phần “\(name.prefix(80))” không có trong thủ tục \(draft.procedure.code). Chọn đúng tên thành phần hồ sơ.")
        }
        let now = req.now
        let maxBytes = req.application.settings.maxUploadBytes
        let draftID = try draft.requireID()
        return try await req.writeTransaction { db in
            let upload = try await ResumableUploadStore.find(uploadID.map(Self.uploadID), owner: owner, now: now, on: db)
            let count = try await DraftFile.query(on: db).filter(\.$draft.$id == draftID).count()
            guard count < maxFilesPerDraft else {
                throw AppError(.unprocessableEntity, "too_many_files", "Một hồ sơ có tối đa \(maxFilesPerDraft) tệp.")
            }
            let bytes = try await ResumableUploadStore.contents(of: upload, on: db)
            guard let checked = try UploadCheck.check([IncomingFile(filename: upload.filename, data: bytes)], maxBytes: maxBytes).first else {
                throw AppError(.unprocessableEntity, "empty_file", "Tệp rỗng (0 byte). Hãy chọn lại tệp.")
            }
            let file = DraftFile()
            file.$draft.id = draftID
            file.component = name
            file.filename = checked.filename
            file.contentType = checked.kind.contentType
            file.size = checked.size
            file.sha256 = checked.sha256
            file.data = try checked.contents()
            file.uploadedAt = now
            try await file.create(on: db)
            try await ResumableUploadStore.delete(upload, on: db)
            if !draft.components.contains(name) { draft.components = (draft.components + [name]).sorted() }
            draft.updatedAt = now
            try await draft.save(on: db)
            return DraftDTO.FileDTO(id: try file.requireID(), component: name, filename: file.filename, contentType: file.contentType,
                                    size: file.size, sha256: file.sha256, uploadedAt: now)
        }
    }

    /// Deletes an open draft and its files (a submitted one stays: its code answers a repeated submit).
    static func discard(_ draft: Draft, request req: Request) async throws {
        try requireOpen(draft)
        let id = try draft.requireID()
        try await req.writeTransaction { db in
            try await DraftFile.query(on: db).filter(\.$draft.$id == id).delete()
            try await Draft.query(on: db).filter(\.$id == id).delete()
        }
    }

    /// Accepts the upload's id or its whole tus address (`/api/v1/uploads/<id>`), as clients hold either.
    static func uploadID(_ raw: String) -> String {
        String(raw.split(separator: "/").last ?? "")
    }
}
