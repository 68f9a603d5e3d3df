import Foundation
import MotCuaCore

/// The automatic answers to an incoming text. A status reply says exactly what the public lookup page says at a glance
/// (status, the appointment while it is awaited, the page's address) and nothing personal: whoever knows a code may
/// ask, as anyone may open the lookup page.
struct SMSReply {
    let to: String
    let alphabet: SMSAlphabet

    static let example = "HS 000.00.00.H41-250312-0007"

    func status(_ dossier: PublicDossier, dossierID: UUID?, lookupURL: String) -> OutgoingSMS {
        var text = "Hồ sơ \(dossier.code): \(dossier.status.label)."
        if LookupDossierPage.awaitsAppointment(dossier.status), let appointment = dossier.appointmentAt {
            text += " Hẹn trả kết quả: \(VietnameseFormat.dateTime(appointment))."
        }
        text += " Tra cứu: \(lookupURL)"
        return make(text, kind: "sms.reply.status", dossierID: dossierID)
    }

    /// The code is well formed but names no dossier: said with the code, which is the canonical form of what was sent.
    func unknown(code: String) -> OutgoingSMS {
        make("Không tìm thấy hồ sơ \(code). Vui lòng kiểm tra lại mã in trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
             kind: "sms.reply.unknown", dossierID: nil)
    }

    /// "HS" and something that is not a code: nothing of it is echoed back.
    func malformed() -> OutgoingSMS {
        make("Mã hồ sơ chưa đúng. Nhắn \(Self.example) (mã in trên Giấy tiếp nhận hồ sơ).", kind: "sms.reply.unknown", dossierID: nil)
    }

    func help() -> OutgoingSMS {
        make("Để tra cứu hồ sơ, nhắn: HS <mã hồ sơ>, ví dụ \(Self.example)", kind: "sms.reply.help", dossierID: nil)
    }

    static let kinds = ["sms.reply.status", "sms.reply.unknown", "sms.reply.help"]

    private func make(_ text: String, kind: String, dossierID: UUID?) -> OutgoingSMS {
        OutgoingSMS(to: to, toName: nil, text: alphabet.render(text), kind: kind, dossierID: dossierID)
    }
}
