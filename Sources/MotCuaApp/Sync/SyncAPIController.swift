import Fluent
import SQLKit
import Vapor

/// `GET /api/v1/sync/changes?since=<cursor>&limit=<n>`: every dossier of the account's agency subtree changed after the
/// cursor, in log order, each at its latest state (role `integration`, bearer token). See `DossierChangeLog`.
struct SyncAPIController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("sync", "changes", use: changes)
    }

    struct Item: Content {
        struct Status: Content { let code: Int }
        let code: String
        let procedureCode: String
        let agencyCode: String
        let status: Status
        let receivedAt: Date
        let appointmentAt: Date?
        let resolvedAt: Date?
        let returnedAt: Date?
        let channel: String
        let changedAt: Date
    }

    struct Page: Content {
        let items: [Item]
        let next: String
    }

    /// "<xid>.<seq>": a position in the log; "0.0" is before everything. Positions never expire.
    struct Cursor: Equatable {
        let xid: Int64
        let seq: Int64

        init(xid: Int64, seq: Int64) { self.xid = xid; self.seq = seq }

        init(_ raw: String?) throws {
            let text = raw?.trimmingCharacters(in: .whitespaces) ?? ""
            if text.isEmpty { self.init(xid: 0, seq: 0); return }
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard text.count <= 41, parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
                  let xid = Int64(parts[0]), let seq = Int64(parts[1]) else {
                throw AppError.badRequest("invalid_cursor", "Con trỏ đồng bộ (since) “\(text.prefix(41))” không hợp lệ: dùng đúng giá trị “next” của lần gọi trước, hoặc bỏ trống để lấy từ đầu.")
            }
            self.init(xid: xid, seq: seq)
        }

        var text: String { "\(xid).\(seq)" }
    }

    static let maxLimit = 1000

    @Sendable func changes(req: Request) async throws -> Page {
        let user = try req.requireUser()
        guard user.has(.integration) else {
            throw AppError(.forbidden, "integration_only", "Nguồn đồng bộ chỉ dành cho tài khoản tích hợp hệ thống (vai trò integration).")
        }
        guard let agencyID = user.$agency.id, let home = try await Agency.find(agencyID, on: req.db) else {
            throw AppError(.forbidden, "no_agency", "Tài khoản tích hợp chưa được gắn với cơ quan nào.")
        }
        let cursor = try Cursor(req.query[String.self, at: "since"])
        let rawLimit = req.query[String.self, at: "limit"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let limit: Int
        if rawLimit.isEmpty {
            limit = 100
        } else {
            guard rawLimit.count <= 6, let value = Int(rawLimit), (1...Self.maxLimit).contains(value) else {
                throw AppError.badRequest("invalid_limit", "Số bản ghi mỗi trang (limit) phải là số nguyên từ 1 đến \(Self.maxLimit).")
            }
            limit = value
        }
        return try await Self.page(after: cursor, limit: limit, pathPrefix: home.path, on: req.db)
    }

    /// One page. Rows of the log outside the subtree still move the cursor on, so a page never stalls on them.
    static func page(after cursor: Cursor, limit: Int, pathPrefix: String, on db: Database) async throws -> Page {
        guard let sql = db as? SQLDatabase else { throw AppError(.internalServerError, "no_sql", "Cơ sở dữ liệu không hỗ trợ SQL.") }
        // Below the oldest running transaction, nothing can commit later (PostgreSQL); SQLite writes one at a time.
        let visible = db.isPostgres ? "c.xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint" : "1 = 1"
        let rows = try await sql.raw("""
            SELECT c.xid AS xid, c.seq AS seq, c.changed_at AS changed_at, d.code AS code, d.status AS status, d.channel AS channel,
                   d.received_at AS received_at, d.appointment_at AS appointment_at, d.resolved_at AS resolved_at,
                   d.returned_at AS returned_at, d.handling_agency_path AS path, p.code AS procedure_code, a.code AS agency_code
            FROM dossier_changes c
            JOIN dossiers d ON d.id = c.dossier_id
            JOIN procedures p ON p.id = d.procedure_id
            JOIN agencies a ON a.id = d.handling_agency_id
            WHERE (c.xid > \(bind: cursor.xid) OR (c.xid = \(bind: cursor.xid) AND c.seq > \(bind: cursor.seq))) AND \(unsafeRaw: visible)
            ORDER BY c.xid, c.seq
            LIMIT \(unsafeRaw: String(limit))
            """).all()
        var items: [Item] = []
        var last = cursor
        for row in rows {
            last = Cursor(xid: try row.decode(column: "xid", as: Int64.self), seq: try row.decode(column: "seq", as: Int64.self))
            guard try row.decode(column: "path", as: String.self).hasPrefix(pathPrefix) else { continue }
            items.append(Item(code: try row.decode(column: "code", as: String.self),
                              procedureCode: try row.decode(column: "procedure_code", as: String.self),
                              agencyCode: try row.decode(column: "agency_code", as: String.self),
                              status: .init(code: try row.decode(column: "status", as: Int.self)),
                              receivedAt: try row.decode(column: "received_at", as: Date.self),
                              appointmentAt: try row.decode(column: "appointment_at", as: Date?.self),
                              resolvedAt: try row.decode(column: "resolved_at", as: Date?.self),
                              returnedAt: try row.decode(column: "returned_at", as: Date?.self),
                              channel: try row.decode(column: "channel", as: String.self),
                              changedAt: try row.decode(column: "changed_at", as: Date.self)))
        }
        return Page(items: items, next: last.text)
    }
}
