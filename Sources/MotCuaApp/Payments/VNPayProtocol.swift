import Vapor
import Foundation

/// The VNPAY 2.1.0 signed-redirect protocol: how parameters are encoded, signed and checked. One implementation
/// for both sides of the conversation — the merchant (payment URL, IPN, return page) and the demo's sandbox bank.
enum VNPayProtocol {
    static let version = "2.1.0"
    static let hashField = "vnp_SecureHash"
    static let hashTypeField = "vnp_SecureHashType"

    /// `application/x-www-form-urlencoded` as Java's `URLEncoder` writes it (the gateway's reference code hashes
    /// that form): letters, digits and `.-*_` stay, a space becomes `+`, every other UTF-8 byte is `%XX`.
    static func formEncode(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "_"):
                out.append(Character(UnicodeScalar(byte)))
            case UInt8(ascii: " "):
                out.append("+")
            default:
                out.append("%")
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0x0F))
            }
        }
        return out
    }

    private static func hexDigit(_ nibble: UInt8) -> Character {
        Character(UnicodeScalar(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10))
    }

    /// The signed text: the `vnp_*` parameters other than the hash fields, with a value, sorted by name,
    /// each `name=value` form-encoded, joined by `&`.
    static func signedData(_ parameters: [String: String]) -> String {
        parameters
            .filter { $0.key.hasPrefix("vnp_") && $0.key != hashField && $0.key != hashTypeField && !$0.value.isEmpty }
            .sorted { $0.key < $1.key }
            .map { formEncode($0.key) + "=" + formEncode($0.value) }
            .joined(separator: "&")
    }

    /// Hex HMAC-SHA512 keyed by the terminal's secret.
    static func hmacSHA512(_ text: String, secret: String) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        let mac = HMAC<SHA512>.authenticationCode(for: Data(text.utf8), using: key)
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    static func signature(_ parameters: [String: String], secret: String) -> String {
        hmacSHA512(signedData(parameters), secret: secret)
    }

    /// The parameters with their hash, as a query string (the same encoding as the signed text).
    static func signedQuery(_ parameters: [String: String], secret: String) -> String {
        let data = signedData(parameters)
        return data + "&" + hashField + "=" + hmacSHA512(data, secret: secret)
    }

    /// True when the hash sent is the one these parameters give (case-insensitive hex, compared in constant time).
    static func verify(_ parameters: [String: String], secret: String) -> Bool {
        guard let sent = parameters[hashField]?.lowercased(), sent.utf8.count == 128 else { return false }
        return constantTimeEqual(sent, signature(parameters, secret: secret))
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    /// Parses a raw query string into parameters (`+` is a space, `%XX` a byte). A name given twice keeps its first
    /// value: a signature covers one value per name, so a second one can only be an attempt to confuse.
    static func parseQuery(_ query: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let rawName = parts.first, let name = formDecode(String(rawName)), !name.isEmpty else { continue }
            let value = parts.count > 1 ? formDecode(String(parts[1])) ?? "" : ""
            if result[name] == nil { result[name] = value }
        }
        return result
    }

    static func formDecode(_ text: String) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// yyyyMMddHHmmss in Vietnam time, as the gateway writes `vnp_CreateDate`, `vnp_ExpireDate` and `vnp_PayDate`.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600) ?? .current
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02d%02d%02d%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// The inverse of `timestamp`; nil for anything that is not 14 digits of a real Vietnam-time instant.
    static func date(fromTimestamp text: String) -> Date? {
        let digits = Array(text.utf8)
        guard digits.count == 14, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        func number(_ from: Int, _ count: Int) -> Int { digits[from..<(from + count)].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) } }
        var c = DateComponents()
        c.year = number(0, 4); c.month = number(4, 2); c.day = number(6, 2)
        c.hour = number(8, 2); c.minute = number(10, 2); c.second = number(12, 2)
        guard (1...12).contains(c.month ?? 0), (1...31).contains(c.day ?? 0), (0...23).contains(c.hour ?? 0),
              (0...59).contains(c.minute ?? 0), (0...59).contains(c.second ?? 0) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600) ?? .current
        return calendar.date(from: c)
    }

    /// `vnp_Amount` is VND × 100 in digits; nil for anything else (signs, spaces, overflow).
    static func amountVND(_ text: String?) -> Int? {
        guard let text, !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let hundredths = Int(text), hundredths % 100 == 0 else { return nil }
        return hundredths / 100
    }

    /// What a `vnp_ResponseCode` means to the payer, from the gateway's table.
    static func responseLabel(_ code: String?) -> String {
        switch code {
        case "00": return "Giao dịch thành công."
        case "07": return "Trừ tiền thành công nhưng giao dịch bị nghi ngờ; ngân hàng đang kiểm tra."
        case "09": return "Thẻ/tài khoản chưa đăng ký dịch vụ Internet Banking."
        case "10": return "Xác thực thông tin thẻ/tài khoản sai quá 3 lần."
        case "11": return "Đã hết hạn chờ thanh toán. Vui lòng thực hiện lại."
        case "12": return "Thẻ/tài khoản bị khóa."
        case "13": return "Nhập sai mật khẩu xác thực giao dịch (OTP)."
        case "24": return "Bạn đã hủy giao dịch."
        case "51": return "Tài khoản không đủ số dư để thực hiện giao dịch."
        case "65": return "Tài khoản đã vượt quá hạn mức giao dịch trong ngày."
        case "75": return "Ngân hàng thanh toán đang bảo trì."
        case "79": return "Nhập sai mật khẩu thanh toán quá số lần quy định."
        default: return "Giao dịch không thành công (mã \(code ?? "không rõ"))."
        }
    }
}
