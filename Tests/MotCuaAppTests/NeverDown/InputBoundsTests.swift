import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// Issue 7, what the tester stored: an HTML polyglot served as `poly.html`, a 500,000-character note, 2,000 missing
/// items, a 120 KB "name" under a 100-character limit, NUL and U+202E on slips, a reschedule to 9999-12-31, and an
/// Idempotency-Key reused with another body that silently returned the first dossier.
@Suite("Nobody in: uploads, text, dates, idempotency")
struct InputBoundsTests {
    func upload(_ app: Application, code: String, token: String, _ build: (inout CounterMultipart) -> Void) async throws -> TestingHTTPResponse {
        try await app.uploadAttachments(code: code, token: token, build)
    }

    @Test func filesAreJudgedByBothEndsAndNamedByWhatTheyAre() async throws {
        let polyglot = Array("%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n".utf8)
        #expect(UploadKind.sniff(polyglot) == nil)
        #expect(UploadKind.sniff(Array(CounterFiles.pdf.dropLast(8))) == nil, "a PDF cut before %%EOF")
        #expect(UploadKind.sniff(Array(CounterFiles.png.dropLast(4))) == nil, "a PNG without its IEND")
        #expect(UploadKind.sniff(Array(CounterFiles.jpeg.dropLast(2))) == nil, "a JPEG without EOI")
        #expect(UploadKind.sniff(CounterFiles.jpeg + [0x00, 0x00, 0x0A]) == .jpeg, "padding after EOI is tolerated")
        #expect(UploadCheck.named("poly.html", as: .pdf) == "poly.pdf")
        #expect(UploadCheck.named("Giấy khai sinh.PDF", as: .pdf) == "Giấy khai sinh.pdf")
        #expect(UploadCheck.named("scan", as: .jpeg) == "scan.jpg")
        #expect(UploadCheck.named("anh.chup.ngay.12.png", as: .png) == "anh.chup.ngay.12.png")

        try await withMotCua { app in
            let token = try await app.bearer("tiepnhan")
            let created = try #require(try await app.createDossier(token: token))
            let refused = try await upload(app, code: created.code, token: token) { body in
                body.file("file", filename: "poly.html", type: "application/pdf", bytes: polyglot)
            }
            #expect(refused.status == .unsupportedMediaType)
            let stored = try await upload(app, code: created.code, token: token) { body in
                body.file("file", filename: "poly.html", type: "text/html", bytes: CounterFiles.pdf)
            }
            #expect(stored.status == .created)
            #expect(try await DossierAttachment.query(on: app.db).all().map(\.filename) == ["poly.pdf"])
        }
    }

    @Test func textIsBoundedInCharactersScalarsAndBytes() throws {
        let name = TextRules.Field("applicant.fullName", "Họ và tên", maxCharacters: 100)
        #expect(try TextRules.clean("  Nguyễn Thị Thu Hà ", name) == "Nguyễn Thị Thu Hà")
        // Decomposed diacritics (NFD) are stored composed: one scalar a letter.
        #expect(try TextRules.clean("Nguye\u{302}\u{303}n", name) == "Nguyễn")
        let combiningFlood = "A" + String(repeating: "\u{301}", count: 60_000)   // 120 KB, one "character"
        #expect(throws: ValidationFailure.self) { try TextRules.clean(combiningFlood, name) }
        #expect(throws: ValidationFailure.self) { try TextRules.clean(String(repeating: "Â", count: 101), name) }
        for bad in ["Nguyễn\u{0}An", "Nguyễn\u{202E}nA", "An\u{2066}x", "An\nBình", "An\u{7F}"] {
            #expect(throws: ValidationFailure.self, "\(bad.unicodeScalars.map { $0.value })") { try TextRules.clean(bad, name) }
        }
        let note = TextRules.Field("note", "Ghi chú", maxCharacters: 2_000, multiline: true)
        #expect(try TextRules.clean("Dòng 1\r\nDòng 2\tcột", note) == "Dòng 1\nDòng 2\tcột")
        #expect(throws: ValidationFailure.self) { try TextRules.clean(String(repeating: "x", count: 500_000), note) }
        #expect(throws: ValidationFailure.self) { try TextRules.cleanList(Array(repeating: "Tờ khai", count: 2_000), note, maxItems: 50) }
    }

    @Test func hostileIntakeTextIsRefusedAndNothingIsStored() async throws {
        try await withMotCua { app in
            let token = try await app.bearer("tiepnhan")
            var cases: [IntakeBody] = []
            var bigNote = IntakeBody(procedureCode: ownAgencyProcedure, applicant: applicantJSON(), channel: "counter")
            bigNote.reason = String(repeating: "x", count: 500_000)
            cases.append(bigNote)
            var manyMissing = IntakeBody(procedureCode: ownAgencyProcedure, applicant: applicantJSON(), channel: "counter", outcome: "incomplete")
            manyMissing.missing = (0..<2_000).map { "Giấy tờ \($0)" }
            cases.append(manyMissing)
            for name in ["Nguyễn\u{0}An", "Nguyễn \u{202E}nA", "A" + String(repeating: "\u{301}", count: 60_000)] {
                var applicant = applicantJSON()
                applicant["fullName"] = name
                cases.append(IntakeBody(procedureCode: ownAgencyProcedure, applicant: applicant, channel: "counter"))
            }
            for body in cases {
                _ = try await app.createDossier(token: token, body: body, expect: .unprocessableEntity)
            }
            #expect(try await Dossier.query(on: app.db).count() == 0)
        }
    }

    @Test func administrationFormsRefuseControlAndBidiCharactersToo() async throws {
        try await withMotCua { app in
            let admin = WebSession(app: app)
            _ = try await admin.login("quantri")
            let user = try await admin.post("/quan-tri/nguoi-dung", form: ["username": "canbo.moi", "fullName": "Lê\u{202E}nA", "password": "MatKhau@2027",
                                                                           "agency": "000.00.21.H36", "roles[]": "specialist"])
            #expect(user.status == .unprocessableEntity)
            #expect(try await User.query(on: app.db).filter(\.$username == "canbo.moi").first() == nil)
            let agency = try await admin.post("/quan-tri/co-quan", form: ["code": "000.15.21.H36", "name": "Phường\u{0}9", "tier": "commune", "parent": "000.00.21.H36"])
            #expect(agency.status == .unprocessableEntity)
            #expect(try await Agency.find(code: "000.15.21.H36", on: app.db) == nil)
            let holiday = try await admin.post("/quan-tri/lich-nghi", form: ["date": "2027-05-03", "kind": "off", "name": String(repeating: "Nghỉ ", count: 100)])
            #expect(holiday.status == .unprocessableEntity)
        }
    }

    @Test func aRescheduleYearsAwayIsRefused() async throws {
        try await withMotCua { app in
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingTime("2027-04-14T09:00"))
            let code = try await client.make(.processing, o)
            for date in ["9999-12-31", "2100-01-04", "2028-06-01"] {
                let moved = try await client.move(code, token: o.specialist, TransitionInput(action: "reschedule", reason: "Chờ xác minh", newAppointment: date))
                #expect(moved.status == .badRequest, "\(date): \(moved.status) \(moved.message ?? "")")
            }
            #expect(try await client.stored(code).rescheduled == false)
        }
    }

    @Test func anIdempotencyKeyReusedWithAnotherBodyIs422() async throws {
        try await withMotCua { app in
            let token = try await app.bearer("tiepnhan")
            let first = try #require(try await app.createDossier(token: token, key: "may-quet-1-0001"))
            let retry = try #require(try await app.createDossier(token: token, key: "may-quet-1-0001", expect: .ok))
            #expect(retry.code == first.code)
            let other = IntakeBody(procedureCode: ownAgencyProcedure, applicant: applicantJSON(2), channel: "counter")
            _ = try await app.createDossier(token: token, body: other, key: "may-quet-1-0001", expect: .unprocessableEntity)
            _ = try await app.createDossier(token: token, key: String(repeating: "k", count: 256), expect: .badRequest)
            #expect(try await Dossier.query(on: app.db).count() == 1)
        }
    }

    /// Found by schemathesis: an online intake left `appointmentAt` out, where the document promises every key.
    @Test func anOnlineIntakeAnswersAppointmentAtAsNull() async throws {
        try await withMotCua { app in
            let token = try await app.bearer("tiepnhan")
            let body = IntakeBody(procedureCode: ownAgencyProcedure, applicant: applicantJSON(), channel: "online")
            let res = try await app.testing().sendRequest(.POST, "/api/v1/dossiers", headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                                          body: ByteBuffer(data: try JSONEncoder().encode(body)))
            #expect(res.status == .created)
            #expect(res.body.string.contains("\"appointmentAt\":null"), "\(res.body.string)")
        }
    }

    @Test func aChangedCounterFormAfterBackCreatesTheSecondDossier() async throws {
        try await withMotCua { app in
            let web = try await WebSession.counterReceptionist(app)
            func submit(name: String, id: String) async throws -> TestingHTTPResponse {
                try await web.counterPost("/mot-cua/tiep-nhan") { body in
                    body.field("formKey", "same-form-after-back")
                    body.field("procedureCode", ownAgencyProcedure)
                    counterApplicant(&body, name: name, idNumber: id)
                    body.field("component", "0")
                    body.field("component", "1")
                    body.field("outcome", "accept")
                }
            }
            let first = try await submit(name: "Trần Thị Bình", id: "068195000123")
            #expect(first.status == .seeOther, "\(first.body.string.prefix(300))")
            let double = try await submit(name: "Trần Thị Bình", id: "068195000123")
            #expect(first.headers.first(name: .location) == double.headers.first(name: .location), "a double click is one dossier")
            let next = try await submit(name: "Lê Văn Cường", id: "068095000456")
            #expect(next.status == .seeOther)
            #expect(next.headers.first(name: .location) != first.headers.first(name: .location))
            #expect(try await Dossier.query(on: app.db).count() == 2)
        }
    }
}
