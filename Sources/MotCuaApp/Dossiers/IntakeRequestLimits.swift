import Foundation
import MotCuaCore
import Vapor

/// The bounds of every text of an intake, checked before anything else (the OpenAPI document states the same).
extension IntakeRequest {
    static let maxIdempotencyKeyBytes = 255

    enum Fields {
        static let procedureCode = TextRules.Field("procedureCode", "Mã thủ tục", maxCharacters: 60)
        static let fullName = TextRules.Field("applicant.fullName", "Họ và tên người nộp", maxCharacters: 100)
        static let idNumber = TextRules.Field("applicant.idNumber", "Số định danh cá nhân", maxCharacters: 20)
        static let phone = TextRules.Field("applicant.phone", "Số điện thoại", maxCharacters: 20)
        static let email = TextRules.Field("applicant.email", "Thư điện tử", maxCharacters: 254)
        static let address = TextRules.Field("applicant.address", "Địa chỉ", maxCharacters: 300)
        static let channel = TextRules.Field("channel", "Kênh nộp", maxCharacters: 20)
        static let outcome = TextRules.Field("outcome", "Kết quả tiếp nhận", maxCharacters: 20)
        static let component = TextRules.Field("components", "Thành phần hồ sơ", maxCharacters: 300)
        // The outcome's move carries these on: one definition, the move's.
        static let missing = TransitionInput.Fields.missing
        static let reason = TransitionInput.Fields.reason
        static let note = TransitionInput.Fields.note
        static let maxComponents = 100
        static let maxMissing = TransitionInput.Fields.maxMissing
    }

    /// The request with every text trimmed, normalised and bounded; every problem is reported at once (422).
    func checked() throws -> IntakeRequest {
        var checks = TextInput.Checks()
        var out = self
        out.procedureCode = checks.clean(procedureCode, Fields.procedureCode) ?? ""
        out.applicant.fullName = checks.clean(applicant.fullName, Fields.fullName) ?? ""
        out.applicant.idNumber = checks.clean(applicant.idNumber, Fields.idNumber)
        out.applicant.phone = checks.clean(applicant.phone, Fields.phone)
        out.applicant.email = checks.clean(applicant.email, Fields.email)
        out.applicant.address = checks.clean(applicant.address, Fields.address)
        out.channel = checks.clean(channel, Fields.channel)
        out.outcome = checks.clean(outcome, Fields.outcome)
        if let components {
            if components.count > Fields.maxComponents {
                checks.add(ValidationFailure(field: "components", code: "too_many_items",
                                             message: "Thành phần hồ sơ có nhiều hơn \(Fields.maxComponents) mục."))
            } else {
                out.components = components.compactMap { item in
                    checks.clean(item.name, Fields.component).map { ComponentInput(name: $0, provided: item.provided) }
                }
            }
        }
        out.missing = checks.cleanList(missing, Fields.missing, maxItems: Fields.maxMissing)
        out.reason = checks.clean(reason, Fields.reason)
        out.note = checks.clean(note, Fields.note)
        try checks.finish()
        return out
    }

    /// SHA-256 of the request in a canonical JSON form: equal for a retry, different for any changed field.
    var fingerprint: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data()
        return SHA256.hash(data: data).hexString
    }
}
