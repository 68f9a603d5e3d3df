import Fluent
import Vapor

/// The demo's service centre: Đà Lạt's one-stop shop with four areas and six counters; `tiepnhan` sits at quầy 1.
/// Prefixes are digits, so numbers read as the boards of Vietnamese centres show them: 1001, 1002… for hộ tịch.
enum QueueDemoSeed {
    static let areas: [(code: String, name: String, prefix: String)] = [
        ("ho-tich", "Tư pháp – Hộ tịch", "1"),
        ("dat-dai", "Đất đai", "2"),
        ("kinh-doanh", "Đăng ký kinh doanh", "3"),
        ("xay-dung", "Xây dựng – Đô thị", "4"),
    ]
    static let counters: [(code: String, number: Int, areas: [String], officer: String?)] = [
        ("Q1", 1, ["ho-tich", "dat-dai"], "tiepnhan"),
        ("Q2", 2, ["ho-tich"], nil),
        ("Q3", 3, ["dat-dai"], nil),
        ("Q4", 4, ["kinh-doanh"], nil),
        ("Q5", 5, ["xay-dung"], nil),
        ("Q6", 6, ["ho-tich", "dat-dai", "kinh-doanh", "xay-dung"], nil),
    ]

    static func run(on db: Database) async throws {
        guard let agency = try await Agency.query(on: db).filter(\.$code == DemoSeed.homeAgencyCode).first(), let agencyID = agency.id else { return }
        for (index, area) in areas.enumerated() {
            try await QueueArea(agencyID: agencyID, code: area.code, name: area.name, prefix: area.prefix, position: index + 1).create(on: db)
        }
        for counter in counters {
            var officerID: UUID? = nil
            if let username = counter.officer {
                officerID = try await User.query(on: db).filter(\.$username == username).first()?.id
            }
            try await QueueCounter(agencyID: agencyID, code: counter.code, name: "Quầy \(counter.number)", number: counter.number,
                                   areaCodes: counter.areas, officerID: officerID).create(on: db)
        }
    }
}
