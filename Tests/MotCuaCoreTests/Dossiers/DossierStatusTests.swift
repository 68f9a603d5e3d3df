import Foundation
import Testing
@testable import MotCuaCore

@Suite("Dossier statuses and actions (DOMAIN §3)")
struct DossierStatusTests {
    @Test("Statuses use the national portal's numbering and Vietnamese labels")
    func numberingAndLabels() {
        let expected: [(Int, String)] = [
            (1, "Mới đăng ký"), (2, "Đã tiếp nhận"), (3, "Không được tiếp nhận"), (4, "Đang xử lý"),
            (5, "Yêu cầu bổ sung"), (6, "Chờ thực hiện nghĩa vụ tài chính"), (7, "Công dân rút hồ sơ"),
            (8, "Dừng xử lý"), (9, "Đã giải quyết"), (10, "Đã trả kết quả"),
        ]
        #expect(DossierStatus.allCases.map(\.rawValue) == expected.map(\.0))
        #expect(DossierStatus.allCases.map(\.label) == expected.map(\.1))
        #expect(DossierStatus(rawValue: 4) == .processing)
        #expect(DossierStatus(rawValue: 11) == nil)
    }

    @Test("Terminal statuses are 3, 7, 8 and 10")
    func terminal() {
        #expect(DossierStatus.allCases.filter(\.isTerminal).map(\.rawValue) == [3, 7, 8, 10])
    }

    @Test("Actions have stable keys and button labels")
    func actions() throws {
        #expect(DossierAction(rawValue: "request-supplement") == .requestSupplement)
        #expect(DossierAction(rawValue: "request-fees") == .requestFees)
        #expect(DossierAction(rawValue: "fees-paid") == .feesPaid)
        #expect(DossierAction(rawValue: "return") == .return)
        #expect(DossierAction.accept.label == "Tiếp nhận")
        #expect(DossierAction.refuse.label == "Từ chối tiếp nhận")
        #expect(DossierAction.supplement.label == "Nhận bổ sung")
        #expect(DossierAction.forward.label == "Chuyển bước tiếp theo")
        #expect(DossierAction.reschedule.label == "Gia hạn (xin lỗi, hẹn lại)")
        #expect(DossierAction.return.label == "Trả kết quả")
        #expect(Set(DossierAction.allCases.map(\.label)).count == DossierAction.allCases.count)
        let json = try JSONEncoder().encode([DossierAction.requestSupplement])
        #expect(String(decoding: json, as: UTF8.self) == #"["request-supplement"]"#)
    }
}
