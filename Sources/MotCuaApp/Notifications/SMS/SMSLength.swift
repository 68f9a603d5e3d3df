/// How many parts a text costs, as gateways bill it: GSM 7-bit (ASCII here) 160 characters alone or 153 per part when
/// split, UCS-2 70 or 67. Shown to administrators beside each SMS, so that a text that grew is noticed.
struct SMSLength: CustomStringConvertible {
    let characters: Int
    let ucs2: Bool

    init(_ text: String) {
        ucs2 = !text.unicodeScalars.allSatisfy(\.isASCII)
        // UCS-2 counts UTF-16 units; GSM counts characters (a few, like "{", take two: ignored, the texts have none).
        characters = ucs2 ? text.utf16.count : text.unicodeScalars.count
    }

    var parts: Int {
        let single = ucs2 ? 70 : 160
        let each = ucs2 ? 67 : 153
        guard characters > single else { return 1 }
        return (characters + each - 1) / each
    }

    var description: String {
        "\(characters) ký tự \(ucs2 ? "UCS-2 (tiếng Việt có dấu)" : "không dấu"), \(parts) phần"
    }
}
