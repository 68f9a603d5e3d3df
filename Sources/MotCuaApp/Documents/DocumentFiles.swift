import Fluent
import Vapor

/// Scans and draft versions of a document, written in the caller's transaction (checked by `UploadCheck` first).
enum DocumentFiles {
    static func list(documentID: UUID, on db: Database) async throws -> [DocumentFile] {
        // Metadata only: the bytes are read when a file is downloaded.
        try await DocumentFile.query(on: db).filter(\.$document.$id == documentID)
            .field(\.$id).field(\.$document.$id).field(\.$version).field(\.$filename).field(\.$contentType).field(\.$size)
            .field(\.$sha256).field(\.$uploadedAt).field(\.$uploadedBy.$id)
            .sort(\.$version).sort(\.$uploadedAt).all()
    }

    /// Every file of one upload shares a version number: the next after the document's last.
    static func save(_ uploads: [CheckedUpload], documentID: UUID, by user: User?, at now: Date, on db: Database) async throws -> Int? {
        guard !uploads.isEmpty else { return nil }
        let last = try await DocumentFile.query(on: db).filter(\.$document.$id == documentID).max(\.$version) ?? 0
        let version = last + 1
        for upload in uploads {
            let file = DocumentFile()
            file.$document.id = documentID
            file.version = version
            file.filename = upload.filename
            file.contentType = upload.kind.contentType
            file.size = upload.size
            file.sha256 = upload.sha256
            file.data = try upload.contents()
            file.uploadedAt = now
            file.$uploadedBy.id = user?.id
            try await file.create(on: db)
        }
        return version
    }

    /// The latest version's files, copied to a delivered document (the recipient keeps its own copy).
    static func copyLatest(from sourceID: UUID, to targetID: UUID, at now: Date, on db: Database) async throws {
        guard let last = try await DocumentFile.query(on: db).filter(\.$document.$id == sourceID).max(\.$version) else { return }
        for file in try await DocumentFile.query(on: db).filter(\.$document.$id == sourceID).filter(\.$version == last).all() {
            let copy = DocumentFile()
            copy.$document.id = targetID
            copy.version = 1
            copy.filename = file.filename
            copy.contentType = file.contentType
            copy.size = file.size
            copy.sha256 = file.sha256
            copy.data = file.data
            copy.uploadedAt = now
            copy.$uploadedBy.id = nil
            try await copy.create(on: db)
        }
    }

    static func download(_ file: DocumentFile) -> Response {
        AttachmentStore.download(data: file.data, contentType: file.contentType, filename: file.filename)
    }
}
