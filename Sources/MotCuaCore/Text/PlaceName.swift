import Foundation

/// The place name of an official date line (Decree 30/2020, appendix I): the proper name of the administrative
/// unit where the agency sits — "Lâm Đồng" for the province's bodies, "Đà Lạt" for the city's, "Phường 1" for a
/// ward with a number, "Tà Nung" for a commune.
public enum PlaceName {
    /// Unit words, longest first, after which the proper name follows in an agency's name.
    private static let unitWords = ["thành phố", "thị xã", "thị trấn", "huyện", "quận", "tỉnh", "xã", "phường"]

    public static func derive(fromAgencyName name: String) -> String {
        // "Ủy ban nhân dân xã Tà Nung, thành phố Đà Lạt": the first locality named is where the agency sits.
        let firstPart = name.split(separator: ",").first.map(String.init) ?? name
        let lower = firstPart.lowercased()
        var best: (range: Range<String.Index>, word: String)? = nil
        for word in unitWords {
            // The last mention in the first part ("Phòng Tư pháp thành phố Đà Lạt" → after "thành phố").
            var searchStart = lower.startIndex
            while let range = lower.range(of: word + " ", range: searchStart..<lower.endIndex) {
                let atWordStart = range.lowerBound == lower.startIndex || lower[lower.index(before: range.lowerBound)] == " "
                if atWordStart, best.map({ range.lowerBound > $0.range.lowerBound }) ?? true { best = (range, word) }
                searchStart = range.upperBound
            }
        }
        guard let best else { return name.trimmingCharacters(in: .whitespaces) }
        let offset = lower.distance(from: lower.startIndex, to: best.range.upperBound)
        let properName = String(firstPart.dropFirst(offset)).trimmingCharacters(in: .whitespaces)
        // A numbered ward or district keeps its unit word: "Phường 1", "Quận 3".
        if let first = properName.first, first.isNumber {
            let unit = String(firstPart.dropFirst(lower.distance(from: lower.startIndex, to: best.range.lowerBound)).prefix(best.word.count))
            return unit.prefix(1).uppercased() + unit.dropFirst() + " " + properName
        }
        return properName
    }
}
