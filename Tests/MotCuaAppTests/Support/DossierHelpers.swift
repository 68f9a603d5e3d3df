import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp

/// A district procedure of the demo officers' own agency (Đà Lạt city): foreign-element birth registration, 0 days.
let ownAgencyProcedure = "2.000528.000.00.00.H36"
/// 3 working days, handled by Đà Lạt's Finance–Planning office (a unit in Đà Lạt's subtree).
let threeDayProcedure = "1.001612.000.00.00.H36"

struct DossierSummary: Decodable {
    struct Status: Decodable { let code: Int; let label: String }
    let code: String
    let status: Status
    let receivedAt: Date?
    let appointmentAt: Date?
}

/// A valid applicant; `index` varies the CCCD so that many applicants differ.
func applicantJSON(_ index: Int = 1) -> [String: String] {
    ["fullName": "Nguyễn Văn An", "idNumber": String(format: "068095%06d", index), "phone": "0912345678",
     "email": "an.nguyen@example.vn", "address": "12 Trần Phú, Phường 3, Đà Lạt"]
}

struct IntakeBody: Content {
    let procedureCode: String
    let applicant: [String: String]
    let channel: String
    var components: [String]? = nil
    var outcome: String? = nil
    var missing: [String]? = nil
    var reason: String? = nil
}

extension Application {
    static var isoDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    func createDossier(token: String, procedure: String = ownAgencyProcedure, body: IntakeBody? = nil, key: String? = nil,
                       expect status: HTTPStatus = .created) async throws -> DossierSummary? {
        var result: DossierSummary?
        var headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
        if let key { headers.add(name: "Idempotency-Key", value: key) }
        try await testing().test(.POST, "/api/v1/dossiers", headers: headers, beforeRequest: { req in
            try req.content.encode(body ?? IntakeBody(procedureCode: procedure, applicant: applicantJSON(), channel: "counter"))
        }, afterResponse: { res in
            #expect(res.status == status, "\(res.body.string)")
            if res.status.code < 300 { result = try Self.isoDecoder.decode(DossierSummary.self, from: Data(res.body.readableBytesView)) }
        })
        return result
    }

    /// Sends a move; returns the HTTP status and the new status code (if any).
    @discardableResult
    func move(_ code: String, token: String, _ fields: [String: String]) async throws -> (HTTPStatus, Int?, String?) {
        var outcome: (HTTPStatus, Int?, String?) = (.internalServerError, nil, nil)
        try await testing().test(.POST, "/api/v1/dossiers/\(code)/transitions", headers: ["Authorization": "Bearer \(token)"], beforeRequest: { req in
            try req.content.encode(fields)
        }, afterResponse: { res in
            let status = try? res.content.get(Int.self, at: "status", "code")
            outcome = (res.status, status, res.apiError?.error.code)
        })
        return outcome
    }
}
