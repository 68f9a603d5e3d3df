import Fluent
import MotCuaCore
import SQLKit
import Vapor

/// The leader assigns an incoming document (lead, supporting officers or units, instruction, deadline); the
/// handlers record progress and complete it. Every step is an event of the document, written with the change.
enum IncomingHandling {
    static func assign(_ input: AssignmentInput, documentID rawID: String?, scope: DocumentScope, request req: Request) async throws -> DocumentChange {
        try scope.require(.leader, message: "Chỉ lãnh đạo được phân công xử lý văn bản đến.")
        let found = try await scope.find(rawID, on: req.db)
        guard found.isIncoming else { throw notIncoming }
        let now = req.now
        var checks = TextInput.Checks()
        let leadText = checks.clean(input.lead, DocumentFields.handler)
        var lead: DocumentParties.Handler? = nil
        if let leadText {
            lead = try await DocumentParties.handler(leadText, of: scope.agency, on: req.db)
            if lead == nil { checks.add(unknownHandler(leadText)) }
        } else if checks.problems.isEmpty {
            checks.add(ValidationFailure(field: "lead", code: "lead_required", message: "Hãy chọn người hoặc đơn vị chủ trì xử lý."))
        }
        var support: [DocumentParties.Handler] = []
        for text in checks.cleanList(input.support, DocumentFields.handler, maxItems: DocumentFields.maxSupport) ?? [] {
            if let handler = try await DocumentParties.handler(text, of: scope.agency, on: req.db) {
                if handler.key != lead?.key, !support.contains(where: { $0.key == handler.key }) { support.append(handler) }
            } else {
                checks.add(unknownHandler(text))
            }
        }
        let instruction = checks.clean(input.instruction, DocumentFields.instruction)
        let closing = req.application.settings.schedule.closingMinutes
        let deadline = DocumentFields.deadline(input.deadline, now: now, closeHour: closing / 60, closeMinute: closing % 60, &checks)
        try checks.finish()
        guard let lead else { throw AppError.badRequest("lead_required", "Hãy chọn người hoặc đơn vị chủ trì xử lý.") }
        let actor = scope.user
        let supportList = support
        return try await locked(found, request: req) { document, db in
            guard document.incomingState != .completed else {
                throw AppError(.conflict, "document_completed", "Văn bản đã được xử lý xong; không thể phân công lại.")
            }
            let from = document.state
            document.leadName = lead.name
            if case .officer(let user) = lead { document.$leadUser.id = user.id } else { document.$leadUser.id = nil }
            document.supportNames = supportList.isEmpty ? nil : supportList.map(\.name).joined(separator: "; ")
            document.instruction = instruction
            document.deadline = deadline
            document.assignedAt = now
            document.handlerKeys = "|" + ([lead] + supportList).map { $0.key + "|" }.joined()
            if document.incomingState == .registered { document.state = IncomingState.assigned.rawValue }
            document.refreshSearchText()
            try await document.save(on: db)
            var note = "Chủ trì: \(lead.name)."
            if !supportList.isEmpty { note += " Phối hợp: \(supportList.map(\.name).joined(separator: ", "))." }
            if let deadline { note += " Hạn xử lý: \(VietnameseFormat.dateTime(deadline))." }
            if let instruction { note += " Ý kiến chỉ đạo: \(instruction)" }
            try await DocumentEvent(documentID: try document.requireID(), at: now, actor: actor, action: "assign",
                                    from: from, to: document.state, note: note).create(on: db)
        }
    }

    static func progress(_ input: ProgressInput, documentID rawID: String?, scope: DocumentScope, request req: Request) async throws -> DocumentChange {
        let found = try await scope.find(rawID, on: req.db)
        guard found.isIncoming else { throw notIncoming }
        guard scope.isHandler(found) || scope.isLeader else {
            throw AppError(.forbidden, "action_not_permitted", "Chỉ người, đơn vị được phân công xử lý (hoặc lãnh đạo) mới cập nhật được tiến độ văn bản này.")
        }
        let complete = input.complete ?? false
        var checks = TextInput.Checks()
        let note = checks.clean(input.note, DocumentFields.note)
        if note == nil, !complete, checks.problems.isEmpty {
            checks.add(ValidationFailure(field: "note", code: "note_required", message: "Hãy nhập nội dung tiến độ xử lý."))
        }
        try checks.finish()
        let now = req.now
        let actor = scope.user
        return try await locked(found, request: req) { document, db in
            switch document.incomingState {
            case .registered:
                throw AppError(.conflict, "not_assigned", "Văn bản chưa được phân công xử lý; lãnh đạo cần phân công trước khi cập nhật tiến độ.")
            case .completed:
                throw AppError(.conflict, "document_completed", "Văn bản đã được xử lý xong lúc \(document.completedAt.map(VietnameseFormat.dateTime) ?? "—"); không cập nhật thêm được.")
            case .assigned, .inProgress:
                break
            }
            let from = document.state
            document.state = complete ? IncomingState.completed.rawValue : IncomingState.inProgress.rawValue
            if complete { document.completedAt = now }
            try await document.save(on: db)
            try await DocumentEvent(documentID: try document.requireID(), at: now, actor: actor, action: complete ? "complete" : "progress",
                                    from: from, to: document.state, note: note).create(on: db)
        }
    }

    /// Re-reads the document inside a write transaction (locked on PostgreSQL) and applies `change` to it as it is now.
    static func locked(_ found: OfficialDocument, request req: Request,
                       _ change: @escaping @Sendable (OfficialDocument, Database) async throws -> Void) async throws -> DocumentChange {
        let id = try found.requireID()
        return try await req.writeTransaction { db in
            if db.isPostgres, let sql = db as? SQLDatabase {
                try await sql.raw("SELECT id FROM official_documents WHERE id = \(bind: id) FOR UPDATE").run()
            }
            guard let document = try await OfficialDocument.find(id, on: db) else { throw AppError.notFound() }
            try await change(document, db)
            return try await DocumentDTO.change(document, on: db)
        }
    }

    static let notIncoming = AppError(.notFound, "document_not_found", "Không tìm thấy văn bản đến này trong phạm vi cơ quan của bạn.")

    static func unknownHandler(_ text: String) -> ValidationFailure {
        ValidationFailure(field: "lead", code: "unknown_handler",
                          message: "Không tìm thấy cán bộ (tên đăng nhập) hoặc đơn vị “\(text.prefix(60))” thuộc cơ quan của bạn.")
    }
}
