import Fluent
import Vapor

func routes(_ app: Application) throws {
    app.get("health", use: HealthController.health)

    let api = app.grouped("api", "v1").grouped(BearerTokenAuthenticator())
    try api.register(collection: AuthAPIController())
    try api.register(collection: CitizenAPIController())
    try api.register(collection: CatalogAPIController())
    try api.register(collection: DossierAttachmentAPIController())
    try api.register(collection: LookupAPIController())
    try api.register(collection: StatisticsAPIController())
    try api.register(collection: OpenAPIController())
    try api.register(collection: QueueAPIController())
    try api.register(collection: QueueStatisticsAPIController())
    try api.register(collection: DocumentAPIController())
    // Issue 13: reports, sync feed, public statistics.
    try api.register(collection: ReportAPIController())
    try api.register(collection: SyncAPIController())
    try api.register(collection: PublicStatisticsAPIController())
    // The gateway calls this server to server: signed, with no session or token.
    try app.register(collection: VNPayIPNController())
    if app.settings.demoMode, app.paymentSettings.usesSandbox {
        try app.register(collection: SandboxGatewayController())
    }

    // The SMS gateway's callback: its own bearer token (MOTCUA_SMS_TOKEN), never a user's token, session or CSRF.
    try app.grouped("api", "v1").register(collection: SMSInboundController())

    // What a citizen's pages call from the browser: the session counts as well as a bearer token.
    let citizenAPI = app.grouped("api", "v1").grouped(BrowserSession(app), BearerTokenAuthenticator(), APISessionAccess())
    try citizenAPI.register(collection: TusController())
    try citizenAPI.register(collection: DossierAPIController())
    try citizenAPI.register(collection: DraftAPIController())
    try citizenAPI.register(collection: MyDossiersAPIController())
    try citizenAPI.register(collection: RatingAPIController())
    try citizenAPI.register(collection: PaymentAPIController())
    // The counter console calls these from its page (session + X-CSRF-Token); other clients with a bearer token.
    try citizenAPI.register(collection: QueueCounterAPIController())

    let web = app.grouped(app.sessions.middleware, ActiveUserSessionAuthenticator(), CSRFProtection())
    try web.register(collection: HomeController())
    try web.register(collection: WebAuthController())
    try web.register(collection: CitizenAccountPageController())
    try web.register(collection: CitizenPortalController())
    try web.register(collection: OwnerRatingPage())
    try web.register(collection: CounterRatingController())
    try web.register(collection: CatalogPageController())
    try web.register(collection: LookupPageController())
    try web.register(collection: CounterController())
    try web.register(collection: SlipController())
    try web.register(collection: ProcessingController())
    try web.register(collection: StatisticsPageController())
    try web.register(collection: PaymentPages())
    try web.register(collection: QueuePages())
    try web.register(collection: CounterConsolePage())
    try web.register(collection: QueueStatisticsPage())
    try web.register(collection: WorkCalendarPublicController())
    try web.register(collection: WorkCalendarOfficeController())
    try web.register(collection: DocumentPages())
    try web.register(collection: ReportPageController())
    try web.register(collection: PublicStatisticsPage())
    try web.register(collection: EvaluationPageController())

    // Unknown addresses still pass through the session, so the error page knows who is signed in.
    web.get("**") { _ -> Response in throw AppError.notFound() }

    let admin = web.grouped("quan-tri").grouped(RequireRole(.administrator))
    try admin.register(collection: AdminHomeController())
    try admin.register(collection: AdminAgencyController())
    try admin.register(collection: AdminUserController())
    try admin.register(collection: AdminProcedureController())
    try admin.register(collection: AdminHolidayController())
    try admin.register(collection: AdminAuditController())
    try admin.register(collection: SentMailController(channel: .email))
    try admin.register(collection: SentMailController(channel: .sms))
    try admin.register(collection: AdminQueueController())
}
