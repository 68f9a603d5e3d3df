import Foundation
import MotCuaCore

/// The SMS the applicant receives about their dossier: the same moves as `DossierMail`, each one or two sentences
/// with the code, the appointment where it matters, and the public lookup link for everything else (the full list of
/// papers to supplement, the timeline). Nothing personal: a phone shown to others must not reveal more than the code.
struct DossierSMS {
    let code: String
    let lookupURL: String
    /// E.164, from `SMSNumber.e164`.
    let to: String
    let toName: String?
    let dossierID: UUID?
    let alphabet: SMSAlphabet

    /// A refusal's reason is the officer's free text (up to 1,000 characters): the SMS carries its start, the
    /// lookup page all of it.
    static let reasonLimit = 50

    func receivedOnline(receivedAt: Date) -> OutgoingSMS {
        finish("Đã nhận hồ sơ \(code) nộp trực tuyến lúc \(VietnameseFormat.dateTime(receivedAt)); Bộ phận một cửa sẽ kiểm tra.",
               action: "received-online")
    }

    /// Also what a counter intake that is accepted at once sends: the code and the appointment, as slip 01 prints them.
    func accepted(appointment: Date?) -> OutgoingSMS {
        var text = "Hồ sơ \(code) đã được tiếp nhận."
        if let appointment { text += " Hẹn trả kết quả: \(VietnameseFormat.dateTime(appointment))." }
        return finish(text, action: DossierAction.accept.rawValue)
    }

    /// The list of papers is on the lookup page (its timeline shows the request's note): an SMS cannot hold fifty of them.
    func supplementRequested() -> OutgoingSMS {
        finish("Hồ sơ \(code) cần bổ sung giấy tờ; xem danh sách cần bổ sung tại trang tra cứu.", action: DossierAction.requestSupplement.rawValue)
    }

    func refused(reason: String?) -> OutgoingSMS {
        var text = "Hồ sơ \(code) không được tiếp nhận."
        if let reason = Self.shortened(reason) { text += " Lý do: \(reason)." }
        return finish(text, action: DossierAction.refuse.rawValue)
    }

    func resolved() -> OutgoingSMS {
        finish("Hồ sơ \(code) đã giải quyết xong, kết quả sẵn sàng để trả.", action: DossierAction.resolve.rawValue)
    }

    func returned() -> OutgoingSMS {
        finish("Hồ sơ \(code) đã trả kết quả. Mời bạn đánh giá mức độ hài lòng tại trang tra cứu.", action: DossierAction.return.rawValue)
    }

    func rescheduled(new: Date?) -> OutgoingSMS {
        var text = "Xin lỗi: hồ sơ \(code) chưa thể trả kết quả đúng hẹn."
        if let new { text += " Hẹn mới: \(VietnameseFormat.dateTime(new))." }
        return finish(text, action: DossierAction.reschedule.rawValue)
    }

    /// Fees or financial obligations due (status 6), with the amount in VND. Hooked by the payments work.
    func feesDue(amount: Int) -> OutgoingSMS {
        finish("Hồ sơ \(code) cần nộp phí, lệ phí \(VietnameseFormat.money(max(amount, 0))); nộp trực tuyến hoặc tại Bộ phận một cửa.",
               action: "fees-due")
    }

    private func finish(_ sentence: String, action: String) -> OutgoingSMS {
        OutgoingSMS(to: to, toName: toName, text: alphabet.render("\(sentence) Tra cứu: \(lookupURL)"),
                    kind: "dossier.\(action)", dossierID: dossierID)
    }

    /// One line, at most `reasonLimit` characters, without the final full stop the sentence adds again.
    static func shortened(_ reason: String?) -> String? {
        guard let reason else { return nil }
        var text = reason.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        if text.count > reasonLimit { text = String(text.prefix(reasonLimit - 1)).trimmingCharacters(in: .whitespaces) + "…" }
        while text.hasSuffix(".") { text.removeLast() }
        return text.isEmpty ? nil : text
    }
}
