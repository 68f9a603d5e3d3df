import Vapor

/// The one rule a password set by an administrator must meet (creating an account or resetting its password).
/// bcrypt reads only the first 72 bytes, but a longer passphrase is still accepted up to the login form's limit.
enum PasswordPolicy {
    static let minCharacters = 8
    static let maxBytes = 1_024

    static func check(_ password: String) throws {
        guard password.count >= minCharacters, password.utf8.count <= maxBytes else {
            throw AppError(.unprocessableEntity, "weak_password", "Mật khẩu cần từ 8 đến 1.024 ký tự.")
        }
        guard !password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw AppError(.unprocessableEntity, "invalid_password", "Mật khẩu không được chứa ký tự điều khiển (xuống dòng, tab…).")
        }
    }

    /// Citizens choose their own password on the open internet: at least 10 characters and none of the 1,000 most used.
    static let citizenMinCharacters = 10

    static func checkForCitizen(_ password: String) throws {
        guard password.count >= citizenMinCharacters, password.utf8.count <= maxBytes else {
            throw AppError(.unprocessableEntity, "weak_password", "Mật khẩu cần ít nhất \(citizenMinCharacters) ký tự (tối đa 1.024).")
        }
        try check(password)
        guard !CommonPasswords.all.contains(password.lowercased()) else {
            throw AppError(.unprocessableEntity, "common_password",
                           "Mật khẩu này nằm trong danh sách 1.000 mật khẩu bị dùng nhiều nhất nên rất dễ bị đoán. Vui lòng chọn mật khẩu khác, ví dụ một câu ngắn dễ nhớ.")
        }
    }

    /// The rule for whoever sets their own password: citizens by the stricter rule, officers by the general one.
    static func check(_ password: String, for user: User) throws {
        if user.isCitizen { try checkForCitizen(password) } else { try check(password) }
    }

    /// A password of 14 characters from an alphabet without look-alikes (no 0/O, 1/l/I), always with a lower-case
    /// letter, an upper-case letter, a digit and a sign, so that it meets any rule an agency may add later.
    static func generate() -> String {
        let lower = Array("abcdefghijkmnpqrstuvwxyz"), upper = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
        let digits = Array("23456789"), signs = Array("@#%+=?")
        let all = lower + upper + digits
        var generator = SystemRandomNumberGenerator()
        var characters: [Character] = [lower, upper, digits, signs].compactMap { $0.randomElement(using: &generator) }
        while characters.count < 14 {
            if let next = all.randomElement(using: &generator) { characters.append(next) }
        }
        characters.shuffle(using: &generator)
        return String(characters)
    }
}
