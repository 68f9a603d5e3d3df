import Fluent
import SQLKit
import Vapor
import MotCuaCore

/// What the public may know about a dossier: no CCCD, phone, e-mail or address ever leaves the
/// database here (they are not even selected), and the name is masked before it leaves this type.
struct PublicDossier: Sendable {
    let code: String
    let procedure: ProcedureRef
    let status: DossierStatus
    let applicantName: String
    let receivedAt: Date
    let appointmentAt: Date?
    let resolvedAt: Date?
    let returnedAt: Date?
    let timeline: [TimelineEntryDTO]

    /// Accepts what a person types or a scanner sends (spaces, lower case) and returns the canonical code,
    /// or the Vietnamese explanation of what is wrong with it.
    static func normalise(_ raw: String) -> Result<String, ValidationFailure> {
        do { return .success(try DossierCode(raw).value) } catch { return .failure(error) }
    }

    /// Two indexed queries: the dossier by its unique code (joined to its procedure), then its events.
    /// Raw SQL rather than Fluent models keeps the public hot path to the columns it shows; this endpoint
    /// is benchmarked against `/health`.
    static func find(code: String, on db: Database) async throws -> PublicDossier? {
        guard let sql = db as? SQLDatabase else { throw AppError(.internalServerError, "no_sql", "Cơ sở dữ liệu không hỗ trợ truy vấn SQL.") }
        guard let row = try await sql.raw("""
            SELECT d.code, d.status, d.applicant_name, d.received_at, d.appointment_at, d.resolved_at, d.returned_at,
                   p.code AS procedure_code, p.name AS procedure_name
            FROM dossiers d JOIN procedures p ON p.id = d.procedure_id
            WHERE d.code = \(bind: code)
            """).first()
        else { return nil }
        // Joined by code rather than by id: the id would have to be decoded and re-bound, and the code index answers at once.
        let eventRows = try await sql.raw("""
            SELECT e.at, e.action, e.from_status, e.to_status, e.note
            FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
            WHERE d.code = \(bind: code)
            ORDER BY e.at
            """).all()
        let timeline = try eventRows.map { row in
            let event = DossierEvent()
            event.at = try row.decode(column: "at", as: Date.self)
            event.action = try row.decode(column: "action", as: String.self)
            event.fromStatus = try row.decode(column: "from_status", as: Int?.self)
            event.toStatus = try row.decode(column: "to_status", as: Int.self)
            event.note = try row.decode(column: "note", as: String?.self)
            // Not selected, never shown to the public; set so that the model is complete.
            event.actorName = ""
            event.fromUnit = nil
            event.toUnit = nil
            return TimelineEntryDTO(event, forPublic: true)
        }
        let statusCode = try row.decode(column: "status", as: Int.self)
        return PublicDossier(
            code: try row.decode(column: "code", as: String.self),
            procedure: ProcedureRef(code: try row.decode(column: "procedure_code", as: String.self),
                                    name: try row.decode(column: "procedure_name", as: String.self)),
            status: DossierStatus(rawValue: statusCode) ?? .new,
            applicantName: PersonName.masked(try row.decode(column: "applicant_name", as: String.self)),
            receivedAt: try row.decode(column: "received_at", as: Date.self),
            appointmentAt: try row.decode(column: "appointment_at", as: Date?.self),
            resolvedAt: try row.decode(column: "resolved_at", as: Date?.self),
            returnedAt: try row.decode(column: "returned_at", as: Date?.self),
            timeline: timeline)
    }
}

/// The absolute address of a dossier's public lookup page: what the QR codes on the page and on the slips open.
enum LookupLink {
    static func path(_ code: String) -> String { "/tra-cuu/" + code }

    /// `MOTCUA_PUBLIC_URL` when set (behind a proxy the Host header names the proxy's upstream),
    /// otherwise the Host this request came to.
    static func url(_ code: String, request: Request) -> String {
        base(request) + path(code)
    }

    static func base(_ request: Request) -> String {
        if var configured = request.application.settings.publicBaseURL, !configured.isEmpty {
            while configured.hasSuffix("/") { configured.removeLast() }
            return configured
        }
        // A Host header is client input: only a plain host[:port] may end up in a printed QR code.
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")
        guard let host = request.headers.first(name: .host), !host.isEmpty, host.count <= 255,
              host.unicodeScalars.allSatisfy(allowed.contains) else { return "http://localhost" }
        return "http://" + host
    }
}
