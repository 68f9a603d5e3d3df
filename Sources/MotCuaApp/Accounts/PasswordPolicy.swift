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
