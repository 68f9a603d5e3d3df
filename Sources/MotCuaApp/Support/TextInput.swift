import MotCuaCore
import Vapor

/// `TextRules` for the app's forms: a refused text is a 422 with the rule's Vietnamese message.
enum TextInput {
    static func clean(_ raw: String?, _ field: TextRules.Field) throws -> String? {
        do { return try TextRules.clean(raw, field) } catch { throw AppError(.unprocessableEntity, error.code, error.message) }
    }

    static let agencyName = TextRules.Field("name", "Tên cơ quan", maxCharacters: 200)
    static let holidayName = TextRules.Field("name", "Lý do hoặc căn cứ", maxCharacters: 200)
    static let procedureName = TextRules.Field("name", "Tên thủ tục", maxCharacters: 500)
    static let procedureField = TextRules.Field("field", "Lĩnh vực", maxCharacters: 200)
    static let personName = TextRules.Field("fullName", "Họ và tên", maxCharacters: 100)
    static let email = TextRules.Field("email", "Thư điện tử", maxCharacters: 254)
}
