import Foundation

/// Who signs a document in an agency's name (Decree 30/2020): the head, or a deputy "KT." (on behalf of) the head.
struct AgencySigner: Encodable, Equatable {
    /// "KT. CHỦ TỊCH" when a deputy signs; nil when the head signs.
    let onBehalfOf: String?
    /// "CHỦ TỊCH", or "PHÓ CHỦ TỊCH" for the deputy.
    let title: String
    /// The signer's name, printed under the signature; nil when the agency has not recorded it (written by hand).
    let name: String?

    init(onBehalfOf: String?, title: String, name: String?) {
        self.onBehalfOf = onBehalfOf; self.title = title; self.name = name
    }

    init(_ agency: Agency) {
        let headTitle = agency.headTitle.flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultHeadTitle(kind: agency.kind, name: agency.name)
        let vietnamese = Locale(identifier: "vi_VN")
        if let deputy = agency.deputyName, !deputy.isEmpty {
            onBehalfOf = "KT. " + headTitle.uppercased(with: vietnamese)
            title = ("Phó " + headTitle.lowercased(with: vietnamese)).uppercased(with: vietnamese)
            name = deputy
        } else {
            onBehalfOf = nil
            title = headTitle.uppercased(with: vietnamese)
            name = agency.headName.flatMap { $0.isEmpty ? nil : $0 }
        }
    }

    /// The usual title of the head of such an agency.
    static func defaultHeadTitle(kind: String, name: String) -> String {
        if kind == "people_committee" { return "Chủ tịch" }
        if name.hasPrefix("Phòng ") { return "Trưởng phòng" }
        if name.hasPrefix("Chi cục ") { return "Chi cục trưởng" }
        return "Giám đốc"
    }
}
