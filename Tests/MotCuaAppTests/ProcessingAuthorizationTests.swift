import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// Each role × each action × own/other agency: 200, 403 `action_not_permitted`, or 404 (another agency's
/// dossier does not exist for you, in the API and on the pages alike).
@Suite("Processing authorisation matrix")
struct ProcessingAuthorizationTests {
    enum Officer: String, CaseIterable { case reception, specialist, leader, admin }

    /// The policy, written out independently of `DossierPermissions`: counter work for receptionists,
    /// processing for specialists and leaders, decisions (resolve, stop) for leaders, nothing for administrators.
    static let allowed: [DossierAction: Set<Officer>] = [
        .accept: [.reception], .refuse: [.reception], .return: [.reception], .withdraw: [.reception],
        .requestSupplement: [.reception, .specialist, .leader], .supplement: [.reception, .specialist, .leader],
        .feesPaid: [.reception, .specialist, .leader],
        .start: [.specialist, .leader], .forward: [.specialist, .leader], .requestFees: [.specialist, .leader],
        .reschedule: [.specialist, .leader],
        .resolve: [.leader], .stop: [.leader],
    ]

    /// The status in which each action is legal, so that a refusal can only come from the role.
    static func legalStatus(for action: DossierAction) -> DossierStatus {
        switch action {
        case .accept, .refuse: return .new
        case .start, .withdraw: return .accepted
        case .supplement: return .supplementRequested
        case .feesPaid: return .awaitingFees
        case .return: return .resolved
        case .requestSupplement, .forward, .requestFees, .resolve, .stop, .reschedule: return .processing
        }
    }

    static func token(_ officer: Officer, _ o: ProcessingOfficers) -> String {
        switch officer {
        case .reception: return o.reception
        case .specialist: return o.specialist
        case .leader: return o.leader
        case .admin: return o.admin
        }
    }

    @Test(arguments: DossierAction.allCases)
    func ownAgencyDossiersAnswerByRoleAndOtherAgenciesNever(action: DossierAction) async throws {
        try await withMotCua { app in
            // setup
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let status = Self.legalStatus(for: action)
            let shared = try await client.make(status, o)
            let permitted = Self.allowed[action] ?? []

            // act / assert: refused roles get 403 and change nothing.
            for officer in Officer.allCases where !permitted.contains(officer) {
                let result = try await client.move(shared, token: Self.token(officer, o), processingInput(action))
                #expect(result.status == .forbidden, "\(officer) \(action)")
                // Administrators do not read dossiers at all (README, "Who may do what").
                #expect(result.errorCode == (officer == .admin ? "dossier_access_denied" : "action_not_permitted"), "\(officer) \(action)")
            }
            // The other agency's receptionist does not even learn that the dossier exists.
            let foreign = try await client.move(shared, token: o.otherReception, processingInput(action))
            #expect(foreign.status == .notFound, "tiepnhan2 \(action)")
            #expect(foreign.errorCode == "dossier_not_found")
            #expect(try await client.stored(shared).status == status)
            // Permitted roles succeed, each on a dossier of its own.
            for (index, officer) in Officer.allCases.filter(permitted.contains).enumerated() {
                let code = index == 0 ? shared : try await client.make(status, o, applicant: index + 2)
                let result = try await client.move(code, token: Self.token(officer, o), processingInput(action))
                #expect(result.status == .ok, "\(officer) \(action): \(result.message ?? "")")
            }
        }
    }

    @Test func anotherAgencysDossierIsNotFoundForEveryRoleAndAction() async throws {
        try await withMotCua { app in
            // setup: received and handled by Đức Trọng, in processing.
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let procedure = try await client.otherAgencyProcedure()
            let code = try await client.intake(o.otherReception, procedure: procedure)
            // tiepnhan2 acts on its own dossier as any receptionist would.
            #expect(try await client.move(code, token: o.otherReception, processingInput(.start)).errorCode == "action_not_permitted")
            let events = try await client.eventCount(code)

            for officer in Officer.allCases {
                let token = Self.token(officer, o)
                for action in DossierAction.allCases {
                    let result = try await client.move(code, token: token, processingInput(action))
                    // Administrators read no dossier at all: a 403 that says so, the same for every dossier.
                    #expect(result.status == (officer == .admin ? .forbidden : .notFound), "\(officer) \(action)")
                }
                try await app.testing().test(.GET, "/api/v1/dossiers/\(code)", headers: ["Authorization": "Bearer \(token)"]) { res in
                    #expect(res.status == (officer == .admin ? .forbidden : .notFound), "\(officer) GET")
                }
            }
            #expect(try await client.eventCount(code) == events)

            // Pages too: the dossier page and its form post answer 404.
            let web = WebSession(app: app)
            try await web.login("chuyenvien")
            let page = try await web.get("/ho-so/\(code)")
            #expect(page.status == .notFound)
            #expect(page.body.string.contains("068095") == false)   // nothing of the applicant leaks
            let post = try await web.post("/ho-so/\(code)/thao-tac", form: ["action": "withdraw"])
            #expect(post.status == .notFound)
            #expect(try await client.eventCount(code) == events)
        }
    }

    @Test func theDossierPageFollowsTheSameScope() async throws {
        try await withMotCua { app in
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let own = try await client.make(.processing, o)
            for username in ["tiepnhan", "chuyenvien", "lanhdao"] {
                let web = WebSession(app: app)
                try await web.login(username)
                #expect(try await web.get("/ho-so/\(own)").status == .ok, "\(username)")
            }
            for username in ["quantri", "vanthu"] {
                let web = WebSession(app: app)
                try await web.login(username)
                #expect(try await web.get("/ho-so/\(own)").status == .forbidden, "\(username)")
            }
            let stranger = WebSession(app: app)
            try await stranger.login("tiepnhan2")
            #expect(try await stranger.get("/ho-so/\(own)").status == .notFound)
            #expect(try await stranger.post("/ho-so/\(own)/thao-tac", form: ["action": "withdraw"]).status == .notFound)
            #expect(try await client.stored(own).status == .processing)
        }
    }

    @Test func aLeaderSeesTheSubtreeAndASpecialistOnlyTheOwnAgency() async throws {
        try await withMotCua { app in
            // setup: a provincial leader (root agency) and, from Đức Trọng, a dossier handled by a Đà Lạt unit.
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            // The demo seeds `lanhdaotinh`, leader of the provincial People's Committee (issue 13).
            let provincialLeader = try await app.bearer("lanhdaotinh")
            let daLat = try await client.make(.processing, o)
            let viaUnit = try await client.intake(o.otherReception, procedure: threeDayProcedure, applicant: 2)
            let ducTrong = try await client.intake(o.otherReception, procedure: try await client.otherAgencyProcedure(), applicant: 3)

            func visible(_ token: String, _ code: String) async throws -> Bool {
                var ok = false
                try await app.testing().test(.GET, "/api/v1/dossiers/\(code)", headers: ["Authorization": "Bearer \(token)"]) { res in
                    ok = res.status == .ok
                }
                return ok
            }
            // assert: the province's leader sees all three; Đà Lạt's leader his subtree (incl. the unit's dossier);
            // Đà Lạt's specialist only what Đà Lạt itself received or handles.
            #expect(try await visible(provincialLeader, daLat))
            #expect(try await visible(provincialLeader, viaUnit))
            #expect(try await visible(provincialLeader, ducTrong))
            #expect(try await visible(o.leader, viaUnit))
            #expect(try await visible(o.leader, ducTrong) == false)
            #expect(try await visible(o.specialist, daLat))
            #expect(try await visible(o.specialist, viaUnit) == false)
            // The provincial leader may act in the subtree (leaders resolve).
            #expect(try await client.mustMove(daLat, token: provincialLeader, TransitionInput(action: "resolve")) == 9)

            // The inbox's unit tab shows the subtree to him too.
            let web = WebSession(app: app)
            try await web.login("lanhdaotinh")
            let inbox = try await web.get("/xu-ly?tab=cua-don-vi&status=all")
            #expect(inbox.status == .ok)
            for code in [daLat, viaUnit, ducTrong] { #expect(inbox.body.string.contains("data-code=\"\(code)\"")) }
        }
    }

    @Test func theInboxIsForOfficersWhoHandleDossiers() async throws {
        try await withMotCua { app in
            let anonymous = try await app.testing().sendRequest(.GET, "/xu-ly")
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers.first(name: .location)?.hasPrefix("/dang-nhap") == true)
            for (username, expected) in [("tiepnhan", HTTPStatus.ok), ("chuyenvien", .ok), ("lanhdao", .ok), ("quantri", .forbidden), ("vanthu", .forbidden)] {
                let web = WebSession(app: app)
                try await web.login(username)
                let response = try await web.get("/xu-ly")
                #expect(response.status == expected, "\(username)")
                // Receptionists look without acting: the page says so.
                #expect(response.body.string.contains("chỉ xem") == (username == "tiepnhan"), "\(username)")
            }
        }
    }
}
