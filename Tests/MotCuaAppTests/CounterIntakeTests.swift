import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

@Suite("Counter intake form")
struct CounterIntakeTests {
    /// The two components of 2.000528 that every applicant must bring (the others are conditional or shown only).
    static let requiredOfOwnProcedure = ["Tờ khai đăng ký khai sinh theo mẫu", "Giấy chứng sinh"]

    @Test func acceptWithScansRedirectsToSlip01AndStoresTheFiles() async throws {
        try await withMotCua { app in
            // setup
            let session = try await WebSession.counterReceptionist(app)
            // act
            let response = try await session.counterPost("/mot-cua/tiep-nhan") { body in
                body.field("procedureCode", ownAgencyProcedure)
                counterApplicant(&body)
                body.field("component", "0")
                body.field("component", "1")
                body.file("attachments", filename: "to-khai.pdf", type: "application/pdf", bytes: CounterFiles.pdf)
                body.file("attachments", filename: "giấy chứng sinh.png", type: "image/png", bytes: CounterFiles.png)
                body.field("outcome", "accept")
            }
            // assert
            #expect(response.status == .seeOther, "\(response.body.string.prefix(600))")
            let location = response.counterLocation
            #expect(location.hasPrefix("/ho-so/000.00.21.H36-"))
            #expect(location.hasSuffix("/phieu/01"))
            let code = location.components(separatedBy: "/")[2]
            let dossier = try #require(try await app.counterDossier(code))
            #expect(dossier.status == .accepted)
            #expect(dossier.applicantName == "Trần Thị Bình")
            #expect(dossier.components.filter(\.provided).count == 2)
            let files = try await DossierAttachment.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).sort(\.$filename).all()
            #expect(files.map(\.filename) == ["giấy chứng sinh.png", "to-khai.pdf"])
            #expect(files.map(\.contentType) == ["image/png", "application/pdf"])
            #expect(files.map(\.size) == [CounterFiles.png.count, CounterFiles.pdf.count])
            #expect(files.allSatisfy { $0.kind == "component" && $0.sha256.count == 64 })
        }
    }

    @Test func incompleteListsEveryUntickedRequiredComponentAndTheTypedLinesAtOnce() async throws {
        try await withMotCua { app in
            // setup
            let session = try await WebSession.counterReceptionist(app)
            // act: nothing ticked, one extra line typed
            let response = try await session.counterPost("/mot-cua/tiep-nhan") { body in
                body.field("procedureCode", ownAgencyProcedure)
                counterApplicant(&body)
                body.field("missingExtra", "Bản dịch công chứng giấy tờ nước ngoài\n")
                body.field("outcome", "incomplete")
            }
            // assert
            #expect(response.status == .seeOther, "\(response.body.string.prefix(600))")
            #expect(response.counterLocation.hasSuffix("/phieu/02"))
            let code = response.counterLocation.components(separatedBy: "/")[2]
            let dossier = try #require(try await app.counterDossier(code))
            #expect(dossier.status == .supplementRequested)
            let event = try #require(try await DossierEvent.query(on: app.db).filter(\.$action == "request-supplement").first())
            let note = try #require(event.note)
            for name in Self.requiredOfOwnProcedure { #expect(note.contains(name)) }
            #expect(note.contains("Bản dịch công chứng giấy tờ nước ngoài"))
            // conditional and show-only components are never listed as missing
            #expect(!note.contains("Văn bản ủy quyền"))
            #expect(!note.contains("Giấy tờ tùy thân/hộ chiếu"))
        }
    }

    @Test func refusalNeedsAReasonThenRedirectsToSlip03() async throws {
        try await withMotCua { app in
            // setup
            let session = try await WebSession.counterReceptionist(app)
            // act: no reason
            let withoutReason = try await session.counterPost("/mot-cua/tiep-nhan") { body in
                body.field("procedureCode", ownAgencyProcedure)
                counterApplicant(&body, name: "Lê Văn Cường")
                body.field("outcome", "refuse")
            }
            // assert: refused, typed values kept, nothing written
            #expect(withoutReason.status == .badRequest)
            #expect(withoutReason.body.string.contains("lý do từ chối"))
            #expect(withoutReason.body.string.contains("value=\"Lê Văn Cường\""))
            #expect(try await Dossier.query(on: app.db).count() == 0)

            // act: with a reason
            let refused = try await session.counterPost("/mot-cua/tiep-nhan") { body in
                body.field("procedureCode", ownAgencyProcedure)
                counterApplicant(&body, name: "Lê Văn Cường")
                body.field("reason", "Không thuộc thẩm quyền giải quyết của UBND thành phố Đà Lạt")
                body.field("outcome", "refuse")
            }
            // assert
            #expect(refused.status == .seeOther)
            #expect(refused.counterLocation.hasSuffix("/phieu/03"))
            let dossier = try #require(try await Dossier.query(on: app.db).first())
            #expect(dossier.status == .notAccepted)
            // the rolled-back attempt gave its number back: the refused dossier is the day's first
            #expect(dossier.code.hasSuffix("-0001"))
        }
    }

    @Test func acceptingWithARequiredComponentMissingRerendersTheFormWithEverythingTyped() async throws {
        try await withMotCua { app in
            // setup
            let session = try await WebSession.counterReceptionist(app)
            // act: only the first required component ticked
            let response = try await session.counterPost("/mot-cua/tiep-nhan") { body in
                body.field("procedureCode", ownAgencyProcedure)
                counterApplicant(&body, name: "Phạm Thị Dung")
                body.field("component", "0")
                body.field("note", "Nộp thay cho con")
                body.field("outcome", "accept")
            }
            // assert
            let html = response.body.string
            #expect(response.status == .unprocessableEntity)
            #expect(html.contains("Hồ sơ còn thiếu"))
            #expect(html.contains("Giấy chứng sinh"))
            #expect(html.contains("value=\"Phạm Thị Dung\""))
            #expect(html.contains("value=\"068195000123\""))
            #expect(html.contains("value=\"Nộp thay cho con\""))
            #expect(html.contains("name=\"component\" value=\"0\" checked"))
            #expect(!html.contains("name=\"component\" value=\"1\" checked"))
            #expect(try await Dossier.query(on: app.db).count() == 0)
        }
    }

    @Test func aTextFileNamedPdfRefusesTheWholeIntakeAndWritesNothing() async throws {
        try await withMotCua { app in
            // setup
            let session = try await WebSession.counterReceptionist(app)
            // act: one good scan, one renamed text file
            let response = try await session.counterPost("/mot-cua/tiep-nhan") { body in
                body.field("procedureCode", ownAgencyProcedure)
                counterApplicant(&body, name: "Võ Minh Em")
                body.field("component", "0")
                body.field("component", "1")
                body.file("attachments", filename: "to-khai.pdf", type: "application/pdf", bytes: CounterFiles.pdf)
                body.file("attachments", filename: "giay-chung-sinh.pdf", type: "application/pdf", bytes: CounterFiles.textPretendingToBePDF)
                body.field("outcome", "accept")
            }
            // assert
            let html = response.body.string
            #expect(response.status == .unsupportedMediaType)
            #expect(html.contains("giay-chung-sinh.pdf"))
            #expect(html.contains("Chưa lưu gì"))
            #expect(html.contains("chọn lại các tệp"))
            #expect(html.contains("value=\"Võ Minh Em\""))
            #expect(try await Dossier.query(on: app.db).count() == 0)
            #expect(try await DossierAttachment.query(on: app.db).count() == 0)
            #expect(try await DossierEvent.query(on: app.db).count() == 0)
        }
    }

    @Test func aFileOverTheConfiguredLimitRefusesTheWholeIntake() async throws {
        try await withMotCua { app in
            // setup: a 1 KB limit and a 2 KB real PNG
            app.settings.maxUploadBytes = 1024
            let session = try await WebSession.counterReceptionist(app)
            let bigPNG = CounterFiles.png + Array(repeating: 0x42, count: 2048)
            // act
            let response = try await session.counterPost("/mot-cua/tiep-nhan") { body in
                body.field("procedureCode", ownAgencyProcedure)
                counterApplicant(&body)
                body.field("component", "0")
                body.field("component", "1")
                body.file("attachments", filename: "ban-quet.png", type: "image/png", bytes: bigPNG)
                body.field("outcome", "accept")
            }
            // assert
            #expect(response.status == .payloadTooLarge)
            #expect(response.body.string.contains("ban-quet.png"))
            #expect(response.body.string.contains("1 KB"))
            #expect(try await Dossier.query(on: app.db).count() == 0)
            #expect(try await DossierAttachment.query(on: app.db).count() == 0)
        }
    }

    @Test func aLargeUploadThroughARealSocketPassesTheTokenCheck() async throws {
        try await withMotCua { app in
            // setup: a 3 MB scan arrives in many network reads, so the form token is not in the first one
            let session = try await WebSession.counterReceptionist(app)
            var body = CounterMultipart()
            body.field("_csrf", session.csrf ?? "")
            body.field("procedureCode", ownAgencyProcedure)
            counterApplicant(&body)
            body.field("component", "0")
            body.field("component", "1")
            // (a PDF ends with %%EOF: the padding is a comment inside it)
            body.file("attachments", filename: "ban-quet-lon.pdf", type: "application/pdf",
                      bytes: CounterFiles.pdf + Array(repeating: 0x25, count: 3_000_000) + Array("\n%%EOF\n".utf8))
            body.field("outcome", "accept")
            let headers: HTTPHeaders = ["Cookie": session.cookie ?? "", "Content-Type": body.contentType]
            // act
            // (a client of our own rather than VaporTesting's live one, whose 30 s deadline a loaded CI machine can pass)
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let port = try #require(app.http.server.shared.localAddress?.port)
            let response = try await app.client.post(URI(string: "http://127.0.0.1:\(port)/mot-cua/tiep-nhan"), headers: headers) { request in
                request.body = body.finished()
                request.timeout = .seconds(300)
            }
            await app.server.shutdown()
            // assert
            // (the outcome is read from the database, whether or not the client followed the 303 to the slip)
            #expect(response.status != .forbidden, "\(response.body.map { String(buffer: $0) }?.prefix(300) ?? "")")
            #expect(try await Dossier.query(on: app.db).count() == 1)
            let stored = try #require(try await DossierAttachment.query(on: app.db).first())
            #expect(stored.size == CounterFiles.pdf.count + 3_000_000 + 7)
        }
    }

    @Test func aDoubleSubmittedFormReceivesOneDossier() async throws {
        try await withMotCua { app in
            // setup
            let session = try await WebSession.counterReceptionist(app)
            let key = UUID().uuidString
            func submit() async throws -> TestingHTTPResponse {
                try await session.counterPost("/mot-cua/tiep-nhan") { body in
                    body.field("procedureCode", ownAgencyProcedure)
                    body.field("formKey", key)
                    counterApplicant(&body)
                    body.field("component", "0")
                    body.field("component", "1")
                    body.file("attachments", filename: "to-khai.pdf", type: "application/pdf", bytes: CounterFiles.pdf)
                    body.field("outcome", "accept")
                }
            }
            // act
            let first = try await submit()
            let second = try await submit()
            // assert
            #expect(first.status == .seeOther)
            #expect(second.counterLocation == first.counterLocation)
            #expect(try await Dossier.query(on: app.db).count() == 1)
            #expect(try await DossierAttachment.query(on: app.db).count() == 1)
        }
    }

    @Test func theFormWithoutTokenIsRefused() async throws {
        try await withMotCua { app in
            // setup
            let session = try await WebSession.counterReceptionist(app)
            // act
            let response = try await session.counterPost("/mot-cua/tiep-nhan", { body in
                body.field("procedureCode", ownAgencyProcedure)
                counterApplicant(&body)
                body.field("outcome", "accept")
            }, withToken: false)
            // assert
            #expect(response.status == .forbidden)
            #expect(try await Dossier.query(on: app.db).count() == 0)
        }
    }

    @Test func pickerAndChecklistRender() async throws {
        try await withMotCua { app in
            // setup
            let session = WebSession(app: app)
            _ = try await session.login("tiepnhan")
            // act
            let picker = try await session.get("/mot-cua/tiep-nhan?q=khai+sinh")
            let form = try await session.get("/mot-cua/tiep-nhan?procedure=\(ownAgencyProcedure)")
            let unknown = try await session.get("/mot-cua/tiep-nhan?procedure=9.999999.000.00.00.H36")
            // assert: the no-JavaScript fallback lists matches; the form shows the checklist with its kinds
            #expect(picker.status == .ok)
            #expect(picker.body.string.contains("<option value=\"\(ownAgencyProcedure)\""))
            #expect(form.status == .ok)
            let html = form.body.string
            #expect(html.contains("enctype=\"multipart/form-data\""))
            #expect(html.contains("Đăng ký khai sinh có yếu tố nước ngoài"))
            #expect(html.components(separatedBy: "name=\"component\"").count - 1 == 6)
            #expect(html.contains("Chỉ xuất trình"))
            #expect(html.contains("Khi cha hoặc mẹ là người nước ngoài"))
            #expect(html.contains("value=\"accept\" accesskey=\"t\""))
            #expect(unknown.status == .notFound)
            #expect(unknown.body.string.contains("Không tìm thấy thủ tục"))
        }
    }

    @Test func deskShowsTodaysDossiersAndCountsOnlyToReceptionists() async throws {
        try await withMotCua { app in
            // setup: one accepted, one refused today at Đà Lạt; one at Đức Trọng
            app.clock.set(LocalDate(year: 2026, month: 11, day: 23).at(hour: 9, minute: 0))
            let token = try await app.bearer("tiepnhan")
            let accepted = try #require(try await app.createDossier(token: token))
            let other = try await app.bearer("tiepnhan2")
            let elsewhere = try await app.createDossier(token: other, procedure: ownAgencyProcedure)
            let session = WebSession(app: app)
            _ = try await session.login("tiepnhan")
            let refusedCode = try await session.counterIntake(outcome: "refuse", reason: "Sai thẩm quyền")
            let specialist = WebSession(app: app)
            _ = try await specialist.login("chuyenvien")
            // act
            let desk = try await session.get("/mot-cua")
            let forbidden = try await specialist.get("/mot-cua")
            // assert
            let html = desk.body.string
            #expect(desk.status == .ok)
            #expect(html.contains(accepted.code))
            #expect(html.contains(refusedCode))
            if let elsewhere { #expect(!html.contains(elsewhere.code)) }
            #expect(html.contains("/ho-so/\(accepted.code)/phieu/01"))
            #expect(html.contains("/ho-so/\(refusedCode)/phieu/03"))
            #expect(html.contains("<strong>2</strong>Hồ sơ nhận hôm nay"))
            #expect(html.contains("<strong>1</strong>Từ chối tiếp nhận"))
            #expect(forbidden.status == .forbidden)
        }
    }
}
