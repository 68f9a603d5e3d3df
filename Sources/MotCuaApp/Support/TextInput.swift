import MotCuaCore
import Vapor

/// `TextRules` for the app's forms: a refused text is a 422 with the rule's Vietnamese message.
enum TextInput {
    static func clean(_ raw: String?, _ field: TextRules.Field) throws -> String? {
        do { return try TextRules.clean(raw, field) } catch { throw AppError(.unprocessableEntity, error.code, error.message) }
    }

    /// Checks every text of a request and reports every problem at once (422), so a form is fixed in one go.
    struct Checks {
        private(set) var problems: [ValidationFailure] = []

        mutating func clean(_ raw: String?, _ field: TextRules.Field) -> String? {
            do { return try TextRules.clean(raw, field) } catch { problems.append(error); return nil }
        }

        mutating func cleanList(_ raw: [String]?, _ field: TextRules.Field, maxItems: Int) -> [String]? {
            do { return try TextRules.cleanList(raw, field, maxItems: maxItems) } catch { problems.append(error); return nil }
        }

        mutating func add(_ problem: ValidationFailure) { problems.append(problem) }

        func finish() throws {
            guard let first = problems.first else { return }
            throw AppError(.unprocessableEntity, first.code, problems.map(\.message).joined(separator: " "))
        }
    }

    static let agencyName = TextRules.Field("name", "Tên cơ quan", maxCharacters: 200)
    static let holidayName = TextRules.Field("name", "Lý do hoặc căn cứ", maxCharacters: 200)
    static let procedureName = TextRules.Field("name", "Tên thủ tục", maxCharacters: 500)
    static let procedureField = TextRules.Field("field", "Lĩnh vực", maxCharacters: 200)
    static let personName = TextRules.Field("fullName", "Họ và tên", maxCharacters: 100)
    static let email = TextRules.Field("email", "Thư điện tử", maxCharacters: 254)
}
