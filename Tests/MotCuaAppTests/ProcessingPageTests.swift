import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// `/xu-ly` and `/ho-so/{code}`: what officers see and the moves they make by form.
@Suite("Processing pages")
struct ProcessingPageTests {
    /// The `<tr>` of one dossier in the inbox, or nil.
    func row(_ html: String, _ code: String) -> String? {
        guard let start = html.range(of: "data-code=\"\(code)\"") else { return nil }
        let before = html[..<start.lowerBound]
        guard let open = before.range(of: "<tr", options: .backwards), let end = html[start.upperBound...].range(of: "</tr>") else { return nil }
        return String(html[open.lowerBound..<end.upperBound])
    }

    /// The number shown in a header link whose text ends with `label`.
    func headerCount(_ html: String, _ label: String) -> Int? {
        let pattern = "<strong>(\\d+)</strong> " + NSRegularExpression.escapedPattern(for: label) + "<"
        guard let match = html.range(of: pattern, options: .regularExpression) else { return nil }
        return Int(html[match].drop(while: { !$0.isNumber }).prefix(while: \.isNumber))
    }

    func chipCount(_ html: String, _ label: String) -> Int? {
        let pattern = NSRegularExpression.escapedPattern(for: label) + " <span class=\"count\">(\\d+)</span>"
        guard let match = html.range(of: pattern, options: .regularExpression) else { return nil }
        return Int(html[match].components(separatedBy: "\"count\">").last!.prefix(while: \.isNumber))
    }

    @Test func theInboxColoursRowsByUrgencyAndCountsThem() async throws {
        try await withMotCua { app in
            // setup: A (same day) and B (3 days, due Tue 20) received Wed 14; C (same day) received Mon 19.
            let client = ProcessingClient(app: app)
            var o = try await client.at(processingMorning)
            let a = try await client.intake(o.reception, procedure: ownAgencyProcedure, applicant: 1)
            let b = try await client.intake(o.reception, procedure: threeDayProcedure, applicant: 2)
            let waiting = try await client.make(.supplementRequested, o, procedure: ownAgencyProcedure, applicant: 3)
            o = try await client.at(processingTime("2027-04-19T09:00"))
            let c = try await client.intake(o.reception, procedure: ownAgencyProcedure, applicant: 4)
            let online = try await client.intake(o.reception, procedure: ownAgencyProcedure, channel: "online", applicant: 5)
            let web = WebSession(app: app)
            try await web.login("chuyenvien")

            // act: on Monday 19 at 09:00
            let mine = try await web.get("/xu-ly").body.string
            let unit = try await web.get("/xu-ly?tab=cua-don-vi").body.string

            // assert: "Của tôi" is what Đà Lạt itself handles; B belongs to the Finance–Planning office.
            #expect(row(mine, a)?.contains("class=\"urgency-overdue\"") == true)
            #expect(row(mine, c)?.contains("class=\"urgency-today\"") == true)
            #expect(row(mine, waiting)?.contains("class=\"urgency-none\"") == true)
            #expect(row(mine, b) == nil)
            #expect(row(unit, b)?.contains("class=\"urgency-soon\"") == true)
            #expect(headerCount(mine, Urgency.overdue.label) == 1)
            #expect(headerCount(mine, Urgency.dueToday.label) == 1)
            #expect(headerCount(mine, Urgency.dueSoon.label) == 0)
            #expect(headerCount(unit, Urgency.dueSoon.label) == 1)
            #expect(chipCount(mine, DossierStatus.accepted.label) == 2)
            #expect(chipCount(mine, DossierStatus.supplementRequested.label) == 1)
            #expect(chipCount(unit, DossierStatus.accepted.label) == 3)
            // Sorted by appointment: the overdue one first, those without an appointment (not yet accepted) last.
            let positions = [a, c, online].compactMap { mine.range(of: "data-code=\"\($0)\"")?.lowerBound }
            #expect(positions.count == 3 && positions[0] < positions[1] && positions[1] < positions[2])

            // Filters: by urgency, by status, by search.
            let overdue = try await web.get("/xu-ly?urgency=overdue").body.string
            #expect(row(overdue, a) != nil && row(overdue, c) == nil)
            let supplement = try await web.get("/xu-ly?status=5").body.string
            #expect(row(supplement, waiting) != nil && row(supplement, a) == nil)
            let search = try await web.get("/xu-ly?tab=cua-don-vi&q=\(c)").body.string
            #expect(row(search, c) != nil && row(search, a) == nil)
            #expect(try await web.get("/xu-ly?status=99").status == .badRequest)
        }
    }

    @Test func theInboxIsPagedAndSaysSoWhenEmpty() async throws {
        try await withMotCua { app in
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let web = WebSession(app: app)
            try await web.login("chuyenvien")
            #expect(try await web.get("/xu-ly").body.string.contains("Chưa có hồ sơ nào cần giải quyết"))

            for index in 1...22 { _ = try await client.intake(o.reception, procedure: ownAgencyProcedure, applicant: index) }
            let first = try await web.get("/xu-ly").body.string
            #expect(first.components(separatedBy: "data-code=").count - 1 == 20)
            #expect(first.contains("href=\"/xu-ly?page=2\""))
            let second = try await web.get("/xu-ly?page=2").body.string
            #expect(second.components(separatedBy: "data-code=").count - 1 == 2)
            #expect(second.contains("Hiển thị 21–22 trong 22 hồ sơ"))
            #expect(try await web.get("/xu-ly?q=khong-co-ho-so-nay").body.string.contains("Không tìm thấy hồ sơ nào"))
        }
    }

    @Test func theDossierPageShowsEverythingAnOfficerNeeds() async throws {
        try await withMotCua { app in
            // setup: in processing, supplement requested then supplied, fees requested.
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(.supplementRequested, o)
            try await client.mustMove(code, token: o.reception, TransitionInput(action: "supplement"))
            let web = WebSession(app: app)
            try await web.login("chuyenvien")

            // act
            let response = try await web.get("/ho-so/\(code)")
            let html = response.body.string

            // assert
            #expect(response.status == .ok)
            #expect(html.contains("Đăng ký thành lập hộ kinh doanh"))
            #expect(html.contains("068095000001"))               // the CCCD in full, for officers
            #expect(html.contains("0912345678"))
            #expect(html.contains("Phòng Tài chính - Kế hoạch thành phố Đà Lạt"))
            #expect(html.contains("– Bản sao CCCD"))              // the supplement request's note in the timeline
            #expect(html.contains("Lê Văn Phúc"))                 // who
            #expect(html.contains("/ho-so/\(code)/phieu/01"))
            #expect(html.contains("/ho-so/\(code)/phieu/02"))
            #expect(!html.contains("/ho-so/\(code)/phieu/03"))
            #expect(!html.contains("/ho-so/\(code)/phieu/04"))
            #expect(html.contains("/ho-so/\(code)/phieu/05"))
            // The specialist's forms: forward, fees, reschedule; never the leader's resolve or the counter's accept.
            #expect(html.contains("id=\"form-forward\""))
            #expect(html.contains("id=\"form-request-fees\""))
            #expect(html.contains("id=\"form-reschedule\""))
            #expect(html.contains("một lần duy nhất"))
            #expect(!html.contains("id=\"form-resolve\""))
            #expect(!html.contains("id=\"form-accept\""))
            // The leader's page asks before irreversible acts.
            let leader = WebSession(app: app)
            try await leader.login("lanhdao")
            let leaderHTML = try await leader.get("/ho-so/\(code)").body.string
            #expect(leaderHTML.contains("id=\"form-resolve\" data-confirm="))
            #expect(leaderHTML.contains("id=\"form-stop\" data-confirm="))
        }
    }

    @Test func aMoveByFormRedirectsBackWithANotice() async throws {
        try await withMotCua { app in
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(.accepted, o)
            let web = WebSession(app: app)
            try await web.login("chuyenvien")
            try await web.get("/ho-so/\(code)")

            // act
            let posted = try await web.post("/ho-so/\(code)/thao-tac", form: ["action": "start", "note": "Nhận hồ sơ từ một cửa."])

            // assert
            #expect(posted.status == .seeOther)
            let location = try #require(posted.headers.first(name: .location))
            #expect(location == "/ho-so/\(code)?ok=start")
            let page = try await web.get(location).body.string
            #expect(page.contains("Đã thực hiện “Bắt đầu xử lý”"))
            #expect(page.contains("Nhận hồ sơ từ một cửa."))
            #expect(try await client.stored(code).status == .processing)

            // Fees by form: the amount as people write it.
            let fees = try await web.post("/ho-so/\(code)/thao-tac", form: ["action": "request-fees", "feeAmount": "150.000 đ"])
            #expect(fees.status == .seeOther)
            #expect(try await client.stored(code).status == .awaitingFees)
            #expect(try await client.events(code).last?.note?.contains("150.000 đồng") == true)
        }
    }

    @Test func aRefusedMoveReRendersThePageWithTheMessageAndWhatWasTyped() async throws {
        try await withMotCua { app in
            // setup: received Wed 14 09:00, appointment Tue 20.
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(.processing, o)
            let web = WebSession(app: app)
            try await web.login("chuyenvien")
            try await web.get("/ho-so/\(code)")
            let events = try await client.eventCount(code)

            // A new date on a day off: 400, what was typed kept, that form open.
            let weekend = try await web.post("/ho-so/\(code)/thao-tac", form: ["action": "reschedule", "newAppointment": "2027-04-24", "reason": "Chờ ý kiến Sở"])
            #expect(weekend.status == .badRequest)
            #expect(weekend.body.string.contains("rơi vào ngày nghỉ"))
            #expect(weekend.body.string.contains(">Chờ ý kiến Sở</textarea>"))
            #expect(weekend.body.string.contains("value=\"2027-04-24\""))
            #expect(weekend.body.string.contains("<details class=\"action\" open><summary>Xin lỗi và hẹn lại"))

            // Not the specialist's decision: 403 naming who may, the page kept.
            let resolve = try await web.post("/ho-so/\(code)/thao-tac", form: ["action": "resolve"])
            #expect(resolve.status == .forbidden)
            #expect(resolve.body.string.contains("chỉ dành cho"))
            #expect(resolve.body.string.contains("id=\"timeline\""))

            // Illegal in this status: 409 naming it.
            let leader = WebSession(app: app)
            try await leader.login("lanhdao")
            try await leader.get("/ho-so/\(code)")
            let feesPaid = try await leader.post("/ho-so/\(code)/thao-tac", form: ["action": "fees-paid"])
            #expect(feesPaid.status == .conflict)
            #expect(feesPaid.body.string.contains("“Đang xử lý”"))

            // No form token: refused before anything happens.
            let forged = try await leader.post("/ho-so/\(code)/thao-tac", form: ["action": "stop", "reason": "x"], withToken: false)
            #expect(forged.status == .forbidden)

            // On Wed 21 the supplement window has passed: 409, the list typed kept.
            _ = try await client.at(processingTime("2027-04-21T09:00"))
            let late = try await web.post("/ho-so/\(code)/thao-tac", form: ["action": "request-supplement", "missing": "Bản sao sổ đỏ\nTờ khai", "note": "Gọi điện báo trước"])
            #expect(late.status == .conflict)
            let html = late.body.string
            #expect(html.contains("Đã quá 3 ngày làm việc"))
            #expect(html.contains(">Bản sao sổ đỏ\nTờ khai</textarea>"))
            #expect(html.contains(">Gọi điện báo trước</textarea>"))
            #expect(html.contains("<details class=\"action\" open><summary>Yêu cầu bổ sung hồ sơ"))

            // Nothing of all this was written.
            #expect(try await client.eventCount(code) == events)
            let dossier = try await client.stored(code)
            #expect(dossier.status == .processing)
            #expect(dossier.rescheduled == false)
        }
    }

    @Test func theLeaderResolvesWithTheResultDocumentAttachedInTheSameMove() async throws {
        try await withMotCua { app in
            // setup: a dossier being processed; the leader opens its page.
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.make(.processing, o)
            let leader = WebSession(app: app)
            try await leader.login("lanhdao")
            let page = try await leader.get("/ho-so/\(code)").body.string
            #expect(page.contains("không hoàn tác được.\" enctype=\"multipart/form-data\">"))
            #expect(page.contains("name=\"resultFiles\""))
            let events = try await client.eventCount(code)

            // A renamed text file is refused: nothing moves, nothing is stored, and the page says to choose the file again.
            let bad = try await leader.counterPost("/ho-so/\(code)/thao-tac") { form in
                form.field("action", "resolve")
                form.field("note", "Đã cấp giấy chứng nhận.")
                form.file("resultFiles", filename: "giay-chung-nhan.pdf", type: "application/pdf", bytes: CounterFiles.textPretendingToBePDF)
            }
            #expect(bad.status == .unsupportedMediaType)
            #expect(bad.body.string.contains("giay-chung-nhan.pdf"))
            #expect(bad.body.string.contains("Vui lòng chọn lại tệp văn bản kết quả."))
            #expect(bad.body.string.contains(">Đã cấp giấy chứng nhận.</textarea>"))
            #expect(try await client.stored(code).status == .processing)
            #expect(try await client.eventCount(code) == events)
            #expect(try await DossierAttachment.query(on: app.db).count() == 0)

            // act: a real PDF
            let resolved = try await leader.counterPost("/ho-so/\(code)/thao-tac") { form in
                form.field("action", "resolve")
                form.field("note", "Đã cấp giấy chứng nhận.")
                form.file("resultFiles", filename: "Giấy chứng nhận.pdf", type: "application/pdf", bytes: CounterFiles.pdf)
            }

            // assert
            #expect(resolved.status == .seeOther)
            #expect(try await client.stored(code).status == .resolved)
            let attachments = try await DossierAttachment.query(on: app.db).all()
            #expect(attachments.map(\.kind) == ["result"])
            #expect(attachments.map(\.filename) == ["Giấy chứng nhận.pdf"])
            #expect(attachments.first?.uploadedAt == processingMorning)
            let after = try await leader.get("/ho-so/\(code)").body.string
            #expect(after.contains("Giấy chứng nhận.pdf</a> <span class=\"muted small\">– Kết quả giải quyết"))

            // Files belong to a resolve (or a supplement's scans): another move carrying one is refused without moving.
            let returned = try await leader.counterPost("/ho-so/\(code)/thao-tac") { form in
                form.field("action", "return")
                form.field("delivery", "counter")
                form.file("resultFiles", filename: "them.pdf", type: "application/pdf", bytes: CounterFiles.pdf)
            }
            #expect(returned.status == .badRequest)
            #expect(returned.body.string.contains("Chỉ đính kèm tệp khi “Giải quyết xong” (văn bản kết quả) hoặc khi nhận hồ sơ bổ sung"))
            #expect(try await client.stored(code).status == .resolved)
            #expect(try await DossierAttachment.query(on: app.db).count() == 1)
        }
    }

    @Test func forwardingOutOfReachReturnsToTheInbox() async throws {
        try await withMotCua { app in
            // setup: received by Đức Trọng, handled by Đà Lạt (any centre may receive any dossier).
            let client = ProcessingClient(app: app)
            let o = try await client.at(processingMorning)
            let code = try await client.intake(o.otherReception, procedure: ownAgencyProcedure)
            try await client.mustMove(code, token: o.specialist, TransitionInput(action: "start"))
            let web = WebSession(app: app)
            try await web.login("chuyenvien")
            let page = try await web.get("/ho-so/\(code)").body.string
            #expect(page.contains("<option value=\"\(DemoSeed.secondAgencyCode)\""))

            // act: forward to Đức Trọng (interconnected one-stop).
            let posted = try await web.post("/ho-so/\(code)/thao-tac", form: ["action": "forward", "toAgency": DemoSeed.secondAgencyCode, "toUnit": ""])

            // assert
            #expect(posted.status == .seeOther)
            #expect(posted.headers.first(name: .location) == "/xu-ly?ok=forwarded&ma=\(code)")
            #expect(try await web.get("/xu-ly?ok=forwarded&ma=\(code)").body.string.contains("Đã chuyển hồ sơ \(code)"))
            #expect(try await web.get("/ho-so/\(code)").status == .notFound)
        }
    }
}
