import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// Intakes that arrive together are written by one transaction (`IntakeWriter`): each agency keeps its own
/// sequence, and one intake that cannot be written never takes the others of its batch down with it.
@Suite("Intake group commit")
struct IntakeGroupCommitTests {
    struct Answer: Sendable {
        let status: HTTPStatus
        let code: String?
        let errorCode: String?
    }

    /// `count` intakes per token, all in flight at once.
    func burst(_ app: Application, tokens: [String], count: Int) async throws -> [Answer] {
        try await withThrowingTaskGroup(of: Answer.self) { group in
            for (tokenIndex, token) in tokens.enumerated() {
                for index in 0..<count {
                    group.addTask {
                        let body = try JSONEncoder().encode(IntakeBody(procedureCode: ownAgencyProcedure,
                                                                       applicant: applicantJSON(tokenIndex * 1000 + index + 1), channel: "counter"))
                        let headers: HTTPHeaders = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
                        let res = try await app.testing().sendRequest(.POST, "/api/v1/dossiers", headers: headers, body: ByteBuffer(data: body))
                        return Answer(status: res.status, code: try? res.content.get(String.self, at: "code"), errorCode: res.apiError?.error.code)
                    }
                }
            }
            var answers: [Answer] = []
            for try await answer in group { answers.append(answer) }
            return answers
        }
    }

    @Test func twoAgenciesInOneBurstEachGetTheirOwnSequenceFrom0001() async throws {
        try await withMotCua { app in
            // setup: Wednesday 2027-04-14 09:00; tiepnhan receives for Đà Lạt, tiepnhan2 for Đức Trọng.
            let o = try await ProcessingClient(app: app).at(processingMorning)

            // act
            let answers = try await burst(app, tokens: [o.reception, o.otherReception], count: 30)

            // assert
            #expect(answers.allSatisfy { $0.status == .created })
            let codes = answers.compactMap(\.code)
            #expect(codes.filter { $0.hasPrefix("000.00.21.H36-") }.sorted() == (1...30).map { String(format: "000.00.21.H36-270414-%04d", $0) })
            #expect(codes.filter { $0.hasPrefix("000.00.27.H36-") }.sorted() == (1...30).map { String(format: "000.00.27.H36-270414-%04d", $0) })
            // Every dossier was written with its own two events (intake, accept), none with another's.
            let dossiers = try await Dossier.query(on: app.db).all()
            #expect(dossiers.count == 60)
            for dossier in dossiers {
                let events = try await DossierEvent.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).all()
                #expect(events.map(\.action).sorted() == ["accept", "intake"])
                #expect(dossier.status == .accepted)
                #expect(dossier.appointmentAt != nil)
            }
        }
    }

    @Test func theDaysLastCodesGoToTheFirstArrivalsAndTheRestAreRefusedWithoutTakingThemDown() async throws {
        try await withMotCua { app in
            // setup: Đà Lạt has already issued 9,995 codes today (DOMAIN §3: four digits, 0001–9999 a day).
            let o = try await ProcessingClient(app: app).at(processingMorning)
            let sql = try #require(app.db as? SQLDatabase)
            try await sql.raw("INSERT INTO dossier_sequences (agency_code, day, last_value) VALUES ('000.00.21.H36', '270414', 9995)").run()

            // act: eight intakes at once, so that at least one batch asks for more codes than are left
            let answers = try await burst(app, tokens: [o.reception], count: 8)

            // assert
            let created = answers.filter { $0.status == .created }
            #expect(created.compactMap(\.code).sorted() == (9996...9999).map { "000.00.21.H36-270414-\($0)" })
            let refused = answers.filter { $0.status != .created }
            #expect(refused.count == 4)
            #expect(refused.allSatisfy { $0.status == .conflict && $0.errorCode == "sequence_exhausted" })
            // Refused intakes wrote nothing and gave back the numbers a failed batch had drawn.
            #expect(try await Dossier.query(on: app.db).count() == 4)
            #expect(try await DossierEvent.query(on: app.db).count() == 8)
            struct Sequence: Decodable { let last_value: Int }
            let sequence = try await sql.raw("SELECT last_value FROM dossier_sequences WHERE agency_code = '000.00.21.H36' AND day = '270414'")
                .first(decoding: Sequence.self)
            #expect(sequence?.last_value == 9999)
        }
    }
}
