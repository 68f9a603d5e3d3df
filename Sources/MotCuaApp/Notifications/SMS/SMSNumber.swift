import MotCuaCore

/// Vietnamese mobile numbers as SMS gateways want them: E.164, "+84912345678".
enum SMSNumber {
    /// "0912 345 678", "0912.345.678", "84912345678", "+84 912 345 678" → "+84912345678"; anything that is not a
    /// Vietnamese mobile number (a landline, a foreign number, a typing mistake) → nil, and is not texted.
    /// `PhoneNumber` (the rule of the registration forms) decides; only the bare "84…" a gateway may forward is added.
    static func e164(_ raw: String) -> String? {
        // Bounded before any work: the text may come from the inbound API.
        guard raw.utf8.count <= 40 else { return nil }
        let compact = raw.filter { $0 != " " && $0 != "." && $0 != "-" }
        let candidate = compact.hasPrefix("84") && compact.count == 11 ? "+" + compact : raw
        guard let number = try? PhoneNumber(candidate) else { return nil }
        return number.international
    }
}
