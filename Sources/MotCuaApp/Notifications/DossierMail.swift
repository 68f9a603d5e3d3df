import Foundation
import MotCuaCore

/// What the applicant reads about their dossier, one message per change they must know (DOMAIN §3: online applicants
/// get the slips' content by e-mail). Each carries the code and the public lookup link.
struct DossierMail {
    let code: String
    let applicantName: String
    let procedureName: String
    let lookupURL: String
    let to: String
    let dossierID: UUID?

    func receivedOnline(receivedAt: Date) -> OutgoingMail {
        var body = opening()
        body.paragraph("Hệ thống đã nhận hồ sơ bạn nộp trực tuyến. Bộ phận một cửa sẽ kiểm tra và thông báo việc tiếp nhận hoặc yêu cầu bổ sung.")
        body.facts(facts([("Thời điểm nộp", VietnameseFormat.dateTime(receivedAt))]))
        return finish(body, subject: "Đã nhận hồ sơ \(code)", action: "received-online")
    }

    func accepted(appointment: Date?) -> OutgoingMail {
        var body = opening()
        body.paragraph("Hồ sơ của bạn đã được tiếp nhận.")
        var extra: [(String, String)] = []
        if let appointment {
            extra.append(("Ngày hẹn trả kết quả", "\(VietnameseFormat.dateTime(appointment)) (\(VietnameseFormat.dayWithWeekday(appointment)))"))
        }
        body.facts(facts(extra))
        return finish(body, subject: "Hồ sơ \(code) đã được tiếp nhận", action: DossierAction.accept.rawValue)
    }

    /// `note` is the event's: one "– item" line per missing paper, then the officer's remark, if any.
    func supplementRequested(note: String?) -> OutgoingMail {
        var body = opening()
        body.paragraph("Hồ sơ của bạn cần bổ sung, hoàn thiện các giấy tờ dưới đây (yêu cầu một lần, đầy đủ):")
        body.facts(facts([]))
        var items: [String] = []
        var remarks: [String] = []
        for line in (note ?? "").split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("–") {
                items.append(String(text.dropFirst()).trimmingCharacters(in: .whitespaces))
            } else if !text.isEmpty {
                remarks.append(text)
            }
        }
        body.list(items)
        if !remarks.isEmpty { body.paragraph("Ghi chú của cán bộ: " + remarks.joined(separator: " ")) }
        body.paragraph("Vui lòng nộp bổ sung tại Bộ phận một cửa hoặc trực tuyến, kèm mã hồ sơ.")
        return finish(body, subject: "Hồ sơ \(code) cần bổ sung giấy tờ", action: DossierAction.requestSupplement.rawValue)
    }

    func refused(reason: String?) -> OutgoingMail {
        var body = opening()
        body.paragraph("Rất tiếc, hồ sơ của bạn không được tiếp nhận.")
        body.facts(facts([("Lý do", reason ?? "(không ghi)")]))
        body.paragraph("Nếu cần giải thích thêm, vui lòng liên hệ Bộ phận một cửa nơi đã nộp hồ sơ.")
        return finish(body, subject: "Hồ sơ \(code) không được tiếp nhận", action: DossierAction.refuse.rawValue)
    }

    /// Fees asked for (status 6) or due at a level-4 submission; `payURL` is the dossier's page where the owner pays online.
    func feesDue(amount: Int, reason: String?, payURL: String?) -> OutgoingMail {
        var body = opening()
        body.paragraph("Hồ sơ của bạn cần nộp phí, lệ phí để được giải quyết tiếp.")
        var extra: [(String, String)] = [("Số tiền", "\(VietnameseFormat.money(amount)) (\(VietnameseNumberWords.money(amount)))")]
        if let reason { extra.append(("Nội dung", reason)) }
        body.facts(facts(extra))
        if let payURL {
            body.link("Thanh toán trực tuyến", url: payURL)
        } else {
            body.paragraph("Vui lòng nộp tại Bộ phận một cửa, kèm mã hồ sơ; cán bộ sẽ in biên lai cho bạn.")
        }
        return finish(body, subject: "Hồ sơ \(code): đề nghị nộp phí, lệ phí \(VietnameseFormat.money(amount))", action: DossierAction.requestFees.rawValue)
    }

    func resolved() -> OutgoingMail {
        var body = opening()
        body.paragraph("Hồ sơ của bạn đã giải quyết xong; kết quả sẵn sàng để trả theo hình thức bạn đã đăng ký.")
        body.facts(facts([]))
        return finish(body, subject: "Hồ sơ \(code) đã có kết quả", action: DossierAction.resolve.rawValue)
    }

    func returned(how: String?) -> OutgoingMail {
        var body = opening()
        body.paragraph("Kết quả giải quyết hồ sơ của bạn đã được trả.")
        body.facts(facts(how.map { [("Hình thức", $0)] } ?? []))
        body.paragraph("Bạn có thể đánh giá mức độ hài lòng với việc giải quyết hồ sơ tại trang tra cứu.")
        return finish(body, subject: "Hồ sơ \(code) đã trả kết quả", action: DossierAction.return.rawValue)
    }

    func rescheduled(reason: String?, old: Date?, new: Date?) -> OutgoingMail {
        var body = opening()
        body.paragraph("Cơ quan giải quyết thành thật xin lỗi vì hồ sơ của bạn không thể trả kết quả đúng hẹn.")
        var extra: [(String, String)] = []
        if let reason { extra.append(("Lý do", reason)) }
        if let old { extra.append(("Hẹn cũ", VietnameseFormat.dateTime(old))) }
        if let new { extra.append(("Hẹn mới", "\(VietnameseFormat.dateTime(new)) (\(VietnameseFormat.dayWithWeekday(new)))")) }
        body.facts(facts(extra))
        body.paragraph("Mong bạn thông cảm.")
        return finish(body, subject: "Xin lỗi và hẹn lại ngày trả kết quả hồ sơ \(code)", action: DossierAction.reschedule.rawValue)
    }

    private func opening() -> MailComposer {
        var body = MailComposer()
        body.paragraph("Kính gửi \(applicantName),")
        return body
    }

    private func facts(_ extra: [(String, String)]) -> [(String, String)] {
        [("Mã hồ sơ", code), ("Thủ tục", procedureName)] + extra
    }

    private func finish(_ body: MailComposer, subject: String, action: String) -> OutgoingMail {
        var body = body
        body.link("Tra cứu tình trạng hồ sơ", url: lookupURL)
        return body.mail(to: to, toName: applicantName, subject: subject, kind: "dossier.\(action)", dossierID: dossierID)
    }
}
