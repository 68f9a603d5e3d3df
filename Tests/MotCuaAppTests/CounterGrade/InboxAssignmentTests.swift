import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// Issue 8: the inbox finds a code whatever the filter, names without diacritics, and "Của tôi" is what is assigned to me.
@Suite("Counter-grade: inbox search and assignment")
struct InboxAssignmentTests {
    func row(_ html: String, _ code: String) -> String? {
        html.components(separatedBy: "<tr").first { $0.contains("data-code=\"\(code)\"") }
    }

    @Test func aCodeIsFoundWhateverTheStatusFilterAndNamesMatchWithoutDiacritics() async throws {
        try await withMotCua { app in
            // setup: a returned dossier (not in the default "open" filter) of "Nguyễn Văn An".
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let returned = try await client.make(.returned, o, procedure: ownAgencyProcedure)
            let web = WebSession(app: app)
            _ = try await web.login("chuyenvien")
            // act
            let byCode = try await web.get("/xu-ly?status=5&urgency=overdue&tab=cua-toi&q=\(returned)").body.string
            let byPart = try await web.get("/xu-ly?status=2&q=\(returned.suffix(11).lowercased())").body.string
            let byName = try await web.get("/xu-ly?q=nguyen%20van%20an").body.string
            let byWrongName = try await web.get("/xu-ly?q=nguyen%20van%20binh").body.string
            // assert
            #expect(row(byCode, returned) != nil)
            #expect(row(byPart, returned) != nil)
            #expect(row(byName, returned) != nil)
            #expect(row(byWrongName, returned) == nil)
            #expect(byCode.contains("trong mọi trạng thái"))
        }
    }

    @Test func aLeaderAssignsToANamedOfficerWhoseMineTabThenHoldsIt() async throws {
        try await withMotCua { app in
            // setup
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(.accepted, o, procedure: ownAgencyProcedure)
            let specialist = WebSession(app: app)
            _ = try await specialist.login("chuyenvien")
            let mineBefore = try await specialist.get("/xu-ly?tab=cua-toi").body.string
            let leader = WebSession(app: app)
            _ = try await leader.login("lanhdao")
            let page = try await leader.get("/ho-so/\(code)").body.string
            #expect(page.contains("action=\"/ho-so/\(code)/phan-cong\""))
            // act
            let wrong = try await leader.post("/ho-so/\(code)/phan-cong", form: ["assignee": "tiepnhan"])
            let assigned = try await leader.post("/ho-so/\(code)/phan-cong", form: ["assignee": "chuyenvien", "note": "Xử lý trong ngày"])
            let again = try await leader.post("/ho-so/\(code)/phan-cong", form: ["assignee": "chuyenvien"])
            let mineAfter = try await specialist.get("/xu-ly?tab=cua-toi").body.string
            let leaderMine = try await leader.get("/xu-ly?tab=cua-toi").body.string
            let after = try await leader.get("/ho-so/\(code)").body.string
            let publicPage = try await app.testing().sendRequest(.GET, "/tra-cuu/\(code)").body.string
            // assert
            #expect(row(mineBefore, code) == nil)
            #expect(wrong.status == .badRequest)
            #expect(wrong.body.string.contains("không phải chuyên viên hoặc lãnh đạo"))
            #expect(assigned.status == .seeOther)
            #expect(again.status == .conflict)
            #expect(row(mineAfter, code) != nil)
            #expect(row(leaderMine, code) == nil)
            #expect(after.contains("Đã giao hồ sơ cho Lê Văn Phúc."))
            let timeline = try #require(after.components(separatedBy: "id=\"timeline\"").last)
            #expect(timeline.contains("Phân công xử lý"))
            #expect(timeline.contains("Giao cho Lê Văn Phúc. Xử lý trong ngày."))
            #expect(!timeline.contains("Đã tiếp nhận → Đã tiếp nhận"))
            #expect(!publicPage.contains("Lê Văn Phúc"))
            let events = try await client.events(code)
            #expect(events.filter { $0.action == "assign" }.count == 1)
        }
    }

    @Test func startingAnUnassignedDossierTakesItOnAndForwardingNamesTheNextOfficer() async throws {
        try await withMotCua { app in
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(.processing, o, procedure: ownAgencyProcedure)
            let specialist = try #require(try await User.query(on: app.db).filter(\.$username == "chuyenvien").first())
            let leader = try #require(try await User.query(on: app.db).filter(\.$username == "lanhdao").first())
            #expect(try await client.stored(code).$assignee.id == specialist.id)
            let forwarded = try await client.move(code, token: o.specialist, TransitionInput(action: "forward", toUnit: "Lãnh đạo UBND", assignee: "lanhdao"))
            #expect(forwarded.status == .ok)
            #expect(try await client.stored(code).$assignee.id == leader.id)
            let refused = try await client.move(code, token: o.specialist, TransitionInput(action: "forward", toUnit: "Văn thư", assignee: "vanthu"))
            #expect(refused.status == .badRequest)
            #expect(try await client.stored(code).$assignee.id == leader.id)
        }
    }

    @Test func clerksAndReceptionistsCannotAssign() async throws {
        try await withMotCua { app in
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(.accepted, o, procedure: ownAgencyProcedure)
            let reception = WebSession(app: app)
            _ = try await reception.login("tiepnhan")
            _ = try await reception.get("/ho-so/\(code)")
            let response = try await reception.post("/ho-so/\(code)/phan-cong", form: ["assignee": "chuyenvien"])
            #expect(response.status == .forbidden)
            #expect(try await client.stored(code).$assignee.id == nil)
        }
    }
}
