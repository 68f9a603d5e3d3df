import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// Issue 8: the papers a supplement request asked for come back at the counter; the officer ticks them, scans them,
/// and slip 01 then lists everything received (DOMAIN §2–§3, Circular 01/2018 forms 01–02).
@Suite("Counter-grade: supplements received at the counter")
struct SupplementAtCounterTests {
    @Test func ticksAndScansTheMissingPapersThenAcceptanceOpensSlip01ListingEverything() async throws {
        try await withMotCua { app in
            // setup: intake with only the first paper → supplement requested (slip 02), never accepted.
            let session = try await WebSession.counterReceptionist(app)
            let code = try await session.counterIntake(outcome: "incomplete", ticked: [0], missingExtra: "Giấy tờ còn thiếu theo danh mục")
            let before = try #require(try await app.counterDossier(code))
            #expect(before.status == .supplementRequested)
            let missing = before.components.enumerated().filter { !$0.element.provided }.map(\.offset)
            #expect(!missing.isEmpty)
            let page = try await session.get("/ho-so/\(code)")
            // The supplement form lists the papers still missing, with a file input for their scans.
            #expect(page.body.string.contains("name=\"provided\" value=\"\(missing[0])\""))
            #expect(page.body.string.contains("name=\"supplementFiles\""))
            // Not yet accepted: no control sheet (slip 05) to link to, and no receipt date.
            #expect(!page.body.string.contains("/ho-so/\(code)/phieu/05"))
            #expect(page.body.string.contains("<dt>Ngày nộp</dt>"))

            // act: the papers come back; the officer ticks all of them and attaches a scan.
            let supplement = try await session.counterPost("/ho-so/\(code)/thao-tac") { body in
                body.field("action", "supplement")
                for index in missing { body.field("provided", "\(index)") }
                body.file("supplementFiles", filename: "ban-sao.png", type: "image/png", bytes: CounterFiles.png)
            }
            let afterSupplement = try #require(try await app.counterDossier(code))
            _ = try await session.get("/ho-so/\(code)")
            let accept = try await session.post("/ho-so/\(code)/thao-tac", form: ["action": "accept"])
            let slip = try await session.get(accept.counterLocation)

            // assert
            #expect(supplement.status == .seeOther)
            #expect(afterSupplement.status == .new)
            #expect(afterSupplement.components.allSatisfy { $0.provided })
            let scans = try await DossierAttachment.query(on: app.db).filter(\.$dossier.$id == afterSupplement.requireID()).all()
            #expect(scans.count == 1 && scans.first?.kind == "component")
            #expect(accept.status == .seeOther)
            #expect(accept.counterLocation == "/ho-so/\(code)/phieu/01")
            for component in afterSupplement.components {
                #expect(slip.body.string.contains(component.name.replacingOccurrences(of: "\"", with: "&quot;")), "slip 01 lacks \(component.name)")
            }
            let events = try await DossierEvent.query(on: app.db).filter(\.$dossier.$id == afterSupplement.requireID()).all()
            #expect(events.contains { $0.action == "supplement" && ($0.note ?? "").hasPrefix("Đã nhận bổ sung: ") })
        }
    }

    @Test func aSupplementThatCompletesAnAcceptedDossierRestartsTheClockAndOpensSlip01() async throws {
        try await withMotCua { app in
            // setup: accepted, in processing, supplements requested by the specialist.
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(.supplementRequested, o)
            app.clock.set(processingTime("2027-04-15T10:00"))
            let session = WebSession(app: app)
            _ = try await session.login("tiepnhan")
            _ = try await session.get("/ho-so/\(code)")
            // act
            let response = try await session.post("/ho-so/\(code)/thao-tac", form: ["action": "supplement"])
            // assert
            #expect(response.status == .seeOther)
            #expect(response.counterLocation == "/ho-so/\(code)/phieu/01")
            let dossier = try #require(try await app.counterDossier(code))
            #expect(dossier.status == .processing)
            #expect(dossier.receivedAt == processingTime("2027-04-15T10:00"))
        }
    }

    @Test func filesOnAMoveOtherThanResolveOrSupplementAreRefusedAndNothingChanges() async throws {
        try await withMotCua { app in
            let session = try await WebSession.counterReceptionist(app)
            let code = try await session.counterIntake(outcome: "incomplete", ticked: [0], missingExtra: "Bản sao CCCD")
            _ = try await session.get("/ho-so/\(code)")
            let response = try await session.counterPost("/ho-so/\(code)/thao-tac") { body in
                body.field("action", "refuse")
                body.field("reason", "Không thuộc thẩm quyền")
                body.file("supplementFiles", filename: "scan.png", type: "image/png", bytes: CounterFiles.png)
            }
            #expect(response.status == .badRequest)
            #expect(response.body.string.contains("Chỉ đính kèm tệp"))
            #expect(try #require(try await app.counterDossier(code)).status == .supplementRequested)
        }
    }
}
