import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
import MotCuaCore

@Suite("Online filing: drafts, submission, the counter's check, supplements, results online, ratings")
struct OnlineFilingTests {
    /// A citizen's draft of the level-3 procedure with its one required component uploaded.
    func completeDraft(_ app: Application, token: String) async throws -> String {
        let created = try await app.send(.POST, "/api/v1/drafts", token: token, json: ["procedureCode": onlineProcedure])
        #expect(created.status == .created, "\(created.text)")
        let id = try #require(created.json["id"] as? String)
        #expect((created.json["applicant"] as? [String: Any])?["idNumber"] as? String != nil, "prefilled from the account")
        let components = created.json["components"] as? [[String: Any]] ?? []
        let required = components.filter { $0["required"] as? Bool == true }.compactMap { $0["name"] as? String }
        #expect(!required.isEmpty)
        for name in required {
            let upload = try await app.tusUpload(samplePDF(name.prefix(20).description), token: token)
            let attached = try await app.send(.POST, "/api/v1/drafts/\(id)/files", token: token, json: ["upload": upload, "component": name])
            #expect(attached.status == .created, "\(attached.text)")
        }
        let saved = try await app.send(.PUT, "/api/v1/drafts/\(id)", token: token, json: [
            "applicant": ["fullName": "Lê Thị Hoa", "idNumber": "068195000040", "phone": "0987654321", "email": "congdan40@example.vn"],
            "components": required, "delivery": ["method": "online"]])
        #expect(saved.status == .ok, "\(saved.text)")
        #expect((saved.json["missing"] as? [Any])?.isEmpty == true, "\(saved.text)")
        return id
    }

    @Test("Submit issues the receiving agency's code, status 1 online, with the files; a repeated submit returns the same dossier")
    func submitOnce() async throws {
        try await withMotCua { app in
            let (_, token) = try await app.citizen(40)
            let draft = try await completeDraft(app, token: token)
            let submitted = try await app.send(.POST, "/api/v1/drafts/\(draft)/submit", token: token)
            #expect(submitted.status == .created, "\(submitted.text)")
            let code = try #require(submitted.json["code"] as? String)
            #expect(code.hasPrefix(DemoSeed.homeAgencyCode + "-"), "received by Đà Lạt's one-stop shop (DOMAIN §3)")
            #expect((submitted.json["status"] as? [String: Any])?["code"] as? Int == 1)
            let again = try await app.send(.POST, "/api/v1/drafts/\(draft)/submit", token: token)
            #expect(again.status == .ok)
            #expect(again.json["code"] as? String == code)
            let dossier = try #require(try await Dossier.query(on: app.db).filter(\.$code == code).first())
            #expect(dossier.channel == "online")
            #expect(try await Dossier.query(on: app.db).filter(\.$owner.$id == dossier.$owner.id).count() == 1)
            #expect(try await DossierAttachment.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).count() == 1)
            #expect(try await DraftFile.query(on: app.db).count() == 0)
            // The acknowledgement mail carries the code.
            let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$dossierID == dossier.id).filter(\.$channelCode == "email").first())
            #expect(mail.textBody.contains(code))

            let mine = try await app.send(.GET, "/api/v1/my/dossiers", token: token)
            #expect((mine.json["items"] as? [[String: Any]])?.first?["code"] as? String == code)
            let own = try await app.send(.GET, "/api/v1/dossiers/\(code)", token: token)
            #expect(own.status == .ok)
            #expect(!own.text.contains("actor\":\"Nguyễn"), "no officer names")
        }
    }

    @Test("Refusals: missing component listed, level 2, someone else's draft or dossier 404, officers cannot file")
    func refusals() async throws {
        try await withMotCua { app in
            let (_, token) = try await app.citizen(41)
            let (_, other) = try await app.citizen(42)
            let created = try await app.send(.POST, "/api/v1/drafts", token: token, json: ["procedureCode": onlineProcedure])
            let id = try #require(created.json["id"] as? String)
            let early = try await app.send(.POST, "/api/v1/drafts/\(id)/submit", token: token)
            #expect(early.status == .unprocessableEntity)
            #expect(early.errorCode == "draft_incomplete")
            #expect(early.text.contains("Tờ khai"))
            #expect(try await Dossier.query(on: app.db).filter(\.$channel == "online").count() == 0, "nothing filed")

            let levelTwo = try #require(try await Procedure.query(on: app.db).filter(\.$level == 2).first())
            let refused = try await app.send(.POST, "/api/v1/drafts", token: token, json: ["procedureCode": levelTwo.code])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.errorCode == "not_online")

            #expect(try await app.send(.GET, "/api/v1/drafts/\(id)", token: other).status == .notFound)
            #expect(try await app.send(.PUT, "/api/v1/drafts/\(id)", token: other, json: ["components": []]).status == .notFound)
            #expect(try await app.send(.POST, "/api/v1/drafts/\(id)/submit", token: other).status == .notFound)
            let filed = try await completeDraft(app, token: token)
            let code = try #require(try await app.send(.POST, "/api/v1/drafts/\(filed)/submit", token: token).json["code"] as? String)
            #expect(try await app.send(.GET, "/api/v1/dossiers/\(code)", token: other).status == .notFound)
            #expect(try await app.send(.POST, "/api/v1/dossiers/\(code)/transitions", token: other, json: ["action": "supplement"]).status == .notFound)
            #expect(try await app.send(.POST, "/api/v1/dossiers/\(code)/rating", token: other, json: ["overall": "satisfied", "attitude": "satisfied"]).status == .notFound)
            let officer = try await app.bearer("tiepnhan")
            #expect(try await app.send(.POST, "/api/v1/drafts", token: officer, json: ["procedureCode": onlineProcedure]).status == .forbidden)

            // A file that is not what it claims is refused with the reason; the draft keeps what it had.
            let fake = try await app.tusUpload(Data("<html><script>alert(1)</script></html>".utf8), filename: "to-khai.pdf", token: token)
            let name = ((created.json["components"] as? [[String: Any]])?.first?["name"] as? String) ?? ""
            let bad = try await app.send(.POST, "/api/v1/drafts/\(id)/files", token: token, json: ["upload": fake, "component": name])
            #expect(bad.status == .unsupportedMediaType)
            #expect(try await DraftFile.query(on: app.db).count() == 0)
            let wrongComponent = try await app.send(.POST, "/api/v1/drafts/\(id)/files", token: token, json: ["upload": fake, "component": "Không có"])
            #expect(wrongComponent.status == .unprocessableEntity)
        }
    }

    @Test("The counter accepts an online dossier; a supplement goes back to 4 and restarts the clock; online return releases the result; one rating")
    func wholeJourney() async throws {
        try await withMotCua { app in
            let (_, token) = try await app.citizen(43)
            let draft = try await completeDraft(app, token: token)
            let code = try #require(try await app.send(.POST, "/api/v1/drafts/\(draft)/submit", token: token).json["code"] as? String)
            let receptionist = try await app.bearer("tiepnhan")
            let leader = try await app.bearer("lanhdao")
            #expect(try await app.move(code, token: receptionist, ["action": "accept"]).1 == 2)
            #expect(try await app.move(code, token: leader, ["action": "start"]).1 == 4)
            let asked = try await app.send(.POST, "/api/v1/dossiers/\(code)/transitions", token: leader,
                                           json: ["action": "request-supplement", "missing": ["Bản chụp CCCD"]])
            #expect(asked.status == .ok, "\(asked.text)")

            // The owner may only supplement, and only after adding a file.
            #expect(try await app.send(.POST, "/api/v1/dossiers/\(code)/transitions", token: token, json: ["action": "resolve"]).status == .forbidden)
            let empty = try await app.send(.POST, "/api/v1/dossiers/\(code)/transitions", token: token, json: ["action": "supplement"])
            #expect(empty.errorCode == "no_files_added")
            let upload = try await app.tusUpload(samplePDF("cccd"), token: token)
            #expect(try await app.send(.POST, "/api/v1/dossiers/\(code)/files", token: token, json: ["upload": upload, "component": "Bản chụp CCCD"]).status == .created)
            let resubmitted = try await app.send(.POST, "/api/v1/dossiers/\(code)/transitions", token: token, json: ["action": "supplement"])
            #expect((resubmitted.json["status"] as? [String: Any])?["code"] as? Int == 4, "\(resubmitted.text)")

            // Resolve with a result file, then return online: the owner downloads it with its SHA-256.
            let dossier = try #require(try await Dossier.query(on: app.db).filter(\.$code == code).first())
            let noResult = try await app.move(code, token: leader, ["action": "resolve"])
            #expect(noResult.1 == 9)
            #expect(try await app.move(code, token: receptionist, ["action": "return", "delivery": "online"]).2 == "no_electronic_result")
            let result = samplePDF("ket qua")
            try await AttachmentStore.save(try UploadCheck.check([IncomingFile(filename: "ket-qua.pdf", data: ByteBuffer(data: result))], maxBytes: 1 << 20),
                                           dossierID: dossier.requireID(), kind: .result, by: try #require(try await User.query(on: app.db).filter(\.$username == "lanhdao").first()),
                                           at: Date(), on: app.db)
            let own = try await app.send(.GET, "/api/v1/dossiers/\(code)", token: token)
            #expect(!own.text.contains("ket-qua.pdf"), "not released before the return")
            #expect(try await app.move(code, token: receptionist, ["action": "return", "delivery": "online"]).1 == 10)
            let released = try await app.send(.GET, "/api/v1/dossiers/\(code)", token: token)
            let files = released.json["attachments"] as? [[String: Any]] ?? []
            let resultID = try #require(files.first { $0["kind"] as? String == "result" }?["id"] as? String)
            let download = try await app.send(.GET, "/api/v1/my/dossiers/\(code)/files/\(resultID)", token: token)
            #expect(download.status == .ok)
            #expect(download.headers.first(name: "X-Content-SHA256") == SHA256.hash(data: result).hexString)
            let (_, stranger) = try await app.citizen(44)
            #expect(try await app.send(.GET, "/api/v1/my/dossiers/\(code)/files/\(resultID)", token: stranger).status == .notFound)

            let rated = try await app.send(.POST, "/api/v1/dossiers/\(code)/rating", token: token,
                                           json: ["overall": "satisfied", "attitude": "neutral", "comment": "Nhanh, đúng hẹn."])
            #expect(rated.status == .created, "\(rated.text)")
            let twice = try await app.send(.POST, "/api/v1/dossiers/\(code)/rating", token: token, json: ["overall": "dissatisfied", "attitude": "dissatisfied"])
            #expect(twice.status == .conflict)
            #expect(twice.errorCode == "already_rated")
            let rating = try #require(try await Rating.query(on: app.db).first())
            #expect(rating.overall == "satisfied")
            #expect(rating.$officer.id != nil, "attributed to the officer who returned it")
        }
    }

    @Test("A supplement before acceptance returns the dossier to status 1, to the counter")
    func supplementBeforeAcceptance() async throws {
        try await withMotCua { app in
            let (_, token) = try await app.citizen(45)
            let draft = try await completeDraft(app, token: token)
            let code = try #require(try await app.send(.POST, "/api/v1/drafts/\(draft)/submit", token: token).json["code"] as? String)
            let receptionist = try await app.bearer("tiepnhan")
            let asked = try await app.send(.POST, "/api/v1/dossiers/\(code)/transitions", token: receptionist,
                                           json: ["action": "request-supplement", "missing": ["Bản chính giấy khai sinh (bản chụp rõ nét)", "Văn bản ủy quyền"]])
            #expect((asked.json["status"] as? [String: Any])?["code"] as? Int == 5)
            let mail = try #require(try await OutboxMessage.query(on: app.db).filter(\.$channelCode == "email").filter(\.$kind == "dossier.request-supplement").sort(\.$createdAt, .descending).first())
            #expect(mail.textBody.contains("Văn bản ủy quyền"), "the whole list at once")
            let upload = try await app.tusUpload(samplePDF(), token: token)
            _ = try await app.send(.POST, "/api/v1/dossiers/\(code)/files", token: token, json: ["upload": upload, "component": "Văn bản ủy quyền"])
            let back = try await app.send(.POST, "/api/v1/dossiers/\(code)/transitions", token: token, json: ["action": "supplement"])
            #expect((back.json["status"] as? [String: Any])?["code"] as? Int == 1)
        }
    }

    @Test("Rating on the counter's tablet with the receptionist's code, once")
    func tabletRating() async throws {
        try await withMotCua { app in
            let calendar = try await CalendarService.workingCalendar(on: app.db, schedule: app.settings.schedule)
            try await DemoCitizenDossiers.seed(on: app.db, now: Date(), calendar: calendar)
            let returned = try #require(try await Dossier.query(on: app.db).filter(\.$statusCode == DossierStatus.returned.rawValue)
                .filter(\.$channel == "online").first())
            let officer = WebSession(app: app)
            _ = try await officer.login("tiepnhan")
            let invite = try await officer.post("/mot-cua/danh-gia/\(returned.code)", form: [:])
            #expect(invite.status == .ok)
            let code = try #require(try await RatingInvitation.query(on: app.db).first()?.code)
            let tablet = WebSession(app: app)
            _ = try await tablet.get("/danh-gia")
            let wrong = try await tablet.post("/danh-gia", form: ["code": "000000" == code ? "111111" : "000000"])
            #expect(wrong.status == .notFound)
            let step = try await tablet.post("/danh-gia", form: ["code": code])
            #expect(step.body.string.contains(returned.code))
            let done = try await tablet.post("/danh-gia", form: ["code": code, "overall": "satisfied", "attitude": "satisfied"])
            #expect(done.body.string.contains("Cảm ơn"))
            let reuse = try await tablet.post("/danh-gia", form: ["code": code, "overall": "dissatisfied", "attitude": "dissatisfied"])
            #expect(reuse.status == .notFound)
            #expect(try await Rating.query(on: app.db).count() == 1)
        }
    }
}
