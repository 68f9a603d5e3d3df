import Fluent
import MotCuaCore
import Vapor

/// The moves of an outgoing document (`OutgoingWorkflow` decides, this stores). Issuing assigns the number, the
/// notation and the date line, and delivers the document to the internal recipients' incoming registers at once.
enum OutgoingTransitions {
    /// Who may take which action. There is no separate "unit head" role: the review (approve or return) is a
    /// leader's, as is the signature; drafters submit; the clerk issues.
    static func roles(for action: OutgoingAction) -> [Role] {
        switch action {
        case .submit: return [.specialist, .leader]
        case .approve, .return, .sign: return [.leader]
        case .issue: return [.clerk]
        }
    }

    static func refusal(_ action: OutgoingAction) -> AppError {
        let who: String
        switch action {
        case .submit: who = "chuyên viên soạn thảo hoặc lãnh đạo"
        case .approve, .return, .sign: who = "lãnh đạo"
        case .issue: who = "văn thư"
        }
        return AppError(.forbidden, "action_not_permitted", "Thao tác “\(action.label)” dành cho \(who); tài khoản của bạn không thực hiện được.")
    }

    static func perform(_ input: OutgoingTransitionInput, documentID rawID: String?, scope: DocumentScope, request req: Request) async throws -> DocumentChange {
        let raw = (input.action ?? "").trimmingCharacters(in: .whitespaces)
        guard let action = OutgoingAction(rawValue: raw) else {
            throw AppError.badRequest("invalid_action", "Thao tác “\(raw.prefix(30))” không hợp lệ: dùng submit, approve, return, sign hoặc issue.")
        }
        let found = try await scope.find(rawID, on: req.db)
        guard !found.isIncoming else {
            throw AppError(.notFound, "document_not_found", "Không tìm thấy văn bản đi này trong phạm vi cơ quan của bạn.")
        }
        guard roles(for: action).contains(where: scope.user.has) else { throw refusal(action) }
        var checks = TextInput.Checks()
        let comment = checks.clean(input.comment, DocumentFields.comment)
        if action == .return, comment == nil, checks.problems.isEmpty {
            checks.add(ValidationFailure(field: "comment", code: "comment_required", message: "Hãy ghi ý kiến: cần sửa gì trước khi trình lại."))
        }
        try checks.finish()
        let now = req.now
        let actor = scope.user
        let agency = scope.agency
        return try await IncomingHandling.locked(found, request: req) { document, db in
            let from = document.outgoingState
            let to = try OutgoingWorkflow.next(from: from, action: action)
            document.state = to.rawValue
            var note = comment
            if action == .issue {
                note = try await issue(document, agency: agency, by: actor, at: now, on: db) + (comment.map { " " + $0 } ?? "")
            }
            try await document.save(on: db)
            try await DocumentEvent(documentID: try document.requireID(), at: now, actor: actor, action: action.rawValue,
                                    from: from.rawValue, to: to.rawValue, note: note).create(on: db)
        }
    }

    /// Number, notation, date line; then one incoming entry per internal recipient. Returns the event's note.
    private static func issue(_ document: OfficialDocument, agency: Agency, by actor: User, at now: Date, on db: Database) async throws -> String {
        let today = LocalDate(now)
        let number = try await DocumentNumbering.next(register: .outgoing, agency: agency, year: today.year,
                                                      confidential: document.confidentialityValue.isConfidential, on: db)
        let notation = DocumentNumbering.notation(number: number, typeCode: document.typeCode, agency: agency, unit: document.unitName)
        document.year = today.year
        document.number = number
        document.notation = notation
        document.documentDate = today.iso
        document.issuedAt = now
        document.dateLine = DocumentNotation.dateLine(place: agency.placeName, year: today.year, month: today.month, day: today.day)
        document.refreshSearchText()
        let id = try document.requireID()
        var delivered: [String] = []
        var external: [String] = []
        for recipient in try await DocumentRecipient.query(on: db).filter(\.$document.$id == id).with(\.$agency).all() {
            guard let target = recipient.agency else { external.append(recipient.name); continue }
            let incoming = try await IncomingRegistration.insert(agency: target, by: nil, at: now, channel: "electronic", key: nil,
                                                                 confidential: document.confidentialityValue.isConfidential,
                                                                 note: " (nhận điện tử từ \(agency.name))", on: db) { entry in
                entry.notation = notation
                entry.issuerCode = agency.code
                entry.issuerName = agency.name
                entry.documentDate = today.iso
                entry.typeCode = document.typeCode
                entry.summary = document.summary
                entry.pageCount = document.pageCount
                entry.urgency = document.urgency
                entry.urgencyRank = document.urgencyRank
                entry.confidentiality = document.confidentiality
                entry.sourceDocumentID = id
            }
            let incomingID = try incoming.requireID()
            try await DocumentFiles.copyLatest(from: id, to: incomingID, at: now, on: db)
            recipient.deliveredDocumentID = incomingID
            recipient.deliveredNumber = incoming.number
            try await recipient.save(on: db)
            delivered.append("\(target.name) (số đến \(incoming.number ?? 0))")
        }
        var note = "Số: \(notation). \(document.dateLine ?? "")."
        if !delivered.isEmpty { note += " Đã chuyển điện tử đến: \(delivered.joined(separator: "; "))." }
        if !external.isEmpty { note += " Chờ gửi liên thông ra ngoài: \(external.joined(separator: "; "))." }
        return note
    }
}
