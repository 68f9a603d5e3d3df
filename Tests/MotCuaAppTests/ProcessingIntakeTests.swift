import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// Intake through the API as processing relies on it: codes under concurrency, the cut-off before a holiday,
/// idempotent retries, and the scoped list.
@Suite("Processing intake and lists through the API")
struct ProcessingIntakeTests {
    @Test func twoHundredConcurrentIntakesGetCodes0001To0200OfThatDay() async throws {
        try await withMotCua { app in
            // setup
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let body = try JSONEncoder().encode(IntakeBody(procedureCode: ownAgencyProcedure, applicant: applicantJSON(), channel: "counter"))
            let headers: HTTPHeaders = ["Authorization": "Bearer \(o.reception)", "Content-Type": "application/json"]

            // act
            let codes = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<200 {
                    group.addTask {
                        let res = try await app.testing().sendRequest(.POST, "/api/v1/dossiers", headers: headers, body: ByteBuffer(data: body))
                        guard res.status == .created else { return nil }
                        return try? res.content.get(String.self, at: "code")
                    }
                }
                var codes: [String] = []
                for try await code in group { if let code { codes.append(code) } }
                return codes
            }

            // assert
            #expect(codes.count == 200)
            #expect(Set(codes).count == 200)
            let expected = (1...200).map { String(format: "000.00.21.H36-270414-%04d", $0) }
            #expect(codes.sorted() == expected)
            #expect(try await Dossier.query(on: app.db).count() == 200)
        }
    }

    @Test func receivedAfterTheCutOffOnTheDayBeforeAHolidayCountsFromTheNextWorkingDay() async throws {
        try await withMotCua { app in
            // setup: Thursday 2027-04-15 16:00, after the 15:00 cut-off; Friday 16 is Hùng Kings' day.
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingTime("2027-04-15T16:00"))

            // act
            let threeDays = try #require(try await app.createDossier(token: o.reception, procedure: threeDayProcedure))
            let sameDay = try #require(try await app.createDossier(token: o.reception, procedure: ownAgencyProcedure))

            // assert: by hand (DOMAIN §4) — counts as received on the next working day, Mon 19 (Fri 16 holiday,
            // Sat/Sun off); the receipt day is not counted: Tue 20 (1), Wed 21 (2), Thu 22 (3) → 2027-04-22 17:00.
            #expect(threeDays.appointmentAt == processingTime("2027-04-22T17:00"))
            // N = 0: the close of the effective receipt day, Monday 19.
            #expect(sameDay.appointmentAt == processingTime("2027-04-19T17:00"))
            // The code carries the real date of receipt, not the counted one.
            #expect(threeDays.code.hasPrefix("000.00.21.H36-270415-"))
        }
    }

    @Test func anIdempotencyKeyRetryReturnsTheSameDossier() async throws {
        try await withMotCua { app in
            // setup
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)

            // act: a retry, then ten retries at once
            let first = try #require(try await app.createDossier(token: o.reception, key: "may-tinh-quay-3-0001"))
            let retry = try #require(try await app.createDossier(token: o.reception, key: "may-tinh-quay-3-0001", expect: .ok))
            let racing = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        var headers: HTTPHeaders = ["Authorization": "Bearer \(o.reception)", "Idempotency-Key": "may-tinh-quay-3-0002"]
                        headers.contentType = .json
                        let body = try JSONEncoder().encode(IntakeBody(procedureCode: ownAgencyProcedure, applicant: applicantJSON(2), channel: "counter"))
                        let res = try await app.testing().sendRequest(.POST, "/api/v1/dossiers", headers: headers, body: ByteBuffer(data: body))
                        return [.ok, .created].contains(res.status) ? try? res.content.get(String.self, at: "code") : nil
                    }
                }
                var codes: [String?] = []
                for try await code in group { codes.append(code) }
                return codes
            }

            // assert
            #expect(retry.code == first.code)
            #expect(racing.count == 10)
            #expect(racing.allSatisfy { $0 != nil })
            #expect(Set(racing.compactMap { $0 }).count == 1)
            #expect(try await Dossier.query(on: app.db).count() == 2)
            #expect(try await client.eventCount(first.code) == 2)   // intake + accept, once
            // Another key is another dossier.
            let other = try #require(try await app.createDossier(token: o.reception, key: "may-tinh-quay-3-0003"))
            #expect(other.code != first.code)
        }
    }

    struct ListBody: Decodable {
        struct Item: Decodable { let code: String; let status: DossierSummary.Status }
        struct Meta: Decodable { let page: Int; let per: Int; let total: Int; let pageCount: Int }
        let items: [Item]
        let metadata: Meta
    }

    func list(_ app: Application, _ token: String, _ query: String) async throws -> (HTTPStatus, ListBody?, String?) {
        var outcome: (HTTPStatus, ListBody?, String?) = (.internalServerError, nil, nil)
        try await app.testing().test(.GET, "/api/v1/dossiers?\(query)", headers: ["Authorization": "Bearer \(token)"]) { res in
            outcome = (res.status, try? JSONDecoder().decode(ListBody.self, from: Data(res.body.readableBytesView)), res.apiError?.error.code)
        }
        return outcome
    }

    @Test func theListIsScopedFilteredAndPaged() async throws {
        try await withMotCua { app in
            // setup: three same-day dossiers at Đà Lạt (appointment today 17:00), one at Đức Trọng.
            let client = ProcessingClient(app: app)
            var o = try await client.at(processingMorning)
            let a = try await client.intake(o.reception, procedure: ownAgencyProcedure, applicant: 1)
            let b = try await client.intake(o.reception, procedure: ownAgencyProcedure, applicant: 2)
            let c = try await client.intake(o.reception, procedure: ownAgencyProcedure, applicant: 3)
            let foreign = try await client.intake(o.otherReception, procedure: try await client.otherAgencyProcedure(), applicant: 4)
            try await client.mustMove(c, token: o.specialist, TransitionInput(action: "start"))

            // act / assert: scope
            let all = try #require(try await list(app, o.reception, "").1)
            #expect(Set(all.items.map(\.code)) == [a, b, c])
            #expect(try await list(app, o.otherReception, "").1?.items.map(\.code) == [foreign])
            // status
            #expect(try await list(app, o.reception, "status=2").1?.metadata.total == 2)
            #expect(try await list(app, o.reception, "status=4").1?.items.map(\.code) == [c])
            #expect(try await list(app, o.reception, "status=2,4").1?.metadata.total == 3)
            let bad = try await list(app, o.reception, "status=abc")
            #expect(bad.0 == .badRequest)
            #expect(bad.2 == "invalid_status")
            // overdue: none yet; the next morning all three are late, then one is resolved.
            #expect(try await list(app, o.reception, "overdue=true").1?.metadata.total == 0)
            o = try await client.at(processingTime("2027-04-15T09:00"))
            #expect(try await list(app, o.reception, "overdue=true").1?.metadata.total == 3)
            try await client.mustMove(c, token: o.leader, TransitionInput(action: "resolve"))
            #expect(Set(try await list(app, o.reception, "overdue=true").1?.items.map(\.code) ?? []) == [a, b])
            #expect(try await list(app, o.reception, "overdue=false").1?.metadata.total == 0)
            #expect(try await list(app, o.otherReception, "overdue=true").1?.metadata.total == 0)
            // page
            let second = try #require(try await list(app, o.reception, "per=2&page=2").1)
            #expect(second.items.count == 1)
            #expect(second.metadata.page == 2)
            #expect(second.metadata.total == 3)
            #expect(second.metadata.pageCount == 2)
        }
    }
}
