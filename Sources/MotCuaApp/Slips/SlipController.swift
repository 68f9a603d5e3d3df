import Vapor

/// `GET /ho-so/{code}/phieu/{01…05}`: the Circular 01/2018 slips as standalone A5 print pages,
/// for officers who may see the dossier (anyone else gets the same 404 as for an unknown code).
struct SlipController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("ho-so", ":code", "phieu", ":form", use: show)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let scope = try await DossierScope.of(req)
        let dossier = try await scope.find(code: req.parameters.get("code") ?? "", on: req.db)
        let number = req.parameters.get("form") ?? ""
        guard let form = SlipForm(rawValue: number) else {
            throw AppError.notFound("Không có mẫu phiếu “\(number)”. Các mẫu in được: 01, 02, 03, 04, 05 (Thông tư 01/2018/TT-VPCP).")
        }
        let page = try await SlipBuilder.page(form, for: dossier, request: req)
        let response = try await req.view.render(form.template, page).encodeResponse(for: req)
        // Slips carry personal data: never kept by shared caches.
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }
}
