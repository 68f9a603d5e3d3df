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
        static let maxMissing = 50
        /// Fees of one dossier; far above any real fee, far below any overflow.
        static let maxFee = 1_000_000_000_000
    }

    func checked() throws -> TransitionInput {
        var problems: [ValidationFailure] = []
        func take(_ value: String?, _ field: TextRules.Field) -> String? {
            do { return try TextRules.clean(value, field) } catch { problems.append(error); return nil }
        }
        var out = self
        out.action = take(action, Fields.action) ?? ""
        out.note = take(note, Fields.note)
        out.reason = take(reason, Fields.reason)
        do { out.missing = try TextRules.cleanList(missing, Fields.missing, maxItems: Fields.maxMissing) } catch { problems.append(error) }
        out.toAgency = take(toAgency, Fields.toAgency)
        out.toUnit = take(toUnit, Fields.toUnit)
        out.newAppointment = take(newAppointment, Fields.newAppointment)
        out.delivery = take(delivery, Fields.delivery)
        out.trackingNumber = take(trackingNumber, Fields.trackingNumber)
        guard problems.isEmpty else {
            throw AppError(.unprocessableEntity, problems[0].code, problems.map(\.message).joined(separator: " "))
        }
        return out
    }
}
