import Fluent
import MotCuaCore
import Vapor

/// A document as the API shows it. List items carry the register's columns; one document (`load`) adds its files,
/// recipients and history.
struct DocumentDTO: Content {
    struct Labelled: Content { let code: String; let label: String }
    struct Issuer: Content { let code: String?; let name: String }
    struct Assignment: Content { let lead: String?; let support: [String]; let instruction: String?; let deadline: Date?; let assignedAt: Date? }
    struct File: Content { let id: UUID; let version: Int; let filename: String; let contentType: String; let size: Int; let uploadedAt: Date }
    struct Recipient: Content { let code: String?; let name: String; let external: Bool; let incomingNumber: Int? }
    struct Event: Content { let at: Date; let actor: String; let action: String; let label: String; let note: String? }

    let id: UUID
    let register: String
    /// Incoming register: the incoming number ("số đến").
    let incomingNumber: Int?
    /// Outgoing register, once issued: the document's number and its notation.
    let number: Int?
    let numberText: String?
    let notation: String?
    let issuer: Issuer
    let documentDate: String?
    let type: Labelled
    let summary: String
    let pageCount: Int?
    let urgency: Labelled
    let confidentiality: Labelled
    let recipientUnit: String?
    let unit: String?
    let state: Labelled
    let channel: String
    let receivedAt: Date?
    let issuedAt: Date?
    let dateLine: String?
    let assignment: Assignment?
    let completedAt: Date?
    let createdAt: Date
    var files: [File]?
    var recipients: [Recipient]?
    var events: [Event]?

    init(_ d: OfficialDocument) {
        let incoming = d.isIncoming
        id = d.id ?? UUID()
        register = d.register
        incomingNumber = incoming ? d.number : nil
        number = incoming ? nil : d.number
        numberText = incoming ? nil : d.number.map(DocumentNotation.number)
        notation = d.notation
        issuer = Issuer(code: d.issuerCode, name: d.issuerName)
        documentDate = d.documentDate
        type = Labelled(code: d.typeCode, label: d.typeName)
        summary = d.summary
        pageCount = d.pageCount
        urgency = Labelled(code: d.urgency, label: d.urgencyValue.label)
        confidentiality = Labelled(code: d.confidentiality, label: d.confidentialityValue.label)
        recipientUnit = incoming ? d.unitName : nil
        unit = incoming ? nil : d.unitName
        state = Labelled(code: d.state, label: incoming ? d.incomingState.label : d.outgoingState.label)
        channel = d.channel
        receivedAt = d.receivedAt
        issuedAt = d.issuedAt
        dateLine = d.dateLine
        assignment = d.assignedAt == nil ? nil : Assignment(
            lead: d.leadName, support: (d.supportNames ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
            instruction: d.instruction, deadline: d.deadline, assignedAt: d.assignedAt)
        completedAt = d.completedAt
        createdAt = d.createdAt
    }

    /// Loaded in the transaction that wrote the change: once committed, the answer cannot fail for want of a connection.
    static func change(_ document: OfficialDocument, on db: Database) async throws -> DocumentChange {
        DocumentChange(document: document, dto: try await load(document, on: db))
    }

    static func load(_ document: OfficialDocument, on db: Database) async throws -> DocumentDTO {
        var dto = DocumentDTO(document)
        let id = try document.requireID()
        dto.files = try await DocumentFiles.list(documentID: id, on: db).map {
            File(id: $0.id ?? UUID(), version: $0.version, filename: $0.filename, contentType: $0.contentType, size: $0.size, uploadedAt: $0.uploadedAt)
        }
        if !document.isIncoming {
            dto.recipients = try await DocumentRecipient.query(on: db).filter(\.$document.$id == id).with(\.$agency).all().map {
                Recipient(code: $0.agency?.code, name: $0.name, external: $0.isExternal, incomingNumber: $0.deliveredNumber)
            }
        }
        dto.events = try await DocumentEvent.query(on: db).filter(\.$document.$id == id).sort(\.$at).all().map {
            Event(at: $0.at, actor: $0.actorName, action: $0.action, label: DocumentEvent.label($0.action), note: $0.note)
        }
        return dto
    }
}

/// A written change and the document as the API answers it, read on the change's own connection.
struct DocumentChange: Sendable {
    let document: OfficialDocument
    let dto: DocumentDTO
}
