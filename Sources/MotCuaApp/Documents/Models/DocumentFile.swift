import Fluent
import Vapor

/// A scan or a draft file of a document; outgoing drafts keep every version (1, 2, …). Bytes live in the database
/// as dossier attachments do, committed with the row that acknowledges them.
final class DocumentFile: Model, @unchecked Sendable {
    static let schema = "official_document_files"

    @ID(key: .id) var id: UUID?
    @Parent(key: "document_id") var document: OfficialDocument
    @Field(key: "version") var version: Int
    @Field(key: "filename") var filename: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "data") var data: Data
    @Field(key: "uploaded_at") var uploadedAt: Date
    @OptionalParent(key: "uploaded_by_id") var uploadedBy: User?

    init() {}

    var properties: [any AnyProperty] { [$id, $document, $version, $filename, $contentType, $size, $sha256, $data, $uploadedAt, $uploadedBy] }
}

/// A recipient of an outgoing document: an agency of the tree (delivered at issue into its incoming register)
/// or an outside body, listed for the inter-agency exchange that comes later.
final class DocumentRecipient: Model, @unchecked Sendable {
    static let schema = "official_document_recipients"

    @ID(key: .id) var id: UUID?
    @Parent(key: "document_id") var document: OfficialDocument
    @OptionalParent(key: "agency_id") var agency: Agency?
    @Field(key: "name") var name: String
    @OptionalField(key: "delivered_document_id") var deliveredDocumentID: UUID?
    @OptionalField(key: "delivered_number") var deliveredNumber: Int?

    init() {}

    var properties: [any AnyProperty] { [$id, $document, $agency, $name, $deliveredDocumentID, $deliveredNumber] }
    var isExternal: Bool { $agency.id == nil }
}
