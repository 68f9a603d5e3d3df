import Fluent
import Vapor
import MotCuaCore

/// The one-stop counter ("Bộ phận một cửa"): the desk, intake and the return desk, for receptionists.
struct CounterController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        let desk = routes.grouped("mot-cua").grouped(RequireRole(.receptionist))
        desk.get(use: home)
        let intake = IntakePage()
        desk.get("tiep-nhan", use: intake.show)
        desk.postUpload("tiep-nhan", use: intake.submit)
        let returns = ReturnDesk()
        desk.get("tra-ket-qua", use: returns.show)
        desk.post("tra-ket-qua", ":code", use: returns.hand)
        try routes.register(collection: AttachmentDownloadController())
    }

    struct Counts: Encodable {
        let received: Int
        let accepted: Int
        let supplement: Int
        let refused: Int
        let awaitingReturn: Int
        let returned: Int
    }
    struct SlipLink: Encodable { let number: String; let title: String; let url: String }
    struct Row: Encodable {
        let code: String
        let applicantName: String
        let procedureName: String
        let statusCode: Int
        let statusLabel: String
        let receivedTime: String
        let appointment: String?
        let slips: [SlipLink]
    }
    struct DeskPage: Encodable {
        let title = "Bộ phận tiếp nhận và trả kết quả"
        let page: PageContext
        let agencyName: String
        let today: String
        let counts: Counts
        let rows: [Row]
        let metadata: PageMetadata
        let pager: Pager
        /// Filed online and waiting for the counter to check them (status 1), oldest first.
        let online: [OnlineRow]
        let onlineTotal: Int
    }
    struct OnlineRow: Encodable { let code: String; let applicantName: String; let procedureName: String; let submitted: String; let statusLabel: String }

    @Sendable func home(req: Request) async throws -> View {
        let scope = try await DossierScope.of(req)
        let agencyID = try scope.agency.requireID()
        let day = LocalDate(req.now)
        let start = day.at(hour: 0, minute: 0), end = day.adding(days: 1).at(hour: 0, minute: 0)
        func today() -> QueryBuilder<Dossier> {
            Dossier.query(on: req.db).filter(\.$receivingAgency.$id == agencyID).filter(\.$receivedAt >= start).filter(\.$receivedAt < end)
        }
        let counts = Counts(
            received: try await today().count(),
            accepted: try await today().filter(\.$wasAccepted == true).count(),
            supplement: try await today().filter(\.$statusCode == DossierStatus.supplementRequested.rawValue).count(),
            refused: try await today().filter(\.$statusCode == DossierStatus.notAccepted.rawValue).count(),
            awaitingReturn: try await Dossier.query(on: req.db).filter(\.$receivingAgency.$id == agencyID)
                .filter(\.$statusCode == DossierStatus.resolved.rawValue).count(),
            returned: try await Dossier.query(on: req.db).filter(\.$receivingAgency.$id == agencyID)
                .filter(\.$returnedAt >= start).filter(\.$returnedAt < end).count())
        let result = try await today().sort(\.$receivedAt, .descending).sort(\.$code, .descending).with(\.$procedure).page(try Paging(req))
        let rows = result.items.map { dossier in
            Row(code: dossier.code, applicantName: dossier.applicantName, procedureName: dossier.procedure.name,
                statusCode: dossier.status.rawValue, statusLabel: dossier.status.label,
                receivedTime: VietnameseFormat.time(dossier.receivedAt),
                appointment: dossier.appointmentAt.map(VietnameseFormat.dateTime),
                slips: SlipForm.available(status: dossier.status, wasAccepted: dossier.wasAccepted, rescheduled: dossier.rescheduled)
                    .map { SlipLink(number: $0.rawValue, title: $0.title, url: $0.path(for: dossier.code)) })
        }
        let waitingOnline = Dossier.query(on: req.db).filter(\.$receivingAgency.$id == agencyID)
            .filter(\.$channel == DossierChannel.online.rawValue).filter(\.$statusCode == DossierStatus.new.rawValue)
        let onlineTotal = try await waitingOnline.copy().count()
        let online = try await waitingOnline.sort(\.$receivedAt).with(\.$procedure).limit(Self.onlineShown).all().map {
            OnlineRow(code: $0.code, applicantName: $0.applicantName, procedureName: $0.procedure.name,
                      submitted: VietnameseFormat.dateTime($0.receivedAt), statusLabel: $0.status.label)
        }
        return try await req.view.render("Counter/desk", DeskPage(
            page: PageContext(req), agencyName: scope.agency.name,
            today: VietnameseFormat.dayWithWeekday(req.now), counts: counts, rows: rows,
            metadata: result.metadata, pager: Pager(result.metadata, request: req), online: online, onlineTotal: onlineTotal))
    }

    static let onlineShown = 50
}
