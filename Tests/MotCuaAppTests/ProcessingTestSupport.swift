import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// Vietnam local time, e.g. `processingTime("2027-04-14T09:00")`.
func processingTime(_ text: String) -> Date {
    guard let date = VietnamTime.parse(text) else { fatalError("bad test time \(text)") }
    return date
}

/// Wednesday 2027-04-14 09:00, a working morning before Hùng Kings' day (Fri 16): DOMAIN §4's worked example.
let processingMorning = processingTime("2027-04-14T09:00")

/// Bearer tokens of the demo officers. Tokens expire 12 h after `req.now`, so log in again after moving the clock.
struct ProcessingOfficers {
    let reception: String      // tiepnhan, Đà Lạt
    let specialist: String     // chuyenvien, Đà Lạt
    let leader: String         // lanhdao, Đà Lạt
    let admin: String          // quantri, Đà Lạt
    let otherReception: String // tiepnhan2, Đức Trọng
}

/// The full answer to a move, message included (the refusal tests read it).
struct ProcessingMove {
    let status: HTTPStatus
    let newStatus: Int?
    let errorCode: String?
    let message: String?
}

/// The API calls the processing tests make, kept in one namespace so they cannot clash with other suites' helpers.
struct ProcessingClient {
    let app: Application

    /// Pins the clock and returns fresh tokens valid at that time.
    func at(_ date: Date) async throws -> ProcessingOfficers {
        app.clock.set(date)
        return ProcessingOfficers(
            reception: try await app.bearer("tiepnhan"), specialist: try await app.bearer("chuyenvien"),
            leader: try await app.bearer("lanhdao"), admin: try await app.bearer("quantri"),
            otherReception: try await app.bearer("tiepnhan2"))
    }

    func move(_ code: String, token: String, _ input: TransitionInput) async throws -> ProcessingMove {
        var result = ProcessingMove(status: .internalServerError, newStatus: nil, errorCode: nil, message: nil)
        try await app.testing().test(.POST, "/api/v1/dossiers/\(code)/transitions", headers: ["Authorization": "Bearer \(token)"], beforeRequest: { req in
            try req.content.encode(input, as: .json)
        }, afterResponse: { res in
            let error = res.apiError
            result = ProcessingMove(status: res.status, newStatus: try? res.content.get(Int.self, at: "status", "code"),
                                    errorCode: error?.error.code, message: error?.error.message)
        })
        return result
    }

    /// A move that must succeed; returns the new status code.
    @discardableResult
    func mustMove(_ code: String, token: String, _ input: TransitionInput, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int? {
        let result = try await move(code, token: token, input)
        #expect(result.status == .ok, "\(input.action): \(result.message ?? "")", sourceLocation: sourceLocation)
        return result.newStatus
    }

    func stored(_ code: String) async throws -> Dossier {
        try #require(try await Dossier.query(on: app.db).filter(\.$code == code).first())
    }

    func eventCount(_ code: String) async throws -> Int {
        let dossier = try await stored(code)
        return try await DossierEvent.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).count()
    }

    func events(_ code: String) async throws -> [DossierEvent] {
        let dossier = try await stored(code)
        return try await DossierEvent.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).sort(\.$at).all()
    }

    /// A new dossier through the API; `channel: "online"` leaves it in status 1.
    func intake(_ token: String, procedure: String = threeDayProcedure, channel: String = "counter", applicant: Int = 1,
                outcome: String? = nil, missing: [String]? = nil) async throws -> String {
        var body = IntakeBody(procedureCode: procedure, applicant: applicantJSON(applicant), channel: channel)
        body.outcome = outcome
        body.missing = missing
        let created = try await app.createDossier(token: token, body: body)
        return try #require(created?.code)
    }

    /// A procedure handled by Đức Trọng district (outside Đà Lạt's subtree).
    func otherAgencyProcedure() async throws -> String {
        let agency = try #require(try await Agency.find(code: DemoSeed.secondAgencyCode, on: app.db))
        let procedure = try #require(try await Procedure.query(on: app.db).filter(\.$agency.$id == agency.requireID())
            .filter(\.$isActive == true).sort(\.$code).first())
        return procedure.code
    }

    /// Builds a dossier in `status` with the demo officers (the caller pins the clock).
    func make(_ status: DossierStatus, _ o: ProcessingOfficers, procedure: String = threeDayProcedure, applicant: Int = 1) async throws -> String {
        switch status {
        case .new:
            return try await intake(o.reception, procedure: procedure, channel: "online", applicant: applicant)
        case .accepted:
            return try await intake(o.reception, procedure: procedure, applicant: applicant)
        case .notAccepted:
            let code = try await make(.new, o, procedure: procedure, applicant: applicant)
            try await mustMove(code, token: o.reception, TransitionInput(action: "refuse", reason: "Không thuộc thẩm quyền."))
            return code
        case .processing:
            let code = try await make(.accepted, o, procedure: procedure, applicant: applicant)
            try await mustMove(code, token: o.specialist, TransitionInput(action: "start"))
            return code
        case .supplementRequested:
            let code = try await make(.processing, o, procedure: procedure, applicant: applicant)
            try await mustMove(code, token: o.specialist, TransitionInput(action: "request-supplement", missing: ["Bản sao CCCD"]))
            return code
        case .awaitingFees:
            let code = try await make(.processing, o, procedure: procedure, applicant: applicant)
            try await mustMove(code, token: o.specialist, TransitionInput(action: "request-fees", feeAmount: 100_000))
            return code
        case .withdrawn:
            let code = try await make(.accepted, o, procedure: procedure, applicant: applicant)
            try await mustMove(code, token: o.reception, TransitionInput(action: "withdraw", reason: "Người nộp đề nghị rút."))
            return code
        case .stopped:
            let code = try await make(.processing, o, procedure: procedure, applicant: applicant)
            try await mustMove(code, token: o.leader, TransitionInput(action: "stop", reason: "Hồ sơ giả mạo giấy tờ."))
            return code
        case .resolved:
            let code = try await make(.processing, o, procedure: procedure, applicant: applicant)
            try await mustMove(code, token: o.leader, TransitionInput(action: "resolve"))
            return code
        case .returned:
            let code = try await make(.resolved, o, procedure: procedure, applicant: applicant)
            try await mustMove(code, token: o.reception, TransitionInput(action: "return", delivery: "counter"))
            return code
        }
    }
}

/// A complete, valid body for each action: refusals in the tests then come from the status or the role, never
/// from a missing field.
func processingInput(_ action: DossierAction) -> TransitionInput {
    switch action {
    case .accept: return TransitionInput(action: action.rawValue)
    case .refuse: return TransitionInput(action: action.rawValue, reason: "Không thuộc thẩm quyền giải quyết.")
    case .requestSupplement: return TransitionInput(action: action.rawValue, missing: ["Bản sao giấy khai sinh"])
    case .supplement: return TransitionInput(action: action.rawValue, note: "Đã nhận đủ.")
    case .start: return TransitionInput(action: action.rawValue)
    case .forward: return TransitionInput(action: action.rawValue)
    case .requestFees: return TransitionInput(action: action.rawValue, feeAmount: 150_000)
    case .feesPaid: return TransitionInput(action: action.rawValue)
    case .resolve: return TransitionInput(action: action.rawValue, note: "Đã cấp giấy chứng nhận.")
    case .stop: return TransitionInput(action: action.rawValue, reason: "Người nộp không đủ điều kiện.")
    case .withdraw: return TransitionInput(action: action.rawValue, reason: "Người nộp đề nghị rút.")
    case .reschedule: return TransitionInput(action: action.rawValue, reason: "Cần xác minh thêm.", newAppointment: "2027-04-23")
    case .return: return TransitionInput(action: action.rawValue, delivery: "counter")
    }
}
