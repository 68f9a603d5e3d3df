import Fluent
import Vapor

/// A tus upload in progress (or finished and not yet attached): its declared length, how much has arrived, and
/// whose it is. The bytes live in `UploadChunk` rows, committed with the offset that acknowledges them, so a
/// reported `Upload-Offset` survives a crash and is the same on every server node.
final class ResumableUpload: Model, @unchecked Sendable {
    static let schema = "resumable_uploads"

    @ID(key: .id) var id: UUID?
    @Parent(key: "owner_id") var owner: User
    @Field(key: "filename") var filename: String
    @Field(key: "metadata") var metadata: String
    @Field(key: "upload_length") var uploadLength: Int64
    @Field(key: "upload_offset") var uploadOffset: Int64
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date

    init() {}

    var properties: [any AnyProperty] { [$id, $owner, $filename, $metadata, $uploadLength, $uploadOffset, $createdAt, $expiresAt] }

    var isComplete: Bool { uploadOffset == uploadLength }
}

/// A piece of an upload's bytes, at its offset.
final class UploadChunk: Model, @unchecked Sendable {
    static let schema = "resumable_upload_chunks"

    @ID(key: .id) var id: UUID?
    @Parent(key: "upload_id") var upload: ResumableUpload
    @Field(key: "chunk_offset") var offset: Int64
    @Field(key: "data") var data: Data

    init() {}

    var properties: [any AnyProperty] { [$id, $upload, $offset, $data] }
}

struct CreateResumableUploads: AsyncMigration {
    func prepare(on database: Database) async throws {
        try await database.schema(ResumableUpload.schema)
            .id()
            .field("owner_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("filename", .string, .required)
            .field("metadata", .string, .required)
            .field("upload_length", .int64, .required)
            .field("upload_offset", .int64, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .create()
        try await database.createIndex(name: "resumable_uploads_owner_idx", on: ResumableUpload.schema, columns: ["owner_id", "created_at"])
        try await database.createIndex(name: "resumable_uploads_expiry_idx", on: ResumableUpload.schema, columns: ["expires_at"])
        try await database.schema(UploadChunk.schema)
            .id()
            .field("upload_id", .uuid, .required, .references(ResumableUpload.schema, "id", onDelete: .cascade))
            .field("chunk_offset", .int64, .required)
            .field("data", .data, .required)
            .unique(on: "upload_id", "chunk_offset")
            .create()
    }

    func revert(on database: Database) async throws {
        try await database.schema(UploadChunk.schema).delete()
        try await database.schema(ResumableUpload.schema).delete()
    }
}
