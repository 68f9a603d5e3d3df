import Fluent
import MotCuaCore
import SQLKit
import Vapor

/// The clerk enters a received document in the incoming register: checked, warned of a duplicate (same issuer,
/// number/notation and date) unless confirmed, numbered atomically, stored with its scans in one transaction.
enum IncomingRegistration {
    enum Outcome: Sendable {
        case registered(DocumentChange, created: Bool)
        /// An earlier registration of the same document; nothing was written.
        case duplicate(OfficialDocument)
    }

    static func register(_ input: IncomingInput, files: [CheckedUpload] = [], idempotencyKey rawKey: String?,
                         scope: DocumentScope, request req: Request) async throws -> Outcome {
        try scope.require(.clerk, message: "Chỉ văn thư được vào sổ văn bản đến.")
        let key = try DocumentIdempotency.key(rawKey)
        if let key, let earlier = try await OfficialDocument.query(on: req.db)
            .filter(\.$agency.$id == scope.agencyID).filter(\.$idempotencyKey == key).first() {
            return .registered(try await DocumentDTO.change(earlier, on: req.db), created: false)
        }
        let now = req.now
        let today = LocalDate(now)
        var checks = TextInput.Checks()
        let issuer = try await DocumentParties.issuer(input.issuer, &checks, on: req.db)
        let notation = checks.clean(input.notation, DocumentFields.notation)
        if notation == nil, checks.problems.allSatisfy({ $0.field != "notation" }) {
            checks.add(ValidationFailure(field: "notation", code: "notation_required", message: "Hãy nhập số, ký hiệu văn bản như in trên văn bản (ví dụ 15/QĐ-UBND)."))
        }
        let date = DocumentFields.documentDate(input.documentDate, today: today, &checks)
        let type = DocumentFields.type(input.type, &checks)
        let summary = checks.clean(input.summary, DocumentFields.summary)
        if summary == nil, checks.problems.allSatisfy({ $0.field != "summary" }) {
            checks.add(ValidationFailure(field: "summary", code: "summary_required", message: "Hãy nhập trích yếu nội dung văn bản."))
        }
        let pages = DocumentFields.pageCount(input.pageCount, &checks)
        let urgency = DocumentFields.urgency(input.urgency, &checks)
        let confidentiality = DocumentFields.confidentiality(input.confidentiality, &checks)
        let unit = try await DocumentParties.unit(input.recipientUnit, of: scope.agency, &checks, on: req.db)
        let channel = (input.channel ?? "paper").trimmingCharacters(in: .whitespaces)
        if channel != "paper", channel != "electronic" {
            checks.add(ValidationFailure(field: "channel", code: "invalid_channel", message: "Hình thức nhận phải là paper (bản giấy) hoặc electronic (điện tử)."))
        }
        try checks.finish()
        guard let issuer, let notation, let date, let summary else { throw AppError.badRequest("invalid_body", "Dữ liệu văn bản chưa đủ.") }

        let agency = scope.agency
        let user = scope.user
        let agencyID = scope.agencyID
        let confirm = input.confirmDuplicate ?? false
        do {
            return try await req.writeTransaction { db in
                if !confirm, let earlier = try await findDuplicate(agencyID: agencyID, issuer: issuer, notation: notation, date: date.iso, on: db) {
                    return .duplicate(earlier)
                }
                let document = try await insert(agency: agency, by: user, at: now, channel: channel, key: key,
                                                confidential: confidentiality.isConfidential, note: confirmNote(confirm), on: db) { document in
                    document.notation = notation
                    document.issuerCode = issuer.code
                    document.issuerName = issuer.name
                    document.documentDate = date.iso
                    document.typeCode = type
                    document.summary = summary
                    document.pageCount = pages
                    document.urgency = urgency.rawValue
                    document.urgencyRank = urgency.rank
                    document.confidentiality = confidentiality.rawValue
                    document.unitName = unit
                }
                _ = try await DocumentFiles.save(files, documentID: try document.requireID(), by: user, at: now, on: db)
                return .registered(try await DocumentDTO.change(document, on: db), created: true)
            }
        } catch {
            // Two requests with one key at once: the second lost on the unique index; answer with the first's document.
            if let key, let earlier = try? await OfficialDocument.query(on: req.db)
                .filter(\.$agency.$id == agencyID).filter(\.$idempotencyKey == key).first(),
               let change = try? await DocumentDTO.change(earlier, on: req.db) {
                return .registered(change, created: false)
            }
            throw error
        }
    }

    /// A new entry of `agency`'s incoming register, numbered in its series, with its registration event. Runs in the
    /// caller's transaction: the clerk's registration, or the delivery of a document another agency of the tree issued.
    static func insert(agency: Agency, by user: User?, at now: Date, channel: String, key: String?, confidential: Bool,
                       note: String = "", on db: Database, fill: (OfficialDocument) -> Void) async throws -> OfficialDocument {
        let year = LocalDate(now).year
        let document = OfficialDocument()
        document.register = DocumentRegister.incoming.rawValue
        document.$agency.id = try agency.requireID()
        document.year = year
        document.state = IncomingState.registered.rawValue
        document.channel = channel
        document.receivedAt = now
        document.handlerKeys = "|"
        document.$createdBy.id = user?.id
        document.createdAt = now
        document.idempotencyKey = key
        fill(document)
        document.number = try await DocumentNumbering.next(register: .incoming, agency: agency, year: year, confidential: confidential, on: db)
        document.refreshSearchText()
        try await document.create(on: db)
        try await DocumentEvent(documentID: try document.requireID(), at: now, actor: user, action: "register", to: document.state,
                                note: "Số đến \(document.number ?? 0)\(note)").create(on: db)
        return document
    }

    private static func confirmNote(_ confirmed: Bool) -> String {
        confirmed ? " (văn thư xác nhận vào sổ dù trùng với văn bản đã đăng ký)" : ""
    }

    /// Same issuer (by code when both have one, otherwise by name without diacritics), notation and date.
    static func findDuplicate(agencyID: UUID, issuer: DocumentParties.Party, notation: String, date: String, on db: Database) async throws -> OfficialDocument? {
        let candidates = try await OfficialDocument.query(on: db)
            .filter(\.$agency.$id == agencyID).filter(\.$register == DocumentRegister.incoming.rawValue)
            .filter(\.$notation == notation).filter(\.$documentDate == date)
            .sort(\.$createdAt).limit(20).all()
        let name = TextSearch.fold(issuer.name)
        return candidates.first { earlier in
            if let code = issuer.code, let other = earlier.issuerCode { return code == other }
            return TextSearch.fold(earlier.issuerName) == name
        }
    }

    static func duplicateMessage(_ earlier: OfficialDocument,
                                 hint: String = "Nếu đây đúng là một văn bản khác cần vào sổ, hãy xác nhận (confirmDuplicate: true).") -> String {
        let received = earlier.receivedAt.map(VietnameseFormat.dateTime) ?? "—"
        let date = earlier.documentDate.flatMap(LocalDate.init(iso:)).map(VietnameseFormat.day) ?? "—"
        return "Văn bản số \(earlier.notation ?? "") ngày \(date) của \(earlier.issuerName) đã được vào sổ đến số \(earlier.number ?? 0) lúc \(received). "
            + hint
    }
}

/// An optional `Idempotency-Key` (header, or the form's hidden field): a retried request or a double click returns
/// the document already registered instead of writing a second one.
enum DocumentIdempotency {
    static func key(_ raw: String?) throws -> String? {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        guard raw.utf8.count <= 100, raw.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) }) else {
            throw AppError.badRequest("invalid_idempotency_key", "Khóa “Idempotency-Key” phải gồm tối đa 100 ký tự ASCII in được, không có khoảng trắng.")
        }
        return raw
    }
}
