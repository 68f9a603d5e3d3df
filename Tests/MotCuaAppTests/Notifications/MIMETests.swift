import Foundation
import Testing
@testable import MotCuaApp

@Suite("Mail format and settings")
struct MIMETests {
    @Test func aLongVietnameseSubjectIsSplitIntoEncodedWordsBetweenCharacters() throws {
        let subject = "Xin lỗi và hẹn lại ngày trả kết quả hồ sơ 000.00.00.H41-250312-0007 – Sở Tư pháp tỉnh Lâm Đồng"
        let header = EncodedWord.header("Subject", subject)
        let lines = header.components(separatedBy: "\r\n")
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.count < 76 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" =?UTF-8?B?") })
        // Each word decodes on its own (no character cut in two), and together they give the subject back.
        let decoded = try lines.map { line -> String in
            let word = line.replacingOccurrences(of: "Subject: ", with: "").trimmingCharacters(in: .whitespaces)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            let payload = String(word.dropFirst("=?UTF-8?B?".count).dropLast(2))
            return try #require(Data(base64Encoded: payload).flatMap { String(data: $0, encoding: .utf8) })
        }
        #expect(decoded.joined() == subject)
    }

    @Test func headersCannotBeInjectedThroughASubject() {
        let header = EncodedWord.header("Subject", "Hồ sơ\r\nBcc: x@y.vn")
        #expect(!header.contains("\r\nBcc"))
        #expect(EncodedWord.header("Subject", "Plain ASCII") == "Subject: Plain ASCII")
    }

    @Test func dotStuffingDoublesLeadingDotsAndEndsLinesWithCRLF() {
        #expect(SMTPClient.dotStuffed(".\nabc\n..x\r\ny") == "..\r\nabc\r\n...x\r\ny\r\n")
        #expect(SMTPClient.dotStuffed("a\r\n") == "a\r\n")
    }

    @Test func renderedMessageHasBothPartsInBase64LinesOf76() {
        let message = OutboxMessage(AccountMail.verification(to: "an@example.vn", name: "Nguyễn Văn An", link: "http://x.vn/" + String(repeating: "a", count: 300)),
                                    messageID: "<abc@motcua.local>", now: Date(timeIntervalSince1970: 0))
        let text = MIMEMessage(message, from: MailAddress(name: "MotCua", address: "no-reply@motcua.local"), date: processingMorning).rendered()
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.count <= 76 })
        #expect(text.contains("Message-ID: <abc@motcua.local>\r\n"))
        #expect(text.contains("Date: Wed, 14 Apr 2027 09:00:00 +0700\r\n"))
        #expect(text.contains("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n"))
        #expect(text.contains("Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n"))
        #expect(text.contains("From: \"MotCua\" <no-reply@motcua.local>\r\n"))
        #expect(text.contains("To: =?UTF-8?B?"))
        #expect(text.allSatisfy { $0.isASCII })
    }

    @Test func smtpURLs() throws {
        let plain = try SMTPServerAddress(url: "smtp://127.0.0.1:2525")
        #expect(plain == SMTPServerAddress(host: "127.0.0.1", port: 2525))
        let tls = try SMTPServerAddress(url: "smtps://user%40tinh.gov.vn:p%3Ass@mail.tinh.gov.vn")
        #expect(tls.implicitTLS && tls.port == 465 && tls.username == "user@tinh.gov.vn" && tls.password == "p:ss")
        #expect(tls.display == "smtps://user@tinh.gov.vn@mail.tinh.gov.vn:465")
        #expect(try SMTPServerAddress(url: "smtp://mail.example.vn").port == 25)
        for bad in ["http://x.vn", "smtp://", "smtp://x.vn:0", "smtp://x.vn:70000", "127.0.0.1:25", "smtp://:pw@x.vn"] {
            #expect(throws: SMTPServerAddress.ParseError.self, "\(bad)") { try SMTPServerAddress(url: bad) }
        }
        #expect(MailAddress(parsing: "\"Một cửa\" <no-reply@tinh.gov.vn>") == MailAddress(name: "Một cửa", address: "no-reply@tinh.gov.vn"))
        #expect(MailAddress(parsing: "no-reply@tinh.gov.vn") == MailAddress(name: nil, address: "no-reply@tinh.gov.vn"))
        #expect(MailAddress(parsing: "Một cửa <không hợp lệ>") == nil)
    }

    @Test func backOffDoublesFromThirtySecondsUpToAnHour() {
        #expect((1...9).map(OutboxWorker.backoff(afterAttempt:)) == [30, 60, 120, 240, 480, 960, 1_920, 3_600, 3_600])
        #expect(OutboxWorker.backoff(afterAttempt: Int.max) == 3_600)
    }

    @Test func rescheduleReasonIsReadFromTheEventNote() {
        #expect(DossierNotifier.rescheduleReason("Lý do: Chờ xác minh. Hẹn cũ: 17:00 ngày 20/04/2027; hẹn mới: 17:00 ngày 23/04/2027.") == "Chờ xác minh")
        #expect(DossierNotifier.rescheduleReason(nil) == nil)
    }
}
