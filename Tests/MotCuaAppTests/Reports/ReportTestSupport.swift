import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// Vietnam local instant.
func reportTime(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 10) -> Date {
    LocalDate(year: year, month: month, day: day).at(hour: hour, minute: 0)
}

struct ReportClient {
    let app: Application

    func report(_ token: String, _ query: String) async throws -> DossierReport {
        var body = Data()
        try await app.testing().test(.GET, "/api/v1/reports/dossiers?\(query)", headers: ["Authorization": "Bearer \(token)"]) { res in
            #expect(res.status == .ok, "\(query): \(res.body.string)")
            body = Data(res.body.readableBytesView)
        }
        return try JSONDecoder().decode(DossierReport.self, from: body)
    }

    func status(_ token: String?, _ path: String) async throws -> (HTTPStatus, String) {
        var result: (HTTPStatus, String) = (.internalServerError, "")
        var headers = HTTPHeaders()
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        try await app.testing().test(.GET, path, headers: headers) { res in result = (res.status, res.body.string) }
        return result
    }

    /// Dossiers written as intake's group commit writes them (rows in bulk, then the roll-up hook).
    func insert(_ dossiers: [Dossier]) async throws {
        try await app.db.transaction { tx in
            guard let sql = tx as? SQLDatabase else { return }
            try await BulkInsert.run(try dossiers.map { try DossierRow($0) }, on: sql)
            try await DossierChangeRecorder.created(dossiers, events: [], on: tx)
        }
    }

    /// A dossier received at the counter of `agency` on `received`, in any state the test sets afterwards.
    func dossier(_ index: Int, procedure: Procedure, agency: Agency, received: Date, appointment: Date) throws -> Dossier {
        let applicant = try ValidatedApplicant(IntakeRequest.Applicant(fullName: "Nguyễn Văn An", idNumber: nil, phone: "0912345678", email: nil, address: nil),
                                               currentYear: 2026)
        let d = try Dossier.filed(code: "\(agency.code)-T\(index)", procedure: procedure, receiving: agency, handling: agency, channel: .counter,
                                  applicant: applicant, components: [], at: received, by: nil)
        d.wasAccepted = true
        d.status = .accepted
        d.appointmentAt = appointment
        d.statusAt = received
        return d
    }

    func transition(_ code: String, _ input: TransitionInput, by username: String, at: Date) async throws {
        app.clock.set(at)
        let actor = try #require(try await User.query(on: app.db).filter(\.$username == username).first())
        let calendar = try await CalendarService.workingCalendar(on: app.db, schedule: app.settings.schedule)
        try await app.db.transaction { tx in
            let dossier = try #require(try await Dossier.query(on: tx).filter(\.$code == code).with(\.$procedure).first())
            try await TransitionService(now: at, calendar: calendar).apply(input, to: dossier, procedure: dossier.procedure, by: actor, on: tx)
        }
    }

    func verify() async throws -> [RollupVerifier.Difference] {
        try await RollupVerifier.verify(agency: nil, period: nil, on: app.db)
    }

    func verifyOfficers() async throws -> [RollupVerifier.OfficerDifference] {
        try await RollupVerifier.verifyOfficers(period: nil, on: app.db)
    }
}

extension ReportFigures {
    /// Every count column (the rates left out).
    var counts: [Int] {
        [carriedOver, receivedCounter, receivedOnline, receivedPost, received, resolved, resolvedEarly, resolvedOnTime, resolvedLate,
         stopped, withdrawn, waitingSupplement, inProgressWithinTime, inProgressOverdue, returned, awaitingCollection, notAccepted]
    }
}
