import Fluent
import Vapor

func routes(_ app: Application) throws {
    app.get("health", use: HealthController.health)

    let api = app.grouped("api", "v1").grouped(BearerTokenAuthenticator())
    try api.register(collection: AuthAPIController())
    try api.register(collection: CatalogAPIController())
    try api.register(collection: DossierAPIController())
    try api.register(collection: DossierAttachmentAPIController())
    try api.register(collection: LookupAPIController())
    try api.register(collection: StatisticsAPIController())
    try api.register(collection: OpenAPIController())

    let web = app.grouped(app.sessions.middleware, ActiveUserSessionAuthenticator(), CSRFProtection())
    try web.register(collection: HomeController())
    try web.register(collection: WebAuthController())
    try web.register(collection: CatalogPageController())
    try web.register(collection: LookupPageController())
    try web.register(collection: CounterController())
    try web.register(collection: SlipController())
    try web.register(collection: ProcessingController())
    try web.register(collection: StatisticsPageController())

    // Unknown addresses still pass through the session, so the error page knows who is signed in.
    web.get("**") { _ -> Response in throw AppError.notFound() }

    let admin = web.grouped("quan-tri").grouped(RequireRole(.administrator))
    try admin.register(collection: AdminHomeController())
    try admin.register(collection: AdminAgencyController())
    try admin.register(collection: AdminUserController())
    try admin.register(collection: AdminProcedureController())
    try admin.register(collection: AdminHolidayController())
    try admin.register(collection: AdminAuditController())
    try admin.register(collection: SentMailController())
}
