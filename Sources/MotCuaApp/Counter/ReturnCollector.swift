import Foundation

/// The person who collects a result at the counter: the applicant, or someone with their written authorisation.
struct ReturnCollector: Equatable, CustomStringConvertible {
    let name: String
    let idNumber: String?
    let byProxy: Bool

    /// "Trần Văn Bình, CCCD 079203001234 (nhận thay theo giấy ủy quyền)": the timeline note and the slips' line.
    var description: String {
        var text = name
        if let idNumber, !idNumber.isEmpty { text += ", số định danh \(idNumber)" }
        if byProxy { text += " (nhận thay theo giấy ủy quyền)" }
        return text
    }
}
