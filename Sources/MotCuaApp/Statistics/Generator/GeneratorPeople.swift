import Foundation
import MotCuaCore

/// Realistic applicants: Vietnamese names by their real frequency, citizen numbers of the right shape
/// (mostly born in Lâm Đồng, code 068), mobile numbers on current prefixes, addresses in the receiving area.
enum GeneratorPeople {
    struct Person {
        let fullName: String
        let idNumber: String?
        let phone: String?
        let email: String?
        let address: String
    }

    /// Family names with their approximate share of the population (percent).
    static let families: [(String, Double)] = [
        ("Nguyễn", 31.5), ("Trần", 11), ("Lê", 9.5), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 2.5), ("Phan", 4.5), ("Vũ", 2.5),
        ("Võ", 2.5), ("Đặng", 2.1), ("Bùi", 2), ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1), ("Lý", 0.5), ("Đinh", 0.8),
        ("Đào", 0.6), ("Trương", 0.7), ("Lâm", 0.5), ("Mai", 0.4), ("Cao", 0.4), ("Hà", 0.4), ("Lương", 0.4), ("Tạ", 0.2),
        ("Châu", 0.2), ("Kiều", 0.2), ("Thái", 0.2), ("Triệu", 0.2), ("Tô", 0.2), ("La", 0.1), ("Nông", 0.1),
    ]
    static let maleMiddles = ["Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thành", "Công", "Ngọc", "Xuân", "Quang", "Anh",
                              "Thanh", "Hoàng", "Trọng", "Gia", "Bảo", "Duy", "Đình", "Tấn", "Tuấn", "Hồng", "Thế"]
    static let femaleMiddles = ["Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng", "Bích", "Phương", "Thùy",
                                "Minh", "Ánh", "Diệu", "Khánh", "Bảo", "Hoài", "Tuyết", "Thị Thanh", "Thị Kim", "Thị Ngọc"]
    static let maleGiven = ["An", "Bình", "Cường", "Dũng", "Đạt", "Đông", "Giang", "Hải", "Hiếu", "Hòa", "Hùng", "Huy", "Khang",
                            "Khoa", "Kiên", "Lâm", "Long", "Lộc", "Minh", "Nam", "Nghĩa", "Phát", "Phong", "Phúc", "Quân", "Quang",
                            "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ",
                            "Hưng", "Hoàng", "Khải", "Nhân", "Tín", "Trí", "Bảo", "Duy", "Khôi", "Hậu", "Lợi", "Thông", "Tú"]
    static let femaleGiven = ["Anh", "Châu", "Chi", "Diệp", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hương",
                              "Huyền", "Lan", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Nhi", "Oanh", "Phương",
                              "Quyên", "Tâm", "Thảo", "Thư", "Thủy", "Trang", "Trinh", "Tú", "Uyên", "Vân", "Vy", "Xuân", "Yến",
                              "Hồng", "Liên", "Nhàn", "Quỳnh", "Trâm", "Thoa", "Lệ", "Nguyệt", "Hậu"]
    /// Current mobile prefixes (Viettel, Vinaphone, MobiFone, Vietnamobile).
    static let mobilePrefixes = ["032", "033", "034", "035", "036", "037", "038", "039", "056", "058", "070", "076", "077", "078",
                                 "079", "081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "093", "094", "096",
                                 "097", "098"]
    static let mailDomains = ["gmail.com", "gmail.com", "gmail.com", "gmail.com", "yahoo.com", "outlook.com", "icloud.com"]

    static let daLatStreets = ["Trần Phú", "Phan Đình Phùng", "Hai Bà Trưng", "Bùi Thị Xuân", "Nguyễn Văn Trỗi", "3 Tháng 2",
                               "Lê Đại Hành", "Yersin", "Hoàng Văn Thụ", "Hùng Vương", "3 Tháng 4", "Nguyễn Tri Phương", "Mai Anh Đào",
                               "Đinh Tiên Hoàng", "Phù Đổng Thiên Vương", "Trần Hưng Đạo", "Lý Tự Trọng", "Nguyễn Công Trứ",
                               "Hải Thượng", "Xô Viết Nghệ Tĩnh", "Quang Trung", "Hồ Tùng Mậu", "Ba Tháng Hai", "Vạn Thành", "An Dương Vương"]
    static let daLatWards = ["Phường 1", "Phường 2", "Phường 3", "Phường 4", "Phường 5", "Phường 6", "Phường 7", "Phường 8",
                             "Phường 9", "Phường 10", "Phường 11", "Phường 12", "xã Tà Nung", "xã Xuân Trường", "xã Xuân Thọ", "xã Trạm Hành"]
    static let ducTrongPlaces = ["thị trấn Liên Nghĩa", "xã Hiệp Thạnh", "xã Hiệp An", "xã Liên Hiệp", "xã N'Thol Hạ", "xã Phú Hội",
                                 "xã Ninh Gia", "xã Tân Hội", "xã Bình Thạnh", "xã Đạ Quyn"]
    static let ducTrongHamlets = ["thôn Bồng Lai", "thôn Phú Thạnh", "thôn Tân Hiệp", "thôn Quảng Hiệp", "thôn Trung Hiệp",
                                  "thôn An Hiệp", "thôn Phi Nôm", "thôn Đa Thọ", "tổ dân phố 5", "tổ dân phố 12"]
    static let ducTrongRoads = ["Quốc lộ 20", "Quốc lộ 27", "Thống Nhất", "Lê Hồng Phong", "Trần Hưng Đạo", "Nguyễn Thái Học",
                                "Hai Bà Trưng", "Ngô Quyền"]
    static let otherPlaces = ["Phường 1, thành phố Bảo Lộc", "Phường 2, thành phố Bảo Lộc", "Phường Lộc Phát, thành phố Bảo Lộc",
                              "thị trấn Di Linh, huyện Di Linh", "thị trấn Đinh Văn, huyện Lâm Hà", "thị trấn Nam Ban, huyện Lâm Hà",
                              "thị trấn Lạc Dương, huyện Lạc Dương", "thị trấn Thạnh Mỹ, huyện Đơn Dương", "thị trấn D'Ran, huyện Đơn Dương",
                              "thị trấn Madaguôi, huyện Đạ Huoai", "thị trấn Cát Tiên, huyện Cát Tiên", "thị trấn Lộc Thắng, huyện Bảo Lâm"]

    /// Where applicants of an agency live: a commune's own area, a district's communes, anywhere in the province.
    enum Area: Sendable {
        case daLat(ward: String?)
        case ducTrong(place: String?)
        case province

        static func of(agencyCode: String, name: String) -> Area {
            let locality = name.replacingOccurrences(of: "Ủy ban nhân dân ", with: "")
            if agencyCode.hasSuffix(".21.H36") {
                return .daLat(ward: agencyCode == "000.00.21.H36" ? nil : locality.components(separatedBy: ",").first)
            }
            if agencyCode.hasSuffix(".27.H36") {
                return .ducTrong(place: agencyCode == "000.00.27.H36" ? nil : locality.components(separatedBy: ",").first)
            }
            return .province
        }
    }

    static let familyPicker = WeightedPicker(families.map(\.1))

    /// Name parts without diacritics or spaces, for e-mail addresses; folded once, not per applicant.
    private static let foldedParts: [String: String] = {
        let parts = families.map(\.0) + maleMiddles + femaleMiddles + maleGiven + femaleGiven
        return Dictionary(parts.map { ($0, TextSearch.fold($0).replacingOccurrences(of: " ", with: "")) }, uniquingKeysWith: { a, _ in a })
    }()

    private static func folded(_ part: String) -> String { foldedParts[part] ?? "" }

    static func pad2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    static func make(area: Area, currentYear: Int, rng: inout SeededRandom) -> Person {
        let female = rng.chance(0.52)
        let family = families[familyPicker.pick(&rng)].0
        let middle = rng.pick(female ? femaleMiddles : maleMiddles)
        let given = rng.pick(female ? femaleGiven : maleGiven)
        let name = "\(family) \(middle) \(given)"

        let birthYear = rng.int(1945...(currentYear - 18))
        let province = rng.chance(0.78) ? "068" : rng.pick(BirthProvince.all).code
        let century = (birthYear >= 2000 ? 2 : 0) + (female ? 1 : 0)
        let idNumber = rng.chance(0.97) ? "\(province)\(century)\(pad2(birthYear % 100))\(rng.digits(6))" : nil
        let phone = (idNumber == nil || rng.chance(0.92)) ? rng.pick(mobilePrefixes) + rng.digits(7) : nil
        let email = rng.chance(0.3)
            ? folded(family) + folded(middle) + folded(given) + pad2(birthYear % 100) + "@" + rng.pick(mailDomains)
            : nil
        return Person(fullName: name, idNumber: idNumber, phone: phone, email: email, address: address(area, rng: &rng))
    }

    static func address(_ area: Area, rng: inout SeededRandom) -> String {
        switch area {
        case .daLat(let ward):
            let place = ward ?? rng.pick(daLatWards)
            return "Số \(rng.int(1...220)) đường \(rng.pick(daLatStreets)), \(place), thành phố Đà Lạt, tỉnh Lâm Đồng"
        case .ducTrong(let place):
            let where_ = place ?? rng.pick(ducTrongPlaces)
            if rng.chance(0.5) { return "\(rng.pick(ducTrongHamlets).capitalisedFirst), \(where_), huyện Đức Trọng, tỉnh Lâm Đồng" }
            return "Số \(rng.int(1...400)) đường \(rng.pick(ducTrongRoads)), \(where_), huyện Đức Trọng, tỉnh Lâm Đồng"
        case .province:
            let roll = rng.below(3)
            if roll == 0 { return address(.daLat(ward: nil), rng: &rng) }
            if roll == 1 { return address(.ducTrong(place: nil), rng: &rng) }
            return "Số \(rng.int(1...300)), \(rng.pick(otherPlaces)), tỉnh Lâm Đồng"
        }
    }

    /// Officers shown in timelines of agencies without a demo account.
    static func officerName(rng: inout SeededRandom) -> String {
        let female = rng.chance(0.55)
        return "\(families[familyPicker.pick(&rng)].0) \(rng.pick(female ? femaleMiddles : maleMiddles)) \(rng.pick(female ? femaleGiven : maleGiven))"
    }
}

private extension String {
    var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
