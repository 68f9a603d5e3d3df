import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// `GET /api/v1/lookup/{code}` writes its JSON by hand and reads events as rows: it must answer exactly what the
/// Codable path (`LookupResponse` + `TimelineEntryDTO(event, forPublic: true)` + Vapor's `JSONEncoder`) answered.
@Suite("Lookup JSON writer")
struct LookupJSONWriterTests {
    /// The response of the Codable path, as it was before the hand-written writer: kept as the reference.
    struct LegacyLookupResponse: Encodable {
        let code: String
        let procedure: ProcedureRef
        let status: StatusDTO
        let applicantName: String
        let receivedAt: Date
        let appointmentAt: Date?
        let resolvedAt: Date?
        let returnedAt: Date?
        let timeline: [TimelineEntryDTO]

        enum CodingKeys: String, CodingKey {
            case code, procedure, status, applicantName, receivedAt, appointmentAt, resolvedAt, returnedAt, timeline
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(code, forKey: .code)
            try c.encode(procedure, forKey: .procedure)
            try c.encode(status, forKey: .status)
            try c.encode(applicantName, forKey: .applicantName)
            try c.encode(receivedAt, forKey: .receivedAt)
            try c.encode(appointmentAt, forKey: .appointmentAt)
            try c.encode(resolvedAt, forKey: .resolvedAt)
            try c.encode(returnedAt, forKey: .returnedAt)
            try c.encode(timeline, forKey: .timeline)
        }

        /// The old lookup: Fluent models, events through `DossierEvent`.
        static func load(code: String, on db: Database) async throws -> LegacyLookupResponse? {
            guard let dossier = try await Dossier.query(on: db).filter(\.$code == code).first() else { return nil }
            let procedure = try await dossier.$procedure.get(on: db)
            let events = try await DossierEvent.query(on: db).filter(\.$dossier.$id == dossier.requireID()).sort(\.$at).all()
            let status = DossierStatus(rawValue: dossier.statusCode) ?? .new
            return LegacyLookupResponse(
                code: dossier.code, procedure: ProcedureRef(code: procedure.code, name: procedure.name),
                status: StatusDTO(code: status.rawValue, label: status.label),
                applicantName: PersonName.masked(dossier.applicantName), receivedAt: dossier.receivedAt,
                appointmentAt: dossier.appointmentAt, resolvedAt: dossier.resolvedAt, returnedAt: dossier.returnedAt,
                timeline: events.map { TimelineEntryDTO($0, forPublic: true) })
        }

        /// What Vapor's configured JSON content encoder writes for it.
        func vaporJSON() throws -> Data {
            let response = Response()
            try response.content.encode(self, as: .json)
            return Data(response.body.buffer?.readableBytesView ?? ByteBuffer().readableBytesView)
        }
    }

    /// Typed view of the contract, decoded the way the clients decode it.
    struct Decoded: Decodable, Equatable {
        struct Status: Decodable, Equatable { let code: Int; let label: String }
        struct Ref: Decodable, Equatable { let code: String; let name: String }
        struct Entry: Decodable, Equatable {
            let at: Date; let action: String; let actionLabel: String
            let fromStatus: Status?; let toStatus: Status; let note: String?
            let actor: String?; let fromUnit: String?; let toUnit: String?
        }
        let code: String; let procedure: Ref; let status: Status; let applicantName: String
        let receivedAt: Date; let appointmentAt: Date?; let resolvedAt: Date?; let returnedAt: Date?
        let timeline: [Entry]
    }

    /// Any JSON value, compared exactly: a `null` is not an absent key, "…Z" strings compare as written.
    indirect enum JSONValue: Decodable, Equatable {
        case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let n = try? c.decode(Double.self) { self = .number(n) }
            else if let s = try? c.decode(String.self) { self = .string(s) }
            else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
            else { self = .object(try c.decode([String: JSONValue].self)) }
        }
    }

    static func written(_ dossier: PublicDossier) -> Data {
        Data(LookupAPIController.body(dossier).readableBytesView)
    }

    /// Both outputs decode to the same typed value and to the same JSON tree.
    static func expectSame(_ written: Data, _ reference: Data, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try Application.isoDecoder.decode(Decoded.self, from: written) == Application.isoDecoder.decode(Decoded.self, from: reference),
                sourceLocation: sourceLocation)
        #expect(try JSONDecoder().decode(JSONValue.self, from: written) == JSONDecoder().decode(JSONValue.self, from: reference),
                "\(String(decoding: written, as: UTF8.self))\n≠\n\(String(decoding: reference, as: UTF8.self))", sourceLocation: sourceLocation)
    }

    /// The legacy response for a value built in memory: events become `DossierEvent` models as the old path did.
    static func legacy(_ dossier: PublicDossier, notes: [String?]) -> LegacyLookupResponse {
        let timeline = zip(dossier.timeline, notes).map { entry, note in
            let event = DossierEvent()
            event.at = entry.at
            event.action = entry.action
            event.fromStatus = entry.fromStatus?.code
            event.toStatus = entry.toStatus.code
            event.note = note
            event.actorName = "Cán bộ"
            event.fromUnit = "Phòng A"
            event.toUnit = "Phòng B"
            return TimelineEntryDTO(event, forPublic: true)
        }
        return LegacyLookupResponse(
            code: dossier.code, procedure: dossier.procedure,
            status: StatusDTO(code: dossier.status.rawValue, label: dossier.status.label), applicantName: dossier.applicantName,
            receivedAt: dossier.receivedAt, appointmentAt: dossier.appointmentAt, resolvedAt: dossier.resolvedAt,
            returnedAt: dossier.returnedAt, timeline: timeline)
    }

    static let awkwardNotes: [String?] = [
        nil, "", "Ghi chú có \"ngoặc kép\" và \\ gạch chéo ngược / gạch chéo",
        "Dòng một\nDòng hai\r\n\tthụt lề", "Điều khiển: \u{01}\u{08}\u{0C}\u{1F}\u{7F} hết",
        "Bổ sung bản sao Giấy chứng nhận quyền sử dụng đất — có chứng thực 😀", "\u{2028}\u{2029} và ký tự kết hợp e\u{0301}",
    ]

    @Test func writerMatchesTheCodablePathForAwkwardValues() throws {
        // setup: every action (public note or not), notes of every awkward kind, nil and fractional dates
        let actions = [DossierEvent.intakeAction] + DossierAction.allCases.map(\.rawValue) + ["unknown-action"]
        var cases: [(PublicDossier, [String?])] = []
        for (index, status) in DossierStatus.allCases.enumerated() {
            var notes: [String?] = []
            var timeline: [PublicTimelineEntry] = []
            for (step, action) in actions.enumerated() {
                let note = Self.awkwardNotes[(index + step) % Self.awkwardNotes.count]
                notes.append(note)
                timeline.append(PublicTimelineEntry(at: Date(timeIntervalSince1970: 1_795_394_352.75 + Double(step) * 3_601.5),
                                                    action: action, fromStatus: step == 0 ? nil : (step % 11), toStatus: step % 11 + 1, note: note))
            }
            let dossier = PublicDossier(
                code: "H36.21-261123-\(String(format: "%04d", index))",
                procedure: ProcedureRef(code: "2.000528.000.00.00.H36", name: "Đăng ký khai sinh có yếu tố nước ngoài \"đặc biệt\"\n"),
                status: status, applicantName: index % 2 == 0 ? "N*** V** An" : "Ê\u{1}\"\\",
                receivedAt: Date(timeIntervalSince1970: 1_795_394_352.999),
                appointmentAt: index % 3 == 0 ? nil : Date(timeIntervalSince1970: 1_795_480_752.5),
                resolvedAt: index % 2 == 0 ? nil : Date(timeIntervalSince1970: 951_782_400),   // 29 Feb 2000
                returnedAt: index % 4 == 1 ? Date(timeIntervalSince1970: -1.5) : nil,
                timeline: timeline)
            cases.append((dossier, notes))
        }
        for (dossier, notes) in cases {
            // act
            let written = Self.written(dossier)
            let reference = try Self.legacy(dossier, notes: notes).vaporJSON()
            // assert
            try Self.expectSame(written, reference)
        }
    }

    @Test func emptyTimelineIsAnEmptyArray() throws {
        // setup
        let dossier = PublicDossier(code: "X", procedure: ProcedureRef(code: "p", name: "n"), status: .new, applicantName: "",
                                    receivedAt: Date(timeIntervalSince1970: 0), appointmentAt: nil, resolvedAt: nil, returnedAt: nil, timeline: [])
        // act
        let written = Self.written(dossier)
        // assert
        #expect(String(decoding: written, as: UTF8.self) == """
            {"code":"X","procedure":{"code":"p","name":"n"},"status":{"code":1,"label":"\(DossierStatus.new.label)"},"applicantName":"",\
            "receivedAt":"1970-01-01T00:00:00Z","appointmentAt":null,"resolvedAt":null,"returnedAt":null,"timeline":[]}
            """)
        try Self.expectSame(written, try Self.legacy(dossier, notes: []).vaporJSON())
    }

    @Test func datesAreWrittenAsJSONEncoderWritesThem() throws {
        // setup: whole and fractional seconds, both sides of 1970 and 2001, leap days, the edges of the fast path
        var dates: [Date] = [0, 0.4, 0.9999, 0.99999999, -0.5, -1.2, -86_400.5, 951_782_400, 1_795_394_352.7,
                             978_307_199.9999, 978_307_200, 4_107_542_399, 253_402_300_799.9, 253_402_300_800,
                             -12_212_553_600, -12_219_292_800, -62_135_596_800]
            .map { Date(timeIntervalSince1970: $0) }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 { dates.append(Date(timeIntervalSince1970: Double.random(in: -12_000_000_000...253_402_300_000, using: &generator))) }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        for date in dates {
            // act
            var writer = JSONWriter()
            writer.date(date)
            let written = String(decoding: writer.buffer.readableBytesView, as: UTF8.self)
            // assert
            let reference = String(decoding: try encoder.encode([date]), as: UTF8.self).dropFirst().dropLast()
            #expect(written == String(reference), "\(date.timeIntervalSince1970)")
        }
    }

    @Test func apiAnswersWhatTheCodablePathAnsweredForStoredDossiers() async throws {
        try await withMotCua { app in
            // setup: real dossiers, with events of every public-note action and awkward notes added to their timelines
            let token = try await app.bearer("tiepnhan")
            var codes: [String] = []
            for index in 0..<4 {
                let created = try #require(try await app.createDossier(token: token))
                codes.append(created.code)
                let dossier = try #require(try await Dossier.query(on: app.db).filter(\.$code == created.code).first())
                let events = try await DossierEvent.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).sort(\.$at).all()
                // Distinct times: the order of two events of the same instant is not part of the contract.
                for (offset, event) in events.enumerated() {
                    event.at = dossier.receivedAt.addingTimeInterval(Double(offset) + 0.25)
                    try await event.save(on: app.db)
                }
                let added: [(DossierAction, DossierStatus, DossierStatus)] = [
                    (.start, .accepted, .processing), (.requestSupplement, .processing, .supplementRequested),
                    (.supplement, .supplementRequested, .processing), (.reschedule, .processing, .processing),
                    (.refuse, .processing, .stopped), (.return, .resolved, .returned)]
                for (step, (action, from, to)) in added.enumerated() {
                    let note = Self.awkwardNotes[(index + step) % Self.awkwardNotes.count]
                    let event = DossierEvent(dossierID: try dossier.requireID(), at: dossier.receivedAt.addingTimeInterval(Double(100 * (step + 1)) + 0.5),
                                             actor: nil, action: action.rawValue, from: from, to: to, note: note, fromUnit: "Phòng Tư pháp", toUnit: nil)
                    try await event.save(on: app.db)
                }
                if index % 2 == 1 {
                    dossier.resolvedAt = dossier.receivedAt.addingTimeInterval(86_400.75)
                    dossier.appointmentAt = nil
                    try await dossier.save(on: app.db)
                }
            }
            codes.append(try await LookupTests.returnedDossier(app))
            for code in codes {
                // act
                let response = try await app.testing().sendRequest(.GET, "/api/v1/lookup/\(code)")
                // assert
                #expect(response.status == .ok)
                #expect(response.headers.contentType == .json)
                #expect(response.headers.first(name: .cacheControl) == "no-cache")
                let reference = try #require(try await LegacyLookupResponse.load(code: code, on: app.db)).vaporJSON()
                try Self.expectSame(Data(response.body.readableBytesView), reference)
            }
        }
    }

    @Test func pageStillShowsTheTimelineAndOnlyPublicNotes() async throws {
        try await withMotCua { app in
            // setup
            let created = try #require(try await app.createDossier(token: try await app.bearer("tiepnhan")))
            let dossier = try #require(try await Dossier.query(on: app.db).filter(\.$code == created.code).first())
            for (step, (action, note)) in [(DossierAction.start, "Ghi chú nội bộ"), (.requestSupplement, "Thiếu bản sao CCCD")].enumerated() {
                try await DossierEvent(dossierID: try dossier.requireID(), at: dossier.receivedAt.addingTimeInterval(Double(60 * (step + 1))),
                                       actor: nil, action: action.rawValue, from: .processing, to: .processing, note: note).save(on: app.db)
            }
            // act
            let page = try await app.testing().sendRequest(.GET, "/tra-cuu/\(created.code)")
            // assert
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Thiếu bản sao CCCD"))
            #expect(!page.body.string.contains("Ghi chú nội bộ"))
            #expect(page.body.string.contains(DossierAction.requestSupplement.label))
        }
    }
}
