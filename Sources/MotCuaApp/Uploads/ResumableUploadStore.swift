import Fluent
import SQLKit
import Vapor

/// Where tus uploads keep their bytes: appended in pieces, each committed with the offset that acknowledges it,
/// read back whole (within the upload limit) when attached, and swept 24 hours after creation.
enum ResumableUploadStore {
    static let lifetime: TimeInterval = 24 * 3600
    /// A piece small enough to keep memory flat, large enough that a 20 MB file is 20 transactions.
    static let pieceBytes = 1 << 20
    /// Unfinished uploads one account may hold at a time.
    static let maxOpenPerOwner = 50

    static let notFound = AppError(.notFound, "upload_not_found",
                                   "Không tìm thấy phiên tải lên này (có thể đã hết hạn sau 24 giờ, đã bị hủy hoặc đã được gắn vào hồ sơ). Vui lòng tải tệp lên lại.")

    /// The caller's own upload; anyone else's (or an expired one) does not exist for them.
    static func find(_ rawID: String?, owner: User, now: Date, on db: Database) async throws -> ResumableUpload {
        guard let rawID, let id = UUID(uuidString: rawID), let ownerID = owner.id,
              let upload = try await ResumableUpload.query(on: db).filter(\.$id == id).filter(\.$owner.$id == ownerID).first(),
              upload.expiresAt > now
        else { throw notFound }
        return upload
    }

    static func create(owner: User, length: Int64, filename: String, metadata: String, now: Date, request req: Request) async throws -> ResumableUpload {
        let ownerID = try owner.requireID()
        return try await req.writeTransaction { db in
            try await sweep(before: now, on: db, limit: 100)
            let open = try await ResumableUpload.query(on: db).filter(\.$owner.$id == ownerID).count()
            guard open < maxOpenPerOwner else {
                throw AppError(.tooManyRequests, "too_many_uploads",
                               "Bạn đang có \(open) tệp tải lên chưa dùng đến. Hãy gắn chúng vào hồ sơ hoặc hủy bớt rồi thử lại.")
            }
            let upload = ResumableUpload()
            upload.$owner.id = ownerID
            upload.filename = filename
            upload.metadata = metadata
            upload.uploadLength = length
            upload.uploadOffset = 0
            upload.createdAt = now
            upload.expiresAt = now.addingTimeInterval(lifetime)
            try await upload.create(on: db)
            return upload
        }
    }

    /// Appends the request body at `offset`; every committed piece moves the acknowledged offset, so a connection
    /// that drops mid-way keeps what arrived. Returns the new offset.
    static func append(to upload: ResumableUpload, at offset: Int64, request req: Request) async throws -> Int64 {
        let uploadID = try upload.requireID()
        let length = upload.uploadLength
        var committed = offset
        var pending = ByteBuffer()

        @Sendable func commit(_ bytes: ByteBuffer, at start: Int64) async throws {
            let data = Data(bytes.readableBytesView)
            let end = start + Int64(data.count)
            try await req.writeTransaction { db in
                guard let sql = db as? SQLDatabase else { return }
                // Decided on the row as it is now: of two PATCHes racing for one offset, only one moves it.
                let moved = try await sql.raw("UPDATE resumable_uploads SET upload_offset = \(bind: end) WHERE id = \(bind: uploadID) AND upload_offset = \(bind: start) RETURNING id").all()
                guard !moved.isEmpty else {
                    throw AppError(.conflict, "offset_mismatch", "Phiên tải lên đã được ghi tiếp từ một kết nối khác; hãy hỏi lại vị trí (HEAD) rồi gửi tiếp.")
                }
                let chunk = UploadChunk()
                chunk.$upload.id = uploadID
                chunk.offset = start
                chunk.data = data
                try await chunk.create(on: db)
            }
        }

        do {
            for try await piece in req.body {
                guard Int64(pending.readableBytes) + Int64(piece.readableBytes) <= length - committed else {
                    // What arrived within the declared length is kept; the excess is refused.
                    if pending.readableBytes > 0 { try await commit(pending, at: committed); committed += Int64(pending.readableBytes) }
                    throw tooLong(length)
                }
                var piece = piece
                pending.writeBuffer(&piece)
                if pending.readableBytes >= pieceBytes {
                    try await commit(pending, at: committed)
                    committed += Int64(pending.readableBytes)
                    pending.clear()
                }
            }
        } catch let error as AppError {
            throw error
        } catch {
            // The connection dropped: what did arrive is acknowledged, and the client resumes from there.
            if pending.readableBytes > 0 { try await commit(pending, at: committed) }
            throw error
        }
        if pending.readableBytes > 0 {
            try await commit(pending, at: committed)
            committed += Int64(pending.readableBytes)
        }
        return committed
    }

    static func tooLong(_ length: Int64) -> AppError {
        AppError(.payloadTooLarge, "upload_exceeds_length", "Dữ liệu gửi lên vượt quá độ dài đã khai báo (Upload-Length: \(length) byte).")
    }

    /// The finished upload's bytes, checked to be complete and contiguous.
    static func contents(of upload: ResumableUpload, on db: Database) async throws -> ByteBuffer {
        guard upload.isComplete else {
            throw AppError(.conflict, "upload_incomplete",
                           "Tệp “\(upload.filename)” mới tải lên được \(upload.uploadOffset)/\(upload.uploadLength) byte; hãy chờ tải xong rồi gắn vào hồ sơ.")
        }
        let chunks = try await UploadChunk.query(on: db).filter(\.$upload.$id == upload.requireID()).sort(\.$offset).all()
        var buffer = ByteBuffer()
        buffer.reserveCapacity(Int(clamping: upload.uploadLength))
        for chunk in chunks {
            guard chunk.offset == Int64(buffer.readableBytes) else {
                throw AppError(.conflict, "upload_damaged", "Tệp “\(upload.filename)” tải lên không liền mạch; vui lòng tải lại.")
            }
            buffer.writeBytes(chunk.data)
        }
        guard Int64(buffer.readableBytes) == upload.uploadLength else {
            throw AppError(.conflict, "upload_damaged", "Tệp “\(upload.filename)” tải lên không đủ dữ liệu; vui lòng tải lại.")
        }
        return buffer
    }

    static func delete(_ upload: ResumableUpload, on db: Database) async throws {
        let id = try upload.requireID()
        try await UploadChunk.query(on: db).filter(\.$upload.$id == id).delete()
        try await ResumableUpload.query(on: db).filter(\.$id == id).delete()
    }

    /// Removes uploads older than 24 hours, finished or not, a batch at a time.
    @discardableResult
    static func sweep(before now: Date, on db: Database, limit: Int = 500) async throws -> Int {
        let stale = try await ResumableUpload.query(on: db).filter(\.$expiresAt <= now).limit(limit).all(\.$id)
        guard !stale.isEmpty else { return 0 }
        try await UploadChunk.query(on: db).filter(\.$upload.$id ~~ stale).delete()
        try await ResumableUpload.query(on: db).filter(\.$id ~~ stale).delete()
        return stale.count
    }
}
