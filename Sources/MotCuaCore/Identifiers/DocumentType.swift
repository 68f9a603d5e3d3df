import Foundation

/// The administrative document types of Decree 30/2020 and the abbreviations used in notations.
/// An official letter (công văn) is deliberately absent: its notation carries no type.
public struct DocumentType: Hashable, Sendable {
    public let abbreviation: String
    public let name: String

    public init(abbreviation: String, name: String) {
        self.abbreviation = abbreviation
        self.name = name
    }

    public static func named(abbreviation: String) -> DocumentType? {
        all.first { $0.abbreviation == abbreviation }
    }

    public static let all: [DocumentType] = [
        ("NQ", "Nghị quyết"), ("QĐ", "Quyết định"), ("CT", "Chỉ thị"), ("QC", "Quy chế"),
        ("QyĐ", "Quy định"), ("TC", "Thông cáo"), ("TB", "Thông báo"), ("HD", "Hướng dẫn"),
        ("CTr", "Chương trình"), ("KH", "Kế hoạch"), ("PA", "Phương án"), ("ĐA", "Đề án"),
        ("DA", "Dự án"), ("BC", "Báo cáo"), ("BB", "Biên bản"), ("TTr", "Tờ trình"),
        ("HĐ", "Hợp đồng"), ("CĐ", "Công điện"), ("BGN", "Bản ghi nhớ"), ("BTT", "Bản thỏa thuận"),
        ("GUQ", "Giấy ủy quyền"), ("GM", "Giấy mời"), ("GGT", "Giấy giới thiệu"), ("GNP", "Giấy nghỉ phép"),
        ("PG", "Phiếu gửi"), ("PC", "Phiếu chuyển"), ("PB", "Phiếu báo"),
    ].map { DocumentType(abbreviation: $0.0, name: $0.1) }
}
