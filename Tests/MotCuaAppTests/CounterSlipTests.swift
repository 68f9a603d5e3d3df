import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

@Suite("Counter slips")
struct CounterSlipTests {
    @Test func receiptSlip01CarriesTheCodeTheAppointmentAScannableBarcodeAndTheLookupQR() async throws {
        try await withMotCua { app in
            // setup: DOMAIN.md §4 — received Wednesday 2027-04-14 10:00, N = 3 → 2027-04-20 17:00
            app.settings.publicBaseURL = "https://motcua.lamdong.gov.vn/"
            let code = try await app.counterThreeDayDossier(at: LocalDate(year: 2027, month: 4, day: 14), hour: 10)
            let session = WebSession(app: app)
            _ = try await session.login("tiepnhan")
            // act
            let response = try await session.get("/ho-so/\(code)/phieu/01")
            // assert
            let html = response.body.string
            #expect(response.status == .ok)
            #expect(html.contains("<title>Giấy tiếp nhận hồ sơ và hẹn trả kết quả – \(code)</title>"))
            #expect(html.contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"))
            #expect(html.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
            #expect(html.contains("Độc lập - Tự do - Hạnh phúc"))
            #expect(html.contains("17:00 ngày 20/04/2027"))
            #expect(html.contains("Đăng ký thành lập hộ kinh doanh"))
            #expect(html.contains("Giấy đề nghị đăng ký hộ kinh doanh theo mẫu"))
            // The A5 sheet's print rules are shared with the payment receipt.
            #expect(html.contains("<link rel=\"stylesheet\" href=\"/css/sheet-a5.css\">"))
            let sheet = try String(contentsOfFile: app.directory.publicDirectory + "css/sheet-a5.css", encoding: .utf8)
            #expect(sheet.contains("@page { size: A5;"))
            #expect(html.contains("In phiếu"))
            #expect(!html.contains("site-header"), "a slip is a standalone page, not the site layout")
            // the code as text, as Code 128 and as a QR code of the public lookup address
            #expect(html.components(separatedBy: code).count - 1 >= 3)
            let barcode = try #require(counterInlineSVG(after: "class=\"barcode\"", in: html))
            #expect(barcode == (try Code128.svg(code, moduleWidth: 2, height: 70)))
            let bars = counterRectAttribute("width", in: barcode).dropFirst()   // the first rect is the white background
            #expect((bars.min() ?? 0) >= 2, "narrowest bar must be at least 2 px to scan from a screenshot")
            #expect((counterRectAttribute("height", in: barcode).min() ?? 0) >= 50)
            let lookup = "https://motcua.lamdong.gov.vn/tra-cuu/\(code)"
            #expect(html.contains(lookup))
            let qr = try #require(counterInlineSVG(after: "class=\"qr\"", in: html))
            #expect(qr == (try QRCode(lookup).svg(moduleSize: 3, quietZone: 4)))
        }
    }

    @Test func withoutAConfiguredBaseTheQRUsesTheRequestsHost() async throws {
        try await withMotCua { app in
            // setup
            let created = try #require(try await app.createDossier(token: try await app.bearer("tiepnhan")))
            let session = WebSession(app: app)
            _ = try await session.login("tiepnhan")
            var headers = HTTPHeaders()
            headers.add(name: .cookie, value: session.cookie ?? "")
            headers.add(name: .host, value: "192.168.1.20:8080")
            // act
            let response = try await app.testing().sendRequest(.GET, "/ho-so/\(created.code)/phieu/01", headers: headers)
            // assert
            #expect(response.status == .ok)
            #expect(response.body.string.contains("http://192.168.1.20:8080/tra-cuu/\(created.code)"))
        }
    }

    @Test func supplementSlip02ListsEveryMissingItemAndOtherSlipsDoNotApply() async throws {
        try await withMotCua { app in
            // setup: nothing ticked, one line of the officer's own
            let session = WebSession(app: app)
            _ = try await session.login("tiepnhan")
            let missing = ["Tờ khai đăng ký khai sinh theo mẫu", "Giấy chứng sinh (hoặc văn bản người làm chứng", "Bản dịch hộ chiếu của người mẹ"]
            let code = try await session.counterIntake(outcome: "incomplete", missingExtra: "Bản dịch hộ chiếu của người mẹ")
            // act
            let slip = try await session.get("/ho-so/\(code)/phieu/02")
            let receipt = try await session.get("/ho-so/\(code)/phieu/01")
            let refusal = try await session.get("/ho-so/\(code)/phieu/03")
            let apology = try await session.get("/ho-so/\(code)/phieu/04")
            let unknownForm = try await session.get("/ho-so/\(code)/phieu/07")
            // assert
            let html = slip.body.string
            #expect(slip.status == .ok)
            #expect(html.contains("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"))
            for item in missing { #expect(html.contains("<li>\(item)")) }
            #expect(html.components(separatedBy: "<li>").count - 1 == 3)
            #expect(html.contains("<svg"))
            #expect(receipt.status == .notFound)
            #expect(receipt.body.string.contains("chưa được tiếp nhận"))
            #expect(refusal.status == .notFound)
            #expect(refusal.body.string.contains("không bị từ chối"))
            #expect(apology.status == .notFound)
            #expect(unknownForm.status == .notFound)
        }
    }

    @Test func refusalSlip03ShowsTheReason() async throws {
        try await withMotCua { app in
            // setup
            let session = WebSession(app: app)
            _ = try await session.login("tiepnhan")
            let code = try await session.counterIntake(outcome: "refuse", reason: "Hồ sơ thuộc thẩm quyền của UBND huyện Đức Trọng")
            // act
            let slip = try await session.get("/ho-so/\(code)/phieu/03")
            // assert
            #expect(slip.status == .ok)
            #expect(slip.body.string.contains("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"))
            #expect(slip.body.string.contains("Hồ sơ thuộc thẩm quyền của UBND huyện Đức Trọng"))
            #expect(slip.body.string.contains(code))
        }
    }

    @Test func apologySlip04ShowsTheReasonTheOldAndTheNewDate() async throws {
        try await withMotCua { app in
            // setup: appointment 2027-04-20 17:00 (DOMAIN.md §4), rescheduled on 2027-04-15 to 2027-04-23
            let code = try await app.counterThreeDayDossier(at: LocalDate(year: 2027, month: 4, day: 14), hour: 10)
            let specialist = try await app.bearer("chuyenvien")
            #expect(try await app.move(code, token: specialist, ["action": "start"]).1 == 4)
            app.clock.set(LocalDate(year: 2027, month: 4, day: 15).at(hour: 9, minute: 0))
            let moved = try await app.move(code, token: try await app.bearer("chuyenvien"),   // yesterday's token has expired
                                           ["action": "reschedule", "reason": "Cần xác minh thông tin với cơ quan thuế", "newAppointment": "2027-04-23"])
            #expect(moved.0 == .ok, "\(moved)")
            let session = WebSession(app: app)
            _ = try await session.login("tiepnhan")
            // act
            let slip = try await session.get("/ho-so/\(code)/phieu/04")
            let receipt = try await session.get("/ho-so/\(code)/phieu/01")
            // assert
            let html = slip.body.string
            #expect(slip.status == .ok)
            #expect(html.contains("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"))
            #expect(html.contains("Cần xác minh thông tin với cơ quan thuế"))
            #expect(html.contains("17:00 ngày 20/04/2027"))
            #expect(html.contains("17:00 ngày 23/04/2027"))
            // the receipt still shows the appointment it was issued with
            #expect(receipt.body.string.contains("17:00 ngày 20/04/2027"))
        }
    }

    @Test func controlSlip05HasOneRowPerEventWithTheHandOvers() async throws {
        try await withMotCua { app in
            // setup
            let code = try await app.counterThreeDayDossier(at: LocalDate(year: 2027, month: 4, day: 14), hour: 10)
            #expect(try await app.move(code, token: try await app.bearer("chuyenvien"), ["action": "start"]).1 == 4)
            let session = WebSession(app: app)
            _ = try await session.login("lanhdao")
            // act
            let slip = try await session.get("/ho-so/\(code)/phieu/05")
            // assert
            let html = slip.body.string
            #expect(slip.status == .ok)
            #expect(html.contains("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"))
            let dossier = try #require(try await app.counterDossier(code))
            let events = try await DossierEvent.query(on: app.db).filter(\.$dossier.$id == dossier.requireID()).count()
            #expect(events == 3)
            let table = try #require(html.components(separatedBy: "<tbody>").last?.components(separatedBy: "</tbody>").first)
            #expect(table.components(separatedBy: "<tr>").count - 1 == events)
            #expect(table.contains("Phòng Tài chính - Kế hoạch (bộ phận đăng ký kinh doanh)"))
            #expect(table.contains("10:00 ngày 14/04/2027"))
            #expect(table.components(separatedBy: "class=\"sign\"").count - 1 == 2 * events)
        }
    }

    @Test func anotherAgencysOfficerAndAnonymousVisitorsCannotPrint() async throws {
        try await withMotCua { app in
            // setup
            let created = try #require(try await app.createDossier(token: try await app.bearer("tiepnhan")))
            let other = WebSession(app: app)
            _ = try await other.login("tiepnhan2")
            let anonymous = WebSession(app: app)
            // act
            let foreign = try await other.get("/ho-so/\(created.code)/phieu/01")
            let unknown = try await other.get("/ho-so/000.00.27.H36-261122-0999/phieu/01")
            let visitor = try await anonymous.get("/ho-so/\(created.code)/phieu/01")
            // assert
            #expect(foreign.status == .notFound)
            #expect(foreign.body.string.contains("Không tìm thấy hồ sơ"))
            #expect(!foreign.body.string.contains("Nguyễn Văn An"))
            #expect(unknown.status == .notFound)
            #expect(visitor.status.code == 303 || visitor.status.code == 302)
            #expect((visitor.headers.first(name: .location) ?? "").hasPrefix("/dang-nhap"))
        }
    }
}
