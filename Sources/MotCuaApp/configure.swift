import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import NIOSSL
import Vapor

/// How the process was started: `serve` (production) or `demo` (embedded database, seeded province).
public enum RunMode: Sendable { case production, demo }

public struct AppOptions: Sendable {
    public var mode: RunMode
    public var database: DatabaseChoice?
    public var bcryptCost: Int
    /// Background work (the mail and SMS outbox) runs under `serve`/`demo` only: not under `migrate`, other commands or tests.
    public var runsBackgroundWork: Bool
    /// Whether this process holds a LISTEN connection for live events from other nodes (PostgreSQL): by default the
    /// processes that serve; tests ask for it only where they watch live events, so that hundreds of test
    /// applications on one server do not each hold one more connection.
    public var listensForEvents: Bool?

    public init(mode: RunMode = .production, database: DatabaseChoice? = nil, bcryptCost: Int = 10, runsBackgroundWork: Bool = false,
                listensForEvents: Bool? = nil) {
        self.mode = mode
        self.database = database
        self.bcryptCost = bcryptCost
        self.runsBackgroundWork = runsBackgroundWork
        self.listensForEvents = listensForEvents
    }
}

public func configure(_ app: Application, options: AppOptions = AppOptions()) async throws {
    var settings = Settings.fromEnvironment()
    settings.demoMode = options.mode == .demo
    app.settings = settings
    app.mailSettings = try MailSettings.fromEnvironment()
    app.paymentSettings = try PaymentSettings.fromEnvironment(demoMode: settings.demoMode)
    app.smsSettings = try SMSSettings.fromEnvironment()
    app.directory = DirectoryConfiguration(workingDirectory: ProjectRoot.locate())

    let database = options.database ?? (options.mode == .demo
        ? .sqliteFile(path: (settings.dataDirectory as NSString).appendingPathComponent("motcua.sqlite"))
        : DatabaseChoice.fromEnvironment(dataDirectory: settings.dataDirectory))
    try configureDatabase(app, database, runsServer: options.listensForEvents ?? options.runsBackgroundWork)
    app.storage[DatabaseChoiceKey.self] = database
    app.writeGate = WriteGate(enabled: database.label == "sqlite")
    app.lifecycle.use(EventHubCloser(hub: app.eventHub))
    app.queueSettings = QueueSettings.fromEnvironment()
    app.storage[Application.KioskLimiterKey.self] = RateLimiter()
    app.intakeWriter = IntakeWriter()

    app.passwords.use(.bcrypt(cost: options.bcryptCost))
    app.sessions.use(.fluent)
    app.sessions.configuration.cookieName = "motcua_session"
    let cookieSecure = settings.cookieSecure
    app.sessions.configuration.cookieFactory = { sessionID in
        .init(string: sessionID.string, expires: Date(timeIntervalSinceNow: 10 * 3600), maxAge: nil, domain: nil, path: "/",
              isSecure: cookieSecure, isHTTPOnly: true, sameSite: .lax)
    }
    app.views.use(.leaf)
    app.leaf.cache.isEnabled = app.environment.isRelease
    app.routes.defaultMaxBodySize = "1mb"

    app.middleware = Middlewares()
    let inFlight = InFlightRequests()
    app.middleware.use(inFlight)
    app.lifecycle.use(inFlight)
    app.middleware.use(RouteLoggingMiddleware(logLevel: .debug))
    app.middleware.use(SecurityHeaders(strictTransport: settings.cookieSecure))
    app.middleware.use(ErrorRendering())
    app.middleware.use(RequestShapeLimits())
    app.middleware.use(PublicFiles(directory: app.directory.publicDirectory))

    app.storage[Application.AccountLimiterKey.self] = RateLimiter()
    app.storage[Application.IPNAuditLimiterKey.self] = RateLimiter(maxClients: 10_000)
    registerMigrations(app)
    registerCommands(app)
    try routes(app)
    if options.runsBackgroundWork {
        app.lifecycle.use(UploadSweeper.job())
        app.lifecycle.use(PaymentReconciler.job())
    }
    if options.runsBackgroundWork, let worker = OutboxWorker(app: app) {
        app.lifecycle.use(OutboxWorkerService(worker: worker))
    }

    if options.mode == .demo {
        try await app.autoMigrate()
        if try await !DemoSeed.isSeeded(on: app.db) {
            try await DemoSeed.run(on: app.db, catalogURL: DemoSeed.catalogURL(app), passwordHash: app.password.hash(DemoSeed.password), logger: app.logger)
            // A demo with a year of history: inboxes, lookups and statistics have something to show.
            let calendar = try await CalendarService.workingCalendar(on: app.db, schedule: settings.schedule)
            let history = try await DossierGenerator(options: .init(count: DemoSeed.historyDossiers, years: 1, now: app.clock.now()),
                                                     calendar: calendar).run(on: app.db)
            try await DemoSeed.assignDemoWork(on: app.db, now: app.clock.now())
            try await DemoCitizenDossiers.seed(on: app.db, now: app.clock.now(), calendar: calendar)
            try await DemoDocuments.seed(on: app.db, now: app.clock.now())
            try await DossierChangeLog.backfill(on: app.db)
            app.logger.info("Đã sinh \(history.dossiers) hồ sơ mẫu của năm qua.")
        }
    }
}

struct DatabaseChoiceKey: StorageKey { typealias Value = DatabaseChoice }

extension Application {
    var databaseChoice: DatabaseChoice { storage[DatabaseChoiceKey.self] ?? .sqliteMemory }
}

private func configureDatabase(_ app: Application, _ choice: DatabaseChoice, runsServer: Bool) throws {
    switch choice {
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory), as: .sqlite)
    case .sqliteFile(let path):
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        // Large uploads queue for SQLite's one writer: wait as long as PostgreSQL's pool does before answering 503.
        app.databases.use(.sqlite(.file(path), connectionPoolTimeout: .seconds(30)), as: .sqlite)
        app.lifecycle.use(SQLiteTuning())
    case .postgres(let url), .postgresSchema(let url, _):
        var config = try SQLPostgresConfiguration(url: url)
        if !url.contains("sslmode=") { config.coreConfiguration.tls = .disable }
        var connectionsPerLoop = 8
        if case .postgresSchema(_, let schema) = choice {
            config.searchPath = [schema]
            // Tests run side by side on one server: a small pool each keeps them under its connection limit.
            connectionsPerLoop = 2
        }
        app.databases.use(.postgres(configuration: config, maxConnectionsPerEventLoop: connectionsPerLoop, connectionPoolTimeout: .seconds(30)), as: .psql)
        // Live events cross nodes through NOTIFY on a channel of this schema (test schemas on one server stay apart).
        var channel = "motcua_events"
        if case .postgresSchema(_, let schema) = choice { channel += "_" + schema }
        let hub = EventHub(channel: channel)
        app.eventHub = hub
        // Only a process that serves needs the LISTEN connection (not `migrate` or other commands, nor tests that
        // do not watch live events).
        if runsServer {
            let listener = PostgresEventListener(hub: hub, configuration: config.coreConfiguration, channel: channel)
            app.postgresEventListener = listener
            app.lifecycle.use(listener)
        }
    }
    // Every timeline event written through Fluent also counts in the officers' roll-ups, in its transaction.
    app.databases.middleware.use(DossierEventRollupMiddleware())
}

func registerMigrations(_ app: Application) {
    app.migrations.add(SessionRecord.migration)
    app.migrations.add(CreateAgency())
    app.migrations.add(CreateUser())
    app.migrations.add(CreateApiToken())
    app.migrations.add(CreateProcedure())
    app.migrations.add(CreateCalendarOverride())
    app.migrations.add(CreateDossierTables())
    app.migrations.add(AddStatisticsIndexes())
    app.migrations.add(CreateLoginThrottles())
    app.migrations.add(AddDossierRequestFingerprint())
    app.migrations.add(AddProcedureSortKey())
    app.migrations.add(AddAgencySigners())
    app.migrations.add(AddDossierAssignmentAndCollection())
    app.migrations.add(CreateAuditEntry())
    app.migrations.add(AddCitizenAccounts())
    app.migrations.add(CreateResumableUploads())
    app.migrations.add(CreateOnlineFiling())
    app.migrations.add(CreateRatings())
    app.migrations.add(CreateOutboxMessages())
    app.migrations.add(CreatePayments())
    app.migrations.add(AddOutboxChannel())
    app.migrations.add(CreateHubEvents())
    app.migrations.add(CreateQueueTables())
    app.migrations.add(AddQueueAreaHours())
    app.migrations.add(CreateWorkCalendar())
    // The electronic office (Documents/)
    app.migrations.add(CreateOfficialDocuments())
    // Issue 13: reports, sync feed.
    app.migrations.add(CreateReportTables())
    app.migrations.add(AddEventActorIndex())
    app.migrations.add(AddLateDossierIndex())
    app.migrations.add(AddEvaluationRollups())
    app.migrations.add(CreateOfficerRollups())
}

/// The folder holding Resources/ and Public/: the working directory when run from a checkout,
/// otherwise the package root derived from this source file (tests, `swift run` from elsewhere).
enum ProjectRoot {
    static func locate() -> String {
        let cwd = FileManager.default.currentDirectoryPath
        if FileManager.default.fileExists(atPath: cwd + "/Resources/Views") { return cwd + "/" }
        let source = URL(fileURLWithPath: #filePath)
        return source.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path + "/"
    }
}

extension DemoSeed {
    static func catalogURL(_ app: Application) -> URL {
        URL(fileURLWithPath: app.directory.resourcesDirectory + "Seed/procedures-demo.json")
    }
}
