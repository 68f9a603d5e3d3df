import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

@Suite("Dossier life through the API")
struct DossierFlowTests {
    @Test func demoSequenceCounterToReturned() async throws {
        try await withMotCua { app in
            let reception = try await app.bearer("tiepnhan")
            let specialist = try await app.bearer("chuyenvien")
            let leader = try await app.bearer("lanhdao")
            let created = try #require(try await app.createDossier(token: reception))
            #expect(created.status.code == 2)
            #expect(created.code.hasPrefix("000.00.21.H36-"))
            #expect(created.code.hasSuffix("-0001"))
            #expect(created.appointmentAt != nil)
            #expect(try await app.move(created.code, token: specialist, ["action": "start"]).1 == 4)
            #expect(try await app.move(created.code, token: leader, ["action": "resolve"]).1 == 9)
            let returned = try await app.move(created.code, token: reception, ["action": "return", "delivery": "counter"])
            #expect(returned.0 == .ok)
            #expect(returned.1 == 10)
            let events = try await DossierEvent.query(on: app.db).all()
            #expect(events.map(\.action) == ["intake", "accept", "start", "resolve", "return"])
        }
    }

    @Test func illegalMoveIsRefusedWithAClearMessageAndChangesNothing() async throws {
        try await withMotCua { app in
            let reception = try await app.bearer("tiepnhan")
            let leader = try await app.bearer("lanhdao")
            let created = try #require(try await app.createDossier(token: reception))
            let before = try await DossierEvent.query(on: app.db).count()
            let (status, _, code) = try await app.move(created.code, token: leader, ["action": "resolve"])
            #expect(status == .conflict)
            #expect(code == "transition_not_allowed")
            #expect(try await DossierEvent.query(on: app.db).count() == before)
            let dossier = try #require(try await Dossier.query(on: app.db).filter(\.$code == created.code).first())
            #expect(dossier.status == .accepted)
        }
    }
}
