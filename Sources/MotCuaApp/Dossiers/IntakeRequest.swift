import Vapor
import MotCuaCore

/// A new dossier as the counter form and `POST /api/v1/dossiers` send it.
struct IntakeRequest: Content, Sendable {
    struct Applicant: Content, Sendable {
        var fullName: String
        var idNumber: String?
        var phone: String?
        var email: String?
        var address: String?
    }

    /// A checklist line: either the component's name (it was provided) or `{"name", "provided"}`.
    struct ComponentInput: Codable, Sendable {
        var name: String
        var provided: Bool

        init(name: String, provided: Bool) { self.name = name; self.provided = provided }

        init(from decoder: Decoder) throws {
            if let name = try? decoder.singleValueContainer().decode(String.self) {
                self.init(name: name, provided: true)
                return
            }
            struct Object: Decodable { let name: String; let provided: Bool? }
            let object = try Object(from: decoder)
            self.init(name: object.name, provided: object.provided ?? true)
        }
    }

    var procedureCode: String
    var applicant: Applicant
    var channel: String?
    var components: [ComponentInput]?
    /// accept (default) | incomplete | refuse
    var outcome: String?
    var missing: [String]?
    var reason: String?
    var note: String?
}

enum IntakeOutcome: String, Sendable { case accept, incomplete, refuse }

/// The applicant as validated and normalised: every problem found at once, so the officer fixes the form in one go.
struct ValidatedApplicant: Sendable {
    let fullName: String
    let idNumber: String?
    let phone: String?
    let email: String?
    let address: String?

    init(_ input: IntakeRequest.Applicant, currentYear: Int) throws {
        var problems: [ValidationFailure] = []
        let name = input.fullName.trimmingCharacters(in: .whitespacesAndNewlines).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if name.count < 2 || name.count > 100 || name.rangeOfCharacter(from: .decimalDigits) != nil {
            problems.append(ValidationFailure(field: "applicant.fullName", code: "invalid_name",
                                              message: "Họ và tên người nộp phải có từ 2 đến 100 ký tự và không chứa chữ số."))
        }
        func optional(_ value: String?) -> String? {
            guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
            return trimmed
        }
        var idNumber: String? = nil
        if let raw = optional(input.idNumber) {
            do { idNumber = try CitizenID(raw, currentYear: currentYear).value } catch { problems.append(error) }
        }
        var phone: String? = nil
        if let raw = optional(input.phone) {
            do { phone = try PhoneNumber(raw).value } catch { problems.append(error) }
        }
        let email = optional(input.email)
        if let email, email.range(of: #"^[^@\s]+@[^@\s]+\.[^@\s]+$"#, options: .regularExpression) == nil || email.count > 254 {
            problems.append(ValidationFailure(field: "applicant.email", code: "invalid_email", message: "Địa chỉ thư điện tử “\(email)” không hợp lệ."))
        }
        let address = optional(input.address)
        if let address, address.count > 300 {
            problems.append(ValidationFailure(field: "applicant.address", code: "invalid_address", message: "Địa chỉ quá dài (tối đa 300 ký tự)."))
        }
        if idNumber == nil && phone == nil && problems.isEmpty {
            problems.append(ValidationFailure(field: "applicant.idNumber", code: "contact_required",
                                              message: "Cần ít nhất số định danh cá nhân (CCCD) hoặc số điện thoại của người nộp."))
        }
        if !problems.isEmpty {
            throw AppError(.unprocessableEntity, problems[0].code, problems.map(\.message).joined(separator: " "))
        }
        self.fullName = name
        self.idNumber = idNumber
        self.phone = phone
        self.email = email
        self.address = address
    }
}
