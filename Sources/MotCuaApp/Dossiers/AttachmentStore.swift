import Fluent
import Vapor

/// Writes checked uploads as `DossierAttachment` rows in the caller's transaction, and finds them
/// again only inside the officer's scope.
enum AttachmentStore {
    enum Kind: String, Sendable { case component, result }

    struct Summary: Content {
        let id: UUID
        let filename: String
        let contentType: String
        let size: Int
    }

    static func save(_ uploads: [CheckedUpload], dossierID: UUID, kind: Kind, by user: User, at now: Date, on db: Database) async throws -> [Summary] {
        var stored: [Summary] = []
        for upload in uploads {
            let attachment = DossierAttachment()
            attachment.$dossier.id = dossierID
            attachment.kind = kind.rawValue
            attachment.filename = upload.filename
            attachment.contentType = upload.kind.contentType
            attachment.size = upload.size
            attachment.sha256 = upload.sha256
            // One file in memory at a time, read from where it was spooled.
            attachment.data = try upload.contents()
            attachment.uploadedAt = now
            attachment.$uploadedBy.id = user.id
            try await attachment.create(on: db)
            stored.append(Summary(id: try attachment.requireID(), filename: attachment.filename, contentType: attachment.contentType, size: attachment.size))
        }
        return stored
    }

    /// The attachment if it belongs to a dossier this officer may see; otherwise 404 (nothing is revealed).
    static func find(code: String, id: String, request req: Request) async throws -> DossierAttachment {
        let scope = try await DossierScope.of(req)
        let dossier = try await scope.find(code: code, on: req.db)
        guard let uuid = UUID(uuidString: id),
              let attachment = try await DossierAttachment.query(on: req.db)
                .filter(\.$id == uuid).filter(\.$dossier.$id == dossier.requireID()).first()
        else {
            throw AppError(.notFound, "attachment_not_found", "Không tìm thấy tệp đính kèm này trong hồ sơ \(dossier.code).")
        }
        return attachment
    }

    /// A download that the browser saves rather than renders, with the original (UTF-8) name.
    static func download(_ attachment: DossierAttachment) -> Response {
        download(data: attachment.data, contentType: attachment.contentType, filename: attachment.filename)
    }

    /// Also serves official documents' files (Documents/).
    static func download(data: Data, contentType: String, filename: String) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: contentType)
        let ascii = String(filename.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~")
        let encoded = filename.addingPercentEncoding(withAllowedCharacters: allowed) ?? ascii
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }
}
