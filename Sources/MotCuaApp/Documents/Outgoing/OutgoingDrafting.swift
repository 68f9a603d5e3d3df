import Fluent
import MotCuaCore
import Vapor

/// A specialist (or leader) drafts an outgoing document: metadata, recipients and, through the upload endpoint, files.
enum OutgoingDrafting {
    static let unitAbbreviation = TextRules.Field("unit", "Ký hiệu đơn vị soạn thảo", maxCharacters: 20)

    static func create(_ input: OutgoingInput, files: [CheckedUpload] = [], idempotencyKey rawKey: String?,
                       scope: DocumentScope, request req: Request) async throws -> (DocumentChange, created: Bool) {
        try scope.require(.specialist, .leader, message: "Chỉ chuyên viên và lãnh đạo được soạn dự thảo văn bản đi.")
        let key = try DocumentIdempotency.key(rawKey)
        let agencyID = scope.agencyID
        if let key, let earlier = try await OfficialDocument.query(on: req.db)
            .filter(\.$agency.$id == agencyID).filter(\.$idempotencyKey == key).first() {
            return (try await DocumentDTO.change(earlier, on: req.db), false)
        }
        var checks = TextInput.Checks()
        let type = DocumentFields.type(input.type, &checks)
        let summary = checks.clean(input.summary, DocumentFields.summary)
        if summary == nil, checks.problems.allSatisfy({ $0.field != "summary" }) {
            checks.add(ValidationFailure(field: "summary", code: "summary_required", message: "Hãy nhập trích yếu nội dung văn bản."))
        }
        let recipients = try await DocumentParties.recipients(input.recipients, own: scope.agency, &checks, on: req.db)
        let urgency = DocumentFields.urgency(input.urgency, &checks)
        let confidentiality = DocumentFields.confidentiality(input.confidentiality, &checks)
        let unit = checks.clean(input.unit, unitAbbreviation)
        if let unit, !unit.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "&" }) {
            checks.add(ValidationFailure(field: "unit", code: "invalid_unit", message: "Ký hiệu đơn vị soạn thảo chỉ gồm chữ và số, ví dụ VP, TP, TCKH."))
        }
        let pages = DocumentFields.pageCount(input.pageCount, &checks)
        try checks.finish()
        guard let summary else { throw AppError.badRequest("summary_required", "Hãy nhập trích yếu nội dung văn bản.") }
        let now = req.now
        let user = scope.user
        let agency = scope.agency
        do {
            return try await req.writeTransaction { db in
                let document = OfficialDocument()
                document.register = DocumentRegister.outgoing.rawValue
                document.$agency.id = agencyID
                document.year = LocalDate(now).year
                document.issuerCode = agency.code
                document.issuerName = agency.name
                document.typeCode = type
                document.summary = summary
                document.pageCount = pages
                document.urgency = urgency.rawValue
                document.urgencyRank = urgency.rank
                document.confidentiality = confidentiality.rawValue
                document.unitName = unit ?? "VP"
                document.state = OutgoingState.draft.rawValue
                document.channel = "electronic"
                document.recipientsText = recipients.map(\.name).joined(separator: "; ")
                document.handlerKeys = "|"
                document.$createdBy.id = user.id
                document.createdAt = now
                document.idempotencyKey = key
                document.refreshSearchText()
                try await document.create(on: db)
                let id = try document.requireID()
                for party in recipients {
                    let recipient = DocumentRecipient()
                    recipient.$document.id = id
                    recipient.$agency.id = party.agency?.id
                    recipient.name = party.name
                    try await recipient.create(on: db)
                }
                let version = try await DocumentFiles.save(files, documentID: id, by: user, at: now, on: db)
                try await DocumentEvent(documentID: id, at: now, actor: user, action: "draft", to: document.state,
                                        note: version.map { "Dự thảo phiên bản \($0)." }).create(on: db)
                return (try await DocumentDTO.change(document, on: db), true)
            }
        } catch {
            if let key, let earlier = try? await OfficialDocument.query(on: req.db)
                .filter(\.$agency.$id == agencyID).filter(\.$idempotencyKey == key).first(),
               let change = try? await DocumentDTO.change(earlier, on: req.db) {
                return (change, false)
            }
            throw error
        }
    }
}
