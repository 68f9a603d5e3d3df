/// An amount of money in Vietnamese words, as receipts and invoices write it under the figures
/// ("Bằng chữ: Một trăm nghìn đồng"). Groups of three digits read with nghìn, triệu and tỷ; inside a
/// group the usual readings apply: "linh" for a missing ten, "mười" for ten, "mốt" and "lăm" after a ten,
/// and an inner group with no hundreds reads "không trăm".
public enum VietnameseNumberWords {
    private static let digits = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]

    /// "Một triệu hai trăm năm mươi nghìn đồng" for 1_250_000. Negative amounts read with "Âm".
    public static func money(_ amount: Int) -> String {
        let words = number(amount)
        return words.prefix(1).uppercased() + words.dropFirst() + " đồng"
    }

    /// The number in lower-case words, e.g. "hai mươi mốt" for 21.
    public static func number(_ value: Int) -> String {
        if value == 0 { return "không" }
        if value < 0 {
            // Int.min has no positive counterpart; its magnitude is read from the unsigned value.
            return "âm " + read(value.magnitude)
        }
        return read(UInt(value))
    }

    private static func read(_ value: UInt) -> String {
        // Billions repeat: 10^12 reads "nghìn tỷ", 10^18 "tỷ tỷ".
        let billion: UInt = 1_000_000_000
        if value >= billion {
            let high = value / billion, low = value % billion
            var parts = [read(high) + " tỷ"]
            if low > 0 { parts.append(readBelowBillion(low, full: true)) }
            return parts.joined(separator: " ")
        }
        return readBelowBillion(value, full: false)
    }

    /// 0 < value < 10^9. `full` when a higher part was read before, so that a short group still says its hundreds.
    private static func readBelowBillion(_ value: UInt, full: Bool) -> String {
        let groups = [(value / 1_000_000, "triệu"), (value / 1_000 % 1_000, "nghìn"), (value % 1_000, "")]
        var parts: [String] = []
        var started = full
        for (group, unit) in groups {
            if group == 0 { continue }
            let text = readGroup(Int(group), full: started)
            parts.append(unit.isEmpty ? text : text + " " + unit)
            started = true
        }
        return parts.joined(separator: " ")
    }

    /// One group of three digits, 1…999. `full` reads "không trăm" and "linh" when hundreds or tens are missing.
    private static func readGroup(_ group: Int, full: Bool) -> String {
        let hundreds = group / 100, tens = group / 10 % 10, units = group % 10
        var words: [String] = []
        if hundreds > 0 || full {
            words.append(digits[hundreds] + " trăm")
        }
        switch tens {
        case 0:
            if units > 0 && !words.isEmpty { words.append("linh") }
        case 1:
            words.append("mười")
        default:
            words.append(digits[tens] + " mươi")
        }
        if units > 0 {
            switch units {
            case 1 where tens >= 2: words.append("mốt")
            case 5 where tens >= 1: words.append("lăm")
            default: words.append(digits[units])
            }
        }
        return words.joined(separator: " ")
    }
}
