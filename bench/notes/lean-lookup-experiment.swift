import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor
import MotCuaCore

// Not compiled: the experiment behind bench/README.md "Why lookup is below goal". It was mounted for one run at
// /api/v1/statistics-experiment/lookup/{code}?v=1…4 to measure what each change to the public lookup buys:
// v=1 one query + no Fluent models + JSONEncoder; v=2 one query + hand-written JSON; v=3 the current two queries +
// hand-written JSON; v=4 v=2 + SQLite mmap_size/cache_size.
enum LookupExperiment {
    static let primed = NIOLockedValueBox(0)
    struct Entry: Encodable {
        let at: Date; let action: String; let actionLabel: String; let fromStatus: StatusDTO?; let toStatus: StatusDTO; let note: String?
    }
    struct Body: Encodable {
        let code: String; let procedure: ProcedureRef; let status: StatusDTO; let applicantName: String
        let receivedAt: Date; let appointmentAt: Date?; let resolvedAt: Date?; let returnedAt: Date?; let timeline: [Entry]
    }

    static func handle(req: Request) async throws -> Response {
        let variant = req.url.query == "v=1" ? 1 : req.url.query == "v=3" ? 3 : req.url.query == "v=4" ? 4 : 2
        if variant == 4, primed.withLockedValue({ $0 += 1; return $0 <= 64 }), let sql = req.db as? SQLDatabase { try await sql.raw("PRAGMA mmap_size=4000000000").run(); try await sql.raw("PRAGMA cache_size=-65536").run() }
        let code = try DossierCode(req.parameters.get("code") ?? "").value
        guard let sql = req.db as? SQLDatabase else { throw Abort(.internalServerError) }
        if variant == 3 {
            guard let dossier = try await PublicDossier.find(code: code, on: req.db) else { throw Abort(.notFound) }
            var w = JSONText()
            w.open(); w.key("code"); w.string(dossier.code)
            w.key("procedure"); w.open(); w.key("code"); w.string(dossier.procedure.code); w.key("name"); w.string(dossier.procedure.name); w.close()
            w.key("status"); w.status(StatusDTO(code: dossier.status.rawValue, label: dossier.status.label))
            w.key("applicantName"); w.string(dossier.applicantName)
            w.key("receivedAt"); w.date(dossier.receivedAt); w.key("appointmentAt"); w.date(dossier.appointmentAt)
            w.key("resolvedAt"); w.date(dossier.resolvedAt); w.key("returnedAt"); w.date(dossier.returnedAt)
            w.key("timeline"); w.text += "["
            for (i, e) in dossier.timeline.enumerated() {
                if i > 0 { w.text += "," }
                w.open(); w.key("at"); w.date(e.at); w.key("action"); w.string(e.action); w.key("actionLabel"); w.string(e.actionLabel)
                w.key("fromStatus"); if let f = e.fromStatus { w.status(f) } else { w.text += "null" }
                w.key("toStatus"); w.status(e.toStatus); w.key("note"); if let n = e.note { w.string(n) } else { w.text += "null" }
                w.close()
            }
            w.text += "]"; w.close()
            var headers = HTTPHeaders(); headers.contentType = .json
            return Response(status: .ok, headers: headers, body: .init(string: w.text))
        }
        let rows = try await sql.raw("""
            SELECT d.code, d.status, d.applicant_name, d.received_at, d.appointment_at, d.resolved_at, d.returned_at,
                   p.code AS procedure_code, p.name AS procedure_name, e.at, e.action, e.from_status, e.to_status, e.note
            FROM dossiers d JOIN procedures p ON p.id = d.procedure_id
            LEFT JOIN dossier_events e ON e.dossier_id = d.id
            WHERE d.code = \(bind: code)
            ORDER BY e.at
            """).all()
        guard let first = rows.first else { throw Abort(.notFound) }
        func status(_ raw: Int) -> StatusDTO { let s = DossierStatus(rawValue: raw) ?? .new; return StatusDTO(code: s.rawValue, label: s.label) }
        let publicNotes: Set<String> = ["request-supplement", "refuse", "reschedule", "return"]
        var timeline: [Entry] = []
        for row in rows {
            guard let at = try row.decode(column: "at", as: Date?.self) else { continue }
            let action = try row.decode(column: "action", as: String.self)
            let label = action == DossierEvent.intakeAction ? "Nộp hồ sơ" : (DossierAction(rawValue: action)?.label ?? action)
            timeline.append(Entry(at: at, action: action, actionLabel: label,
                                  fromStatus: try row.decode(column: "from_status", as: Int?.self).map(status),
                                  toStatus: status(try row.decode(column: "to_status", as: Int.self)),
                                  note: publicNotes.contains(action) ? try row.decode(column: "note", as: String?.self) : nil))
        }
        let body = Body(code: try first.decode(column: "code", as: String.self),
                        procedure: ProcedureRef(code: try first.decode(column: "procedure_code", as: String.self), name: try first.decode(column: "procedure_name", as: String.self)),
                        status: status(try first.decode(column: "status", as: Int.self)),
                        applicantName: PersonName.masked(try first.decode(column: "applicant_name", as: String.self)),
                        receivedAt: try first.decode(column: "received_at", as: Date.self),
                        appointmentAt: try first.decode(column: "appointment_at", as: Date?.self),
                        resolvedAt: try first.decode(column: "resolved_at", as: Date?.self),
                        returnedAt: try first.decode(column: "returned_at", as: Date?.self), timeline: timeline)
        if variant == 1 {
            let response = Response(status: .ok)
            try response.content.encode(body, as: .json)
            return response
        }
        var w = JSONText()
        w.open(); w.key("code"); w.string(body.code)
        w.key("procedure"); w.open(); w.key("code"); w.string(body.procedure.code); w.key("name"); w.string(body.procedure.name); w.close()
        w.key("status"); w.status(body.status)
        w.key("applicantName"); w.string(body.applicantName)
        w.key("receivedAt"); w.date(body.receivedAt); w.key("appointmentAt"); w.date(body.appointmentAt)
        w.key("resolvedAt"); w.date(body.resolvedAt); w.key("returnedAt"); w.date(body.returnedAt)
        w.key("timeline"); w.text += "["
        for (i, e) in body.timeline.enumerated() {
            if i > 0 { w.text += "," }
            w.open(); w.key("at"); w.date(e.at); w.key("action"); w.string(e.action); w.key("actionLabel"); w.string(e.actionLabel)
            w.key("fromStatus"); if let f = e.fromStatus { w.status(f) } else { w.text += "null" }
            w.key("toStatus"); w.status(e.toStatus); w.key("note"); if let n = e.note { w.string(n) } else { w.text += "null" }
            w.close()
        }
        w.text += "]"; w.close()
        var headers = HTTPHeaders(); headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(string: w.text))
    }
}

struct JSONText {
    var text = ""
    var needComma = false
    mutating func open() { text += "{"; needComma = false }
    mutating func close() { text += "}"; needComma = true }
    mutating func key(_ k: String) { if needComma { text += "," }; text += "\"\(k)\":"; needComma = true }
    mutating func status(_ s: StatusDTO) { let c = needComma; text += "{\"code\":\(s.code),\"label\":"; string(s.label); text += "}"; needComma = c }
    mutating func string(_ s: String) {
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { text += "\""; text += s; text += "\""; return }
        text += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default: if u.value < 0x20 { text += String(format: "\\u%04x", u.value) } else { text.unicodeScalars.append(u) }
            }
        }
        text += "\""
    }
    mutating func date(_ d: Date?) {
        guard let d else { text += "null"; return }
        let s = Int(d.timeIntervalSince1970.rounded(.down))
        let day = LocalDate(d, timeZone: TimeZone(secondsFromGMT: 0)!)
        let sec = ((s % 86400) + 86400) % 86400
        func p2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        text += "\"\(day.year)-\(p2(day.month))-\(p2(day.day))T\(p2(sec / 3600)):\(p2(sec / 60 % 60)):\(p2(sec % 60))Z\""
    }
}
