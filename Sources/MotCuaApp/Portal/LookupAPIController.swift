import Vapor
import MotCuaCore

/// `GET /api/v1/lookup/{code}`: the public status of a dossier for integrations (kiosks, the national portal, apps).
/// No login, no session, no templates: it is the hot path that the benchmark compares with `/health`.
struct LookupAPIController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.grouped(RateLimitMiddleware(limiter: RateLimiter()))
            .get("lookup", ":code", use: lookup)
    }

    /// The contract of issue 3. Absent dates are written as `null`, not left out, so that clients can rely on every key.
    struct LookupResponse: Content {
        let code: String
        let procedure: ProcedureRef
        let status: StatusDTO
        let applicantName: String
        let receivedAt: Date
        let appointmentAt: Date?
        let resolvedAt: Date?
        let returnedAt: Date?
        let timeline: [TimelineEntryDTO]

        init(_ dossier: PublicDossier) {
            code = dossier.code
            procedure = dossier.procedure
            status = StatusDTO(code: dossier.status.rawValue, label: dossier.status.label)
            applicantName = dossier.applicantName
            receivedAt = dossier.receivedAt
            appointmentAt = dossier.appointmentAt
            resolvedAt = dossier.resolvedAt
            returnedAt = dossier.returnedAt
            timeline = dossier.timeline
        }

        enum CodingKeys: String, CodingKey {
            case code, procedure, status, applicantName, receivedAt, appointmentAt, resolvedAt, returnedAt, timeline
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(code, forKey: .code)
            try c.encode(procedure, forKey: .procedure)
            try c.encode(status, forKey: .status)
            try c.encode(applicantName, forKey: .applicantName)
            try c.encode(receivedAt, forKey: .receivedAt)
            try c.encode(appointmentAt, forKey: .appointmentAt)
            try c.encode(resolvedAt, forKey: .resolvedAt)
            try c.encode(returnedAt, forKey: .returnedAt)
            try c.encode(timeline, forKey: .timeline)
        }
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
        let response = try await LookupResponse(dossier).encodeResponse(for: req)
        // The status changes as the dossier moves: caches must ask again.
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        return response
    }
}
