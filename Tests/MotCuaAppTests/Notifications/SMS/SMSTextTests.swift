import Foundation
import Testing
@testable import MotCuaApp
@testable import MotCuaCore

/// The pure parts of SMS: numbers, alphabets, the keyword, the length in parts, the texts.
@Suite("SMS texts and numbers")
struct SMSTextTests {
    @Test func vietnameseMobileNumbersBecomeE164() {
        for raw in ["0912345678", "0912 345 678", "0912.345.678", "84912345678", "+84912345678", "+84 912 345 678", " 0912-345-678 "] {
            #expect(SMSNumber.e164(raw) == "+84912345678", "\(raw)")
        }
        #expect(SMSNumber.e164("0387654321") == "+84387654321")
        // Landlines, foreign numbers, short codes, wrong lengths and junk are not texted.
        for raw in ["", "02438256789", "+842438256789", "+14155550100", "12345", "8491234567", "849123456789", "0912345678x",
                    "+84 912 345 6789", "0012345678", String(repeating: "9", count: 5_000), "٠٩١٢٣٤٥٦٧٨"] {
            #expect(SMSNumber.e164(raw) == nil, "\(raw)")
        }
    }

    @Test func asciiModeWritesEveryVietnameseLetterWithoutDiacritics() {
        let letters = "aàáảãạăằắẳẵặâầấẩẫậđeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ"
        let all = letters + letters.uppercased()
        let folded = SMSAlphabet.ascii.render(all)
        #expect(folded.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(!folded.contains("?"))
        #expect(Set(folded) == Set("aAdDeEiIoOuUyY"))
        #expect(SMSAlphabet.ascii.render("Đã nhận hồ sơ – “tra cứu” tại Bộ phận một cửa…") == "Da nhan ho so - \"tra cuu\" tai Bo phan mot cua...")
        // Decomposed input (as some keyboards send it) folds the same way.
        #expect(SMSAlphabet.ascii.render("Nguyê\u{0303}n") == "Nguyen")
        // What has no plain form is marked, never dropped silently or sent as mojibake.
        #expect(SMSAlphabet.ascii.render("Hồ sơ 📄 số 1") == "Ho so ? so 1")
    }

    @Test func unicodeModeKeepsDiacriticsInNFCAndOnlyWhatUCS2Carries() {
        let decomposed = "Nguye\u{0302}\u{0303}n"
        let rendered = SMSAlphabet.unicode.render(decomposed)
        #expect(rendered == "Nguyễn")
        #expect(rendered.utf16.count == 6)
        #expect(SMSAlphabet.unicode.render("Đã nhận 📄") == "Đã nhận ?")
        #expect(SMSAlphabet.unicode.render("Đã nhận hồ sơ").unicodeScalars.allSatisfy { $0.value <= 0xFFFF })
    }

    @Test func keywordForgivesCaseAndSpacing() {
        let code = "000.00.00.H41-270414-0001"
        for text in ["HS \(code)", "hs \(code.lowercased())", "  Hs   \(code)  ", "HS:\(code)", "hs\(code)", "HS 000.00.00.H41 - 270414 - 0001",
                     code, " \(code.lowercased())\n", "HS\n\(code)"] {
            #expect(SMSKeyword.parse(text) == .status(code: code), "\(text)")
        }
        for text in ["HS abc", "hs 000.00.00.H41-271399-0001", "HS 123"] {
            #expect(SMSKeyword.parse(text) == .malformedCode, "\(text)")
        }
        for text in ["", "   ", "HS", "hs  ", "HSABC", "Xin chào", "tra cứu", "STOP", String(repeating: "x", count: 2_000)] {
            #expect(SMSKeyword.parse(text) == .help, "\(text.prefix(20))")
        }
    }

    @Test func lengthCountsPartsAsGatewaysBill() {
        #expect(SMSLength(String(repeating: "a", count: 160)).parts == 1)
        #expect(SMSLength(String(repeating: "a", count: 161)).parts == 2)
        #expect(SMSLength(String(repeating: "a", count: 306)).parts == 2)
        #expect(SMSLength(String(repeating: "ă", count: 70)).parts == 1)
        #expect(SMSLength(String(repeating: "ă", count: 71)).parts == 2)
        #expect(SMSLength(String(repeating: "ă", count: 135)).parts == 3)
    }

    @Test func dossierTextsCarryTheCodeTheAppointmentAndTheLinkOnly() {
        let code = "000.00.00.H36-270414-0001"
        let link = "https://dichvucong.lamdong.gov.vn/tra-cuu/\(code)"
        let sms = DossierSMS(code: code, lookupURL: link, to: "+84912345678", toName: "Nguyễn Văn An", dossierID: nil, alphabet: .unicode)
        let appointment = processingTime("2027-04-20T17:00")
        let accepted = sms.accepted(appointment: appointment)
        #expect(accepted.text == "Hồ sơ \(code) đã được tiếp nhận. Hẹn trả kết quả: 17:00 ngày 20/04/2027. Tra cứu: \(link)")
        #expect(accepted.kind == "dossier.accept")
        #expect(accepted.to == "+84912345678")
        let fees = sms.feesDue(amount: 1_250_000)
        #expect(fees.text.contains("1.250.000 đồng"))
        #expect(fees.kind == "dossier.fees-due")
        let refused = sms.refused(reason: String(repeating: "Không thuộc thẩm quyền. ", count: 20))
        #expect(refused.text.contains("Lý do: Không thuộc thẩm quyền."))
        #expect(refused.text.contains("…"))
        #expect(sms.rescheduled(new: appointment).text.contains("Hẹn mới: 17:00 ngày 20/04/2027"))
        for text in [accepted, fees, refused, sms.resolved(), sms.returned(), sms.supplementRequested(),
                     sms.receivedOnline(receivedAt: appointment)].map(\.text) {
            #expect(text.contains(code))
            #expect(text.hasSuffix("Tra cứu: \(link)"))
            #expect(!text.contains("Nguyễn"))
            // Short: at most three UCS-2 parts with this (long) link.
            #expect(SMSLength(text).parts <= 3, "\(text)")
        }
        let ascii = DossierSMS(code: code, lookupURL: link, to: "+84912345678", toName: nil, dossierID: nil, alphabet: .ascii)
        #expect(ascii.accepted(appointment: appointment).text == "Ho so \(code) da duoc tiep nhan. Hen tra ket qua: 17:00 ngay 20/04/2027. Tra cuu: \(link)")
    }
}
