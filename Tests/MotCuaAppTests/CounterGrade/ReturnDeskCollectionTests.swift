import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// Issue 8: the return desk lists what waits to be collected and records who collected it.
@Suite("Counter-grade: return desk")
struct ReturnDeskCollectionTests {
    @Test func theWaitingListShowsResultsOldestFirstAndMarksMissedAppointments() async throws {
        try await withMotCua { app in
            // setup: A resolved on Wed 14 (appointment Tue 20), B resolved on Mon 19; the list is read on Wed 21.
            let client = ProcessingClient(app: app)
            var o = try await client.at(processingMorning)
            let a = try await client.make(.resolved, o, applicant: 1)
            o = try await client.at(processingTime("2027-04-19T09:00"))
            let b = try await client.make(.resolved, o, applicant: 2)
            app.clock.set(processingTime("2027-04-21T09:00"))
            let session = WebSession(app: app)
            _ = try await session.login("tiepnhan")
            // act
            let html = try await session.get("/mot-cua/tra-ket-qua").body.string
            // assert
            let positions = [a, b].compactMap { html.range(of: "ma=\($0)")?.lowerBound }
            #expect(positions.count == 2 && positions[0] < positions[1], "oldest first")
            let rowA = try #require(html.components(separatedBy: "<tr").first { $0.contains("ma=\(a)") })
            let rowB = try #require(html.components(separatedBy: "<tr").first { $0.contains("ma=\(b)") })
            #expect(rowA.contains("collection-overdue") && rowA.contains("Quá hẹn, chưa đến nhận"))
            #expect(!rowB.contains("collection-overdue"))
        }
    }

    @Test func aCollectionByProxyIsRecordedOnTheTimelineAndSlipsButNeverOnThePublicPage() async throws {
        try await withMotCua { app in
            // setup
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(.resolved, o)
            let session = WebSession(app: app)
            _ = try await session.login("tiepnhan")
            let found = try await session.get("/mot-cua/tra-ket-qua?ma=\(code)")
            // The collector line starts as the applicant, as typed at intake.
            #expect(found.body.string.contains("name=\"collectorName\" id=\"collector-name\" value=\"Nguyễn Văn An\""))
            #expect(found.body.string.contains("data-confirm=\"Xác nhận đã trả kết quả hồ sơ \(code)?"))
            // act: a proxy without an identity number is refused, then recorded properly.
            let refused = try await session.post("/mot-cua/tra-ket-qua/\(code)",
                                                 form: ["delivery": "counter", "collectorName": "Trần Văn Bình", "byProxy": "1"])
            let stillResolved = try #require(try await app.counterDossier(code)).status
            let handed = try await session.post("/mot-cua/tra-ket-qua/\(code)",
                                                form: ["delivery": "counter", "collectorName": "Trần Văn Bình",
                                                       "collectorIdNumber": "079203001234", "byProxy": "1"])
            // assert
            #expect(refused.status == .badRequest)
            #expect(refused.body.string.contains("số định danh"))
            #expect(stillResolved == .resolved)
            #expect(handed.status == .seeOther)
            let dossier = try #require(try await app.counterDossier(code))
            #expect(dossier.collectorName == "Trần Văn Bình")
            #expect(dossier.collectorIDNumber == "079203001234")
            #expect(dossier.collectedByProxy == true)
            let expected = "Trần Văn Bình, số định danh 079203001234 (nhận thay theo giấy ủy quyền)"
            let page = try await session.get("/ho-so/\(code)").body.string
            let timeline = try #require(page.components(separatedBy: "id=\"timeline\"").last)
            #expect(timeline.contains("Người nhận: \(expected)"))
            #expect(try await session.get("/ho-so/\(code)/phieu/05").body.string.contains(expected))
            #expect(try await session.get("/ho-so/\(code)/phieu/01").body.string.contains(expected))
            let publicPage = try await app.testing().sendRequest(.GET, "/tra-cuu/\(code)").body.string
            #expect(!publicPage.contains("079203001234"))
            #expect(!publicPage.contains("Trần Văn Bình"))
        }
    }

    @Test func withoutACollectorTheApiRecordsTheApplicant() async throws {
        try await withMotCua { app in
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(.returned, o)
            let dossier = try #require(try await app.counterDossier(code))
            #expect(dossier.collectorName == "Nguyễn Văn An")
            #expect(dossier.collectorIDNumber == applicantJSON(1)["idNumber"])
            #expect(dossier.collectedByProxy == false)
        }
    }
}
