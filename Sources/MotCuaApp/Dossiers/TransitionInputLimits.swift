import Foundation
import MotCuaCore
import Vapor

/// The bounds of what a move may carry, checked before the move is decided (the OpenAPI document states the same).
extension TransitionInput {
    enum Fields {
        static let action = TextRules.Field("action", "Thao tác", maxCharacters: 40)
        static let note = TextRules.Field("note", "Ghi chú", maxCharacters: 2_000, multiline: true)
        static let reason = TextRules.Field("reason", "Lý do", maxCharacters: 1_000, multiline: true)
        static let missing = TextRules.Field("missing", "Danh sách giấy tờ còn thiếu", maxCharacters: 300)
        static let toAgency = TextRules.Field("toAgency", "Cơ quan nhận", maxCharacters: 60)
        static let toUnit = TextRules.Field("toUnit", "Đơn vị nhận", maxCharacters: 200)
        static let newAppointment = TextRules.Field("newAppointment", "Ngày hẹn mới", maxCharacters: 40)
        static let delivery = TextRules.Field("delivery", "Hình thức trả kết quả", maxCharacters: 20)
        static let trackingNumber = TextRules.Field("trackingNumber", "Số hiệu bưu gửi", maxCharacters: 50)
        static let collectorName = TextRules.Field("collectorName", "Họ tên người nhận kết quả", maxCharacters: 100)
        static let collectorIdNumber = TextRules.Field("collectorIdNumber", "Số định danh người nhận kết quả", maxCharacters: 20)
        static let assignee = TextRules.Field("assignee", "Cán bộ được giao", maxCharacters: 64)
        static let maxMissing = 50
        /// Checklist lines of one procedure; far above any real checklist.
        static let maxComponents = 200
        /// Fees of one dossier; far above any real fee, far below any overflow.
        static let maxFee = 1_000_000_000_000
    }

    func checked() throws -> TransitionInput {
        var checks = TextInput.Checks()
        var out = self
        out.action = checks.clean(action, Fields.action) ?? ""
        out.note = checks.clean(note, Fields.note)
        out.reason = checks.clean(reason, Fields.reason)
        out.missing = checks.cleanList(missing, Fields.missing, maxItems: Fields.maxMissing)
        out.toAgency = checks.clean(toAgency, Fields.toAgency)
        out.toUnit = checks.clean(toUnit, Fields.toUnit)
        out.newAppointment = checks.clean(newAppointment, Fields.newAppointment)
        out.delivery = checks.clean(delivery, Fields.delivery)
        out.trackingNumber = checks.clean(trackingNumber, Fields.trackingNumber)
        out.collectorName = checks.clean(collectorName, Fields.collectorName)
        out.collectorIdNumber = checks.clean(collectorIdNumber, Fields.collectorIdNumber)
        out.assignee = checks.clean(assignee, Fields.assignee)
        try checks.finish()
        if let provided = providedComponents {
            guard provided.count <= Fields.maxComponents, provided.allSatisfy({ (0..<Fields.maxComponents).contains($0) }) else {
                throw AppError.badRequest("invalid_components", "Danh sách thành phần hồ sơ đã nhận không hợp lệ (số thứ tự từ 0 đến \(Fields.maxComponents - 1)).")
            }
        }
        if let id = out.collectorIdNumber, !id.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLetter) }) {
            throw AppError.badRequest("invalid_collector_id", "Số định danh của người nhận kết quả chỉ gồm chữ số (CCCD 12 số, CMND 9 số) hoặc chữ và số (hộ chiếu).")
        }
        return out
    }
}
