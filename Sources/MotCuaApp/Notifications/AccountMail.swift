import Foundation

/// Mail about an account rather than a dossier: no dossier id, so it shows only on the administrator's list.
enum AccountMail {
    static func verification(to: String, name: String, link: String) -> OutgoingMail {
        var body = MailComposer()
        body.paragraph("Kính gửi \(name),")
        body.paragraph("Bạn vừa đăng ký tài khoản trên Cổng dịch vụ công một cửa. Để hoàn tất, vui lòng xác nhận địa chỉ thư điện tử này bằng cách mở liên kết dưới đây.")
        body.link("Xác nhận địa chỉ thư điện tử", url: link)
        body.paragraph("Nếu bạn không đăng ký tài khoản, hãy bỏ qua thư này; tài khoản sẽ không được kích hoạt.")
        return body.mail(to: to, toName: name, subject: "Xác nhận địa chỉ thư điện tử – Cổng dịch vụ công một cửa",
                         kind: "account.verification", dossierID: nil)
    }

    static func passwordReset(to: String, name: String, link: String) -> OutgoingMail {
        var body = MailComposer()
        body.paragraph("Kính gửi \(name),")
        body.paragraph("Chúng tôi nhận được yêu cầu đặt lại mật khẩu cho tài khoản của bạn. Mở liên kết dưới đây để đặt mật khẩu mới.")
        body.link("Đặt lại mật khẩu", url: link)
        body.paragraph("Nếu bạn không yêu cầu, hãy bỏ qua thư này: mật khẩu hiện tại vẫn giữ nguyên.")
        return body.mail(to: to, toName: name, subject: "Đặt lại mật khẩu – Cổng dịch vụ công một cửa",
                         kind: "account.password-reset", dossierID: nil)
    }
}
