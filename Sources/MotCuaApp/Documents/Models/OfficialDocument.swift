import Fluent
import Vapor
import MotCuaCore

/// One entry of an agency's incoming or outgoing register. Both registers share the table so that one search,
/// one paged list and one report cover them; `register` says which book the entry belongs to.
final class OfficialDocument: Model, @unchecked Sendable {
    static let schema = "official_documents"

    @ID(key: .id) var id: UUID?
    @Field(key: "register") var register: String
    /// Whose register: the agency that received (incoming) or drafts and issues (outgoing) the document.
    @Parent(key: "agency_id") var agency: Agency
    @Field(key: "year") var year: Int
    /// Incoming number (incoming) or document number (outgoing, once issued).
    @OptionalField(key: "number") var number: Int?
    @OptionalField(key: "notation") var notation: String?
    @OptionalField(key: "issuer_code") var issuerCode: String?
    @Field(key: "issuer_name") var issuerName: String
    /// "YYYY-MM-DD": the date printed on the document (outgoing: the issue date).
    @OptionalField(key: "document_date") var documentDate: String?
    @Field(key: "type_code") var typeCode: String
    @Field(key: "summary") var summary: String
    @OptionalField(key: "page_count") var pageCount: Int?
    @Field(key: "urgency") var urgency: String
    @Field(key: "urgency_rank") var urgencyRank: Int
    @Field(key: "confidentiality") var confidentiality: String
    /// Incoming: the recipient unit; outgoing: the drafting unit (its abbreviation ends an official letter's notation).
    @OptionalField(key: "unit_name") var unitName: String?
    @Field(key: "state") var state: String
    /// "paper" or "electronic": how the document reached the agency (internal deliveries are electronic).
    @Field(key: "channel") var channel: String
    @OptionalField(key: "received_at") var receivedAt: Date?
    @OptionalField(key: "issued_at") var issuedAt: Date?
    @OptionalField(key: "date_line") var dateLine: String?
    @OptionalField(key: "recipients_text") var recipientsText: String?
    @OptionalParent(key: "lead_user_id") var leadUser: User?
    @OptionalField(key: "lead_name") var leadName: String?
    @OptionalField(key: "support_names") var supportNames: String?
    @OptionalField(key: "instruction") var instruction: String?
    @OptionalField(key: "deadline") var deadline: Date?
    @OptionalField(key: "assigned_at") var assignedAt: Date?
    @OptionalField(key: "completed_at") var completedAt: Date?
    /// "|u:<user id>|a:<agency id>|…": who was assigned (lead and support), for the confidentiality check.
    @Field(key: "handler_keys") var handlerKeys: String
    /// Notation, summary, issuer and handlers folded (no diacritics, lower case) for search.
    @Field(key: "search_text") var searchText: String
    @OptionalParent(key: "created_by_id") var createdBy: User?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "source_document_id") var sourceDocumentID: UUID?
    @OptionalField(key: "idempotency_key") var idempotencyKey: String?

    init() {}

    var properties: [any AnyProperty] {
        [$id, $register, $agency, $year, $number, $notation, $issuerCode, $issuerName, $documentDate, $typeCode, $summary,
         $pageCount, $urgency, $urgencyRank, $confidentiality, $unitName, $state, $channel, $receivedAt, $issuedAt, $dateLine,
         $recipientsText, $leadUser, $leadName, $supportNames, $instruction, $deadline, $assignedAt, $completedAt,
         $handlerKeys, $searchText, $createdBy, $createdAt, $sourceDocumentID, $idempotencyKey]
    }

    var isIncoming: Bool { register == DocumentRegister.incoming.rawValue }
    var urgencyValue: DocumentUrgency { DocumentUrgency(rawValue: urgency) ?? .normal }
    var confidentialityValue: DocumentConfidentiality { DocumentConfidentiality(rawValue: confidentiality) ?? .normal }
    var outgoingState: OutgoingState { OutgoingState(rawValue: state) ?? .draft }
    var incomingState: IncomingState { IncomingState(rawValue: state) ?? .registered }
    var typeName: String { DocumentKind.name(of: typeCode) }

    func refreshSearchText() {
        searchText = TextSearch.fold([notation, summary, issuerName, issuerCode, leadName, supportNames, unitName, recipientsText, typeName]
            .compactMap { $0 }.joined(separator: " "))
    }

    static func handlerKey(user id: UUID) -> String { "u:\(id.uuidString.lowercased())" }
    static func handlerKey(agency id: UUID) -> String { "a:\(id.uuidString.lowercased())" }
}

enum DocumentRegister: String, CaseIterable, Sendable {
    case incoming, outgoing
    var label: String { self == .incoming ? "Văn bản đến" : "Văn bản đi" }
}

enum IncomingState: String, CaseIterable, Sendable {
    case registered, assigned, inProgress = "in_progress", completed
    var label: String {
        switch self {
        case .registered: return "Chờ phân công"
        case .assigned: return "Đã phân công"
        case .inProgress: return "Đang xử lý"
        case .completed: return "Đã hoàn thành"
        }
    }
}

/// Document types as entered: the Decree 30 abbreviations, plus "CV" for an official letter (công văn), whose
/// notation carries no type.
enum DocumentKind {
    static let officialLetter = "CV"

    static func name(of code: String) -> String {
        code == officialLetter ? "Công văn" : (DocumentType.named(abbreviation: code)?.name ?? code)
    }

    /// "QĐ", "qđ", "Quyết định", "quyet dinh", "CV", "công văn" → the stored code; nil when unknown.
    static func parse(_ raw: String) -> String? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return nil }
        let folded = TextSearch.fold(text)
        if folded == "cv" || folded == "cong van" { return officialLetter }
        if let exact = DocumentType.all.first(where: { $0.abbreviation == text }) { return exact.abbreviation }
        return DocumentType.all.first { TextSearch.fold($0.abbreviation) == folded || TextSearch.fold($0.name) == folded }?.abbreviation
    }

    static var options: [(code: String, name: String)] {
        [(officialLetter, "Công văn")] + DocumentType.all.map { ($0.abbreviation, $0.name) }
    }
}
