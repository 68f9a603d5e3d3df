import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp

/// Helpers of the queue tests: tickets through the API, counters added for load, calls by bearer token.
extension Application {
    func queueIssue(_ area: String, priority: Bool = false, client: String? = nil) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        if let client { headers.add(name: .xForwardedFor, value: client) }
        let body = ByteBuffer(string: #"{"area":"\#(area)","priority":\#(priority)}"#)
        return try await testing().sendRequest(.POST, "/api/v1/queue/tickets", headers: headers, body: body)
    }

    func queuePost(_ path: String, token: String, json: String = "{}") async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.bearerAuthorization = .init(token: token)
        return try await testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: json))
    }

    /// Tickets written straight to the table, one second apart from `start` (load tests need many, quickly).
    func queueBulkTickets(area code: String, count: Int, priority: @escaping @Sendable (Int) -> Bool = { _ in false }, start: Date) async throws {
        let area = try #require(try await QueueArea.query(on: db).filter(\.$code == code).first())
        let day = QueueLine.today(start)
        try await db.transaction { db in
            for index in 0..<count {
                let ticket = QueueTicket()
                ticket.$agency.id = area.$agency.id
                ticket.$area.id = try area.requireID()
                ticket.day = day
                ticket.sequence = index + 1
                ticket.number = QueueLine.number(prefix: area.prefix, sequence: index + 1)
                ticket.priority = priority(index)
                ticket.statusValue = QueueTicket.Status.waiting.rawValue
                ticket.issuedAt = start.addingTimeInterval(Double(index))
                ticket.queuedAt = ticket.issuedAt
                try await ticket.create(on: db)
            }
        }
    }

    /// Extra counters of the demo centre serving one area ("T01"…).
    func queueExtraCounters(_ count: Int, area: String) async throws -> [String] {
        let agency = try #require(try await Agency.query(on: db).filter(\.$code == DemoSeed.homeAgencyCode).first())
        var codes: [String] = []
        for index in 1...count {
            let code = String(format: "T%02d", index)
            try await QueueCounter(agencyID: try agency.requireID(), code: code, name: "Quầy thử \(index)", number: 100 + index,
                                   areaCodes: [area], officerID: nil).create(on: db)
            codes.append(code)
        }
        return codes
    }
}

struct QueueCallBody: Decodable {
    struct Ticket: Decodable { let id: UUID; let number: String; let priority: Bool; let status: String }
    let id: Int
    let ticket: Ticket
    let counter: String
    let area: String
}

struct QueueTicketBody: Decodable {
    struct Area: Decodable { let code: String; let name: String }
    let id: UUID
    let number: String
    let area: Area
    let status: String
    let ahead: Int
    let counter: String?
    let issuedAt: Date
}

extension TestingHTTPResponse {
    func queueDecode<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(body.readableBytesView))
    }
}
