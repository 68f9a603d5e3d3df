import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// Issue 8: slip 04 is signed by the head of the agency (or a deputy on their behalf), slips' date lines carry the
/// place (DOMAIN §7), and public pages carry neither research notes nor "0.0" nor doubled full stops.
@Suite("Counter-grade: slips and wording")
struct SlipsAndWordingTests {
    /// A dossier of Đà Lạt's own procedure, rescheduled by the specialist on the day after intake.
    func rescheduled(_ app: Application) async throws -> String {
        let client = ProcessingClient(app: app)
        let o = try await client.at(processingTime("2027-04-12T09:00"))
        let code = try await client.make(.processing, o, procedure: threeDayProcedure)
        let later = try await client.at(processingTime("2027-04-13T09:00"))
        try await client.mustMove(code, token: later.specialist,
                                  TransitionInput(action: "reschedule", reason: "Cần xác minh với cơ quan thuế.", newAppointment: "2027-04-23"))
        return code
    }

    @Test func slip04IsSignedForTheHeadOfTheLateAgencyNotByTheOfficer() async throws {
        try await withMotCua { app in
            // setup: the Finance–Planning office records its head; Đà Lạt's committee has a deputy signing (demo seed).
            let code = try await rescheduled(app)
            let office = try #require(try await Agency.find(code: "000.02.21.H36", on: app.db))
            let session = WebSession(app: app)
            _ = try await session.login("tiepnhan")
            // act
            let unnamed = try await session.get("/ho-so/\(code)/phieu/04").body.string
            office.headName = "Đinh Thị Thu"
            try await office.save(on: app.db)
            let named = try await session.get("/ho-so/\(code)/phieu/04").body.string
            office.deputyName = "Hồ Văn Khải"
            try await office.save(on: app.db)
            let deputy = try await session.get("/ho-so/\(code)/phieu/04").body.string
            // assert
            let signer = { (html: String) in html.components(separatedBy: "id=\"slip-signer\"").last?.components(separatedBy: "</div>\n").first ?? "" }
            #expect(signer(unnamed).contains("TRƯỞNG PHÒNG"))
            #expect(!signer(unnamed).contains("Lê Văn Phúc"), "the officer who clicked is not the signer")
            #expect(signer(named).contains("<b>Đinh Thị Thu</b>"))
            #expect(signer(deputy).contains("KT. TRƯỞNG PHÒNG"))
            #expect(signer(deputy).contains("PHÓ TRƯỞNG PHÒNG"))
            #expect(signer(deputy).contains("<b>Hồ Văn Khải</b>"))
            #expect(deputy.contains("Đà Lạt, ngày 13 tháng 4 năm 2027"))
            #expect(deputy.contains("Cần xác minh với cơ quan thuế.") && !deputy.contains("thuế.."))
        }
    }

    @Test func everySlipDatesItselfWithThePlaceOfTheIssuingAgency() async throws {
        try await withMotCua { app in
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingTime("2027-01-05T09:00"))
            let code = try await client.make(.accepted, o, procedure: ownAgencyProcedure)
            let session = WebSession(app: app)
            _ = try await session.login("tiepnhan")
            let receipt = try await session.get("/ho-so/\(code)/phieu/01").body.string
            #expect(receipt.contains("Đà Lạt, ngày 05 tháng 01 năm 2027"))
        }
    }

    @Test func placeNamesFollowDecree30() {
        #expect(PlaceName.derive(fromAgencyName: "Ủy ban nhân dân tỉnh Lâm Đồng") == "Lâm Đồng")
        #expect(PlaceName.derive(fromAgencyName: "Ủy ban nhân dân thành phố Đà Lạt") == "Đà Lạt")
        #expect(PlaceName.derive(fromAgencyName: "Phòng Lao động - Thương binh và Xã hội thành phố Đà Lạt") == "Đà Lạt")
        #expect(PlaceName.derive(fromAgencyName: "Sở Lao động - Thương binh và Xã hội tỉnh Lâm Đồng") == "Lâm Đồng")
        #expect(PlaceName.derive(fromAgencyName: "Ủy ban nhân dân Phường 1, thành phố Đà Lạt") == "Phường 1")
        #expect(PlaceName.derive(fromAgencyName: "Ủy ban nhân dân xã Tà Nung, thành phố Đà Lạt") == "Tà Nung")
        #expect(PlaceName.derive(fromAgencyName: "Phòng Tư pháp huyện Đức Trọng") == "Đức Trọng")
    }

    @Test func publicPagesShowNoResearchNotesNoZeroStepTimesAndNoDoubledStops() async throws {
        try await withMotCua { app in
            let procedures = try await Procedure.query(on: app.db).all()
            #expect(procedures.allSatisfy { $0.fees.allSatisfy { ($0.note ?? "").range(of: "chưa tìm được") == nil } })
            var sawZeroStep = false
            for procedure in procedures {
                let html = try await app.testing().sendRequest(.GET, "/thu-tuc/\(procedure.code)").body.string
                for marker in ["chưa tìm được", "chưa xác minh", "để trống", "<td>0.0</td>", "<td>2.0</td>"] {
                    #expect(!html.contains(marker), "\(procedure.code) shows “\(marker)”")
                }
                // Two full stops in a row, not an ellipsis.
                #expect(html.range(of: "[^.]\\.\\.(?!\\.)", options: .regularExpression) == nil, "\(procedure.code) doubles a full stop")
                if procedure.steps.contains(where: { $0.days == 0 }) { sawZeroStep = true }
            }
            #expect(sawZeroStep, "the demo catalogue has steps without a time: the check above must have seen one")
            #expect(ResearchNotes.publicPart(of: "Mức do HĐND tỉnh quy định; mức của Lâm Đồng chưa tìm được.") == "Mức do HĐND tỉnh quy định.")
            #expect(ResearchNotes.publicPart(of: "Cổng DVC quốc gia ghi miễn phí") == nil)
            #expect(VietnameseFormat.decimal(0.5) == "0,5" && VietnameseFormat.decimal(2) == "2" && VietnameseFormat.decimal(1.25) == "1,25")
            #expect(Sentences.join(["Lý do: thiếu chữ ký.", "Hẹn cũ: 20/04/2027"]) == "Lý do: thiếu chữ ký. Hẹn cũ: 20/04/2027.")
        }
    }

    @Test func papersOnlyShownAtTheCounterAreNotCalledOptional() async throws {
        try await withMotCua { app in
            // "Đăng ký khai sinh" (Phường 1, in Đà Lạt's subtree): the identity paper is shown, not handed in.
            let body = IntakeBody(procedureCode: "1.001193.000.00.00.H36", applicant: applicantJSON(3), channel: "counter")
            let code = try #require(try await app.createDossier(token: try await app.bearer("tiepnhan"), body: body)).code
            let leader = WebSession(app: app)
            _ = try await leader.login("lanhdao")
            let html = try await leader.get("/ho-so/\(code)").body.string
            let line = try #require(html.components(separatedBy: "<li>").first { $0.contains("Giấy tờ tùy thân còn giá trị") })
            #expect(line.contains("Chỉ xuất trình") || line.contains("Đã xuất trình"))
            #expect(!line.contains("Tùy trường hợp"))
        }
    }

    @Test func aRefusedDossiersPublicPageHasNoReceiptDateNorCounterHint() async throws {
        try await withMotCua { app in
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let refused = try await client.make(.notAccepted, o)
            let open = try await client.make(.processing, o, applicant: 2)
            let refusedPage = try await app.testing().sendRequest(.GET, "/tra-cuu/\(refused)").body.string
            let openPage = try await app.testing().sendRequest(.GET, "/tra-cuu/\(open)").body.string
            #expect(!refusedPage.contains("Ngày tiếp nhận"))
            #expect(!refusedPage.contains("id=\"show-at-counter\""))
            #expect(openPage.contains("Ngày tiếp nhận"))
            #expect(openPage.contains("id=\"show-at-counter\""))
            #expect(!openPage.contains("Đang xử lý</span>") || openPage.components(separatedBy: "Đang xử lý</span>").count == 2)
        }
    }
}
