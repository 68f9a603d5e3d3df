import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp

@Suite("Queue: the dossier received for a called ticket and the ticket remember each other")
struct QueueIntakeLinkTests {
    @Test("Tiếp nhận hồ sơ from the console carries the ticket into the intake; the ticket then names the dossier, the dossier page the ticket")
    func intakeLinksTicketAndDossier() async throws {
        try await withMotCua { app in
            let issued = try await app.queueIssue("ho-tich")
            #expect(issued.status == .created)
            let ticketID = try #require(try issued.content.get(String.self, at: "id"))
            let number = try #require(try issued.content.get(String.self, at: "number"))
            let token = try await app.bearer("tiepnhan")
            #expect(try await app.queuePost("/api/v1/queue/counters/Q1/call", token: token).status == .ok)

            let session = try await WebSession.counterReceptionist(app)
            let form = try await session.get("/mot-cua/tiep-nhan?procedure=\(ownAgencyProcedure)&ticket=\(ticketID)")
            #expect(form.body.string.contains("name=\"ticket\" value=\"\(ticketID)\""))
            let junk = try await session.get("/mot-cua/tiep-nhan?procedure=\(ownAgencyProcedure)&ticket=%3Cscript%3E")
            #expect(!junk.body.string.contains("name=\"ticket\""), "only an id travels in the form")

            let received = try await session.counterPost("/mot-cua/tiep-nhan") { body in
                body.field("procedureCode", ownAgencyProcedure)
                body.field("ticket", ticketID)
                counterApplicant(&body)
                body.field("component", "0")
                body.field("component", "1")
                body.field("outcome", "accept")
            }
            #expect(received.status == .seeOther)
            let dossier = try #require(try await Dossier.query(on: app.db).first())
            let ticket = try #require(try await QueueTicket.find(UUID(uuidString: ticketID), on: app.db))
            #expect(ticket.dossierID == dossier.id)
            let shown = try await app.testing().sendRequest(.GET, "/api/v1/queue/tickets/\(ticketID)")
            #expect(try shown.content.get(String?.self, at: "dossier") == dossier.code)
            let page = try await session.get("/ho-so/\(dossier.code)")
            #expect(page.body.string.contains("Số thứ tự tại quầy"))
            #expect(page.body.string.contains(number))
        }
    }
}
