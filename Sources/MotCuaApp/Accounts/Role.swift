/// What an account may do. An officer may hold several roles.
enum Role: String, Codable, CaseIterable, Sendable {
    case administrator
    case receptionist
    case specialist
    case leader
    case clerk
    case citizen
    /// A system account of the national portal's sync (issue 13): reads the change feed of its agency subtree, nothing else.
    case integration

    var label: String {
        switch self {
        case .administrator: return "Quản trị hệ thống"
        case .receptionist: return "Tiếp nhận và trả kết quả"
        case .specialist: return "Chuyên viên xử lý"
        case .leader: return "Lãnh đạo"
        case .clerk: return "Văn thư"
        case .citizen: return "Công dân, tổ chức"
        case .integration: return "Tích hợp hệ thống (đồng bộ Cổng DVC quốc gia)"
        }
    }

    /// Roles stored in one column as "receptionist,specialist"; unknown words are dropped.
    static func parse(_ stored: String) -> [Role] {
        stored.split(separator: ",").compactMap { Role(rawValue: $0.trimmingCharacters(in: .whitespaces)) }
    }
}
