import Vapor
import MotCuaCore

/// `/tra-cuu`: the citizen's lookup by dossier code, typed or scanned (a scanner types the code and Enter).
/// Public: no login, and no session is created for a visitor (the pages post no form).
struct LookupPageController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        let lookup = routes.grouped(RateLimitMiddleware(limiter: RateLimiter())).grouped("tra-cuu")
        lookup.get(use: search)
        lookup.get(":code", use: show)
    }

    struct SearchPage: Encodable {
        let title: String
        let page: PageContext
        let typed: String
        let error: String?
        let notFound: Bool
    }

    /// The form, or — with `?ma=` from this form or the home page — a redirect to the dossier's page.
    @Sendable func search(req: Request) async throws -> Response {
        guard let typed = req.query[String.self, at: "ma"]?.trimmingCharacters(in: .whitespacesAndNewlines).uppercased() else {
            return try await Self.searchPage(req, typed: "", error: nil, status: .ok)
        }
        switch PublicDossier.normalise(typed) {
        case .success(let code):
            return req.redirect(to: LookupLink.path(code), redirectType: .normal)
        case .failure(let failure):
            return try await Self.searchPage(req, typed: typed, error: failure.message, status: .badRequest)
        }
    }

    @Sendable func show(req: Request) async throws -> Response {
        let raw = req.parameters.get("code") ?? ""
        let code: String
        switch PublicDossier.normalise(raw) {
        case .success(let value): code = value
        case .failure(let failure):
            return try await Self.searchPage(req, typed: raw.uppercased(), error: failure.message, status: .notFound, notFound: true)
        }
        // One address per dossier, whatever case or spacing the scanner sent.
        if code != raw { return req.redirect(to: LookupLink.path(code), redirectType: .normal) }
        guard let dossier = try await PublicDossier.find(code: code, on: req.db) else {
            let message = "Không tìm thấy hồ sơ có mã \(code). Vui lòng kiểm tra lại từng ký tự của mã in trên Giấy tiếp nhận hồ sơ "
                + "và hẹn trả kết quả, hoặc liên hệ Bộ phận một cửa nơi đã nộp hồ sơ."
            return try await Self.searchPage(req, typed: code, error: message, status: .notFound, notFound: true)
        }
        let view = try await req.view.render("Portal/dossier", try LookupDossierPage(dossier, request: req))
        let response = try await view.encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        return response
    }

    static func searchPage(_ req: Request, typed: String, error: String?, status: HTTPStatus, notFound: Bool = false) async throws -> Response {
        let view = try await req.view.render("Portal/search", SearchPage(
            title: notFound ? "Không tìm thấy hồ sơ" : "Tra cứu hồ sơ", page: PageContext(req),
            typed: typed, error: error, notFound: notFound))
        return try await view.encodeResponse(status: status, for: req)
    }
}
