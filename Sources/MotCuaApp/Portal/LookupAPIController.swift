import Vapor
import MotCuaCore

/// `GET /api/v1/lookup/{code}`: the public status of a dossier for integrations (kiosks, the national portal, apps).
/// No login, no session, no templates: it is the hot path that the benchmark compares with `/health`.
struct LookupAPIController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.grouped(RateLimitMiddleware(limiter: RateLimiter()))
            .get("lookup", ":code", use: lookup)
    }

    /// The contract of issue 3, written by hand (`JSONEncoder` was an eighth of the request's CPU). Absent dossier
    /// dates are written as `null`, not left out, so that clients can rely on every key; in timeline entries an absent
    /// `fromStatus` or `note` is left out, as the Codable `TimelineEntryDTO` always did.
    static func body(_ dossier: PublicDossier) -> ByteBuffer {
        var json = JSONWriter(capacity: 512 + 256 * dossier.timeline.count)
        json.beginObject()
        json.key("code"); json.string(dossier.code)
        json.key("procedure"); json.beginObject()
        json.key("code"); json.string(dossier.procedure.code)
        json.key("name"); json.string(dossier.procedure.name)
        json.endObject()
        json.key("status"); status(StatusDTO(code: dossier.status.rawValue, label: dossier.status.label), into: &json)
        json.key("applicantName"); json.string(dossier.applicantName)
        json.key("receivedAt"); json.date(dossier.receivedAt)
        json.key("appointmentAt"); json.date(dossier.appointmentAt)
        json.key("resolvedAt"); json.date(dossier.resolvedAt)
        json.key("returnedAt"); json.date(dossier.returnedAt)
        json.key("timeline"); json.beginArray()
        for entry in dossier.timeline {
            json.beginObject()
            json.key("at"); json.date(entry.at)
            json.key("action"); json.string(entry.action)
            json.key("actionLabel"); json.string(entry.actionLabel)
            if let from = entry.fromStatus { json.key("fromStatus"); status(from, into: &json) }
            json.key("toStatus"); status(entry.toStatus, into: &json)
            if let note = entry.note { json.key("note"); json.string(note) }
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.buffer
    }

    private static func status(_ status: StatusDTO, into json: inout JSONWriter) {
        json.beginObject()
        json.key("code"); json.int(status.code)
        json.key("label"); json.string(status.label)
        json.endObject()
    }

    @Sendable func lookup(req: Request) async throws -> Response {
        let raw = req.parameters.get("code") ?? ""
        let code: String
        switch PublicDossier.normalise(raw) {
        case .success(let value): code = value
        case .failure(let failure):
            // A malformed code cannot name a dossier: same 404 as an unknown one, with the reason it is malformed.
            throw AppError(.notFound, "dossier_not_found", failure.message)
        }
        guard let dossier = try await PublicDossier.find(code: code, on: req.db) else {
            throw AppError(.notFound, "dossier_not_found",
                           "Không tìm thấy hồ sơ có mã \(code). Vui lòng kiểm tra lại mã in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.")
        }
        var headers = HTTPHeaders()
        headers.contentType = .json
        // The status changes as the dossier moves: caches must ask again.
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        return Response(status: .ok, headers: headers, body: .init(buffer: Self.body(dossier)))
    }
}
