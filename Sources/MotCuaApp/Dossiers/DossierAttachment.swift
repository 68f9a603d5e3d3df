import Fluent
import Vapor

/// A scanned component or a result document. Bytes live in the database, so a backup of the
/// database is a backup of everything, and an acknowledged upload is committed with its row.
final class DossierAttachment: Model, @unchecked Sendable {
    static let schema = "dossier_attachments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "dossier_id") var dossier: Dossier
    @Field(key: "kind") var kind: String            // "component" or "result"
    @Field(key: "filename") var filename: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "data") var data: Data
    @Field(key: "uploaded_at") var uploadedAt: Date
    @OptionalParent(key: "uploaded_by_id") var uploadedBy: User?

    init() {}
}
