import Fluent
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
    let timeline: [PublicTimelineEntry]

    /// Accepts what a person types or a scanner sends (spaces, lower case) and returns the canonical code,
    /// or the Vietnamese explanation of what is wrong with it.
    static func normalise(_ raw: String) -> Result<String, ValidationFailure> {
        do { return .success(try DossierCode(raw).value) } catch { return .failure(error) }
    }

    /// The query, its one parameter (the code) written the way each database names it.
    static func lookupSQL(parameter: String) -> String {
        """
        SELECT d.code, d.status, d.applicant_name, d.received_at, d.appointment_at, d.resolved_at, d.returned_at,
               p.code AS procedure_code, p.name AS procedure_name,
               e.at, e.action, e.from_status, e.to_status, e.note
        FROM dossiers d JOIN procedures p ON p.id = d.procedure_id
        LEFT JOIN dossier_events e ON e.dossier_id = d.id AND e.action <> '\(DossierEvent.assignAction)' -- internal: who in the office handles it
        WHERE d.code = \(parameter)
        ORDER BY e.at
        """
    }

    static func make<Row: PublicDossierRow>(from rows: [Row]) throws -> PublicDossier? {
        guard let row = rows.first else { return nil }
        var timeline: [PublicTimelineEntry] = []
        timeline.reserveCapacity(rows.count)
        for eventRow in rows {
            // A dossier without events still comes back as one row, its event columns null.
            guard let at = try eventRow.date("at") else { continue }
            timeline.append(PublicTimelineEntry(
                at: at, action: try eventRow.string("action").required("action"), fromStatus: try eventRow.int("from_status"),
                toStatus: try eventRow.int("to_status").required("to_status"), note: try eventRow.string("note")))
        }
        let statusCode = try row.int("status").required("status")
        return PublicDossier(
            code: try row.string("code").required("code"),
            procedure: ProcedureRef(code: try row.string("procedure_code").required("procedure_code"),
                                    name: try row.string("procedure_name").required("procedure_name")),
            status: DossierStatus(rawValue: statusCode) ?? .new,
            applicantName: PersonName.masked(try row.string("applicant_name").required("applicant_name")),
            receivedAt: try row.date("received_at").required("received_at"),
            appointmentAt: try row.date("appointment_at"),
            resolvedAt: try row.date("resolved_at"),
            returnedAt: try row.date("returned_at"),
            timeline: timeline)
    }
}

private extension Optional {
    func required(_ column: String) throws -> Wrapped {
        guard let self else { throw LookupColumnError(column: column) }
        return self
    }
}

/// What the public sees of one event: the same values as `TimelineEntryDTO(event, forPublic: true)`, built from a
/// row without a `DossierEvent` model ("Lookup JSON writer" tests that the two agree for every action).
struct PublicTimelineEntry: Sendable {
    let at: Date
    let action: String
    let actionLabel: String
    let fromStatus: StatusDTO?
    let toStatus: StatusDTO
    /// Only the notes written for the citizen (what to supplement, why refused or rescheduled, how returned).
    let note: String?

    static let publicNoteActions: Set<String> = [DossierAction.requestSupplement.rawValue, DossierAction.refuse.rawValue,
                                                 DossierAction.reschedule.rawValue, DossierAction.return.rawValue]

    init(at: Date, action: String, fromStatus: Int?, toStatus: Int, note: String?) {
        self.at = at
        self.action = action
        actionLabel = action == DossierEvent.intakeAction ? "Nộp hồ sơ" : (DossierAction(rawValue: action)?.label ?? action)
        self.fromStatus = fromStatus.flatMap(DossierStatus.init(rawValue:)).map { StatusDTO(code: $0.rawValue, label: $0.label) }
        let to = DossierStatus(rawValue: toStatus) ?? .new
        self.toStatus = StatusDTO(code: to.rawValue, label: to.label)
        self.note = Self.publicNoteActions.contains(action) ? note : nil
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
