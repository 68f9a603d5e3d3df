import Foundation
import Testing
@testable import MotCuaApp
import MotCuaCore

@Suite("VNPAY 2.1.0 signing and Vietnamese amounts in words")
struct VNPayProtocolTests {
    /// The expected hash was computed independently with Python's hmac and urllib.parse.quote_plus.
    @Test("The signature is HMAC-SHA512 over the sorted, form-encoded vnp_* parameters")
    func knownAnswer() {
        let parameters = [
            "vnp_Version": "2.1.0", "vnp_Command": "pay", "vnp_TmnCode": "MOTCUA01", "vnp_Amount": "10000000", "vnp_CurrCode": "VND",
            "vnp_TxnRef": "261203100000ABCD1234", "vnp_OrderInfo": "Thanh toan phi le phi ho so 000.00.00.H36-261203-0001",
            "vnp_OrderType": "other", "vnp_ReturnUrl": "http://127.0.0.1:8080/thanh-toan/ket-qua", "vnp_CreateDate": "20261203100000",
            "vnp_ExpireDate": "20261203101500", "vnp_IpAddr": "127.0.0.1", "vnp_Locale": "vn",
        ]
        #expect(VNPayProtocol.signedData(parameters).hasPrefix("vnp_Amount=10000000&vnp_Command=pay&vnp_CreateDate="))
        #expect(VNPayProtocol.signedData(parameters).contains("vnp_OrderInfo=Thanh+toan+phi+le+phi+ho+so+000.00.00.H36-261203-0001"))
        #expect(VNPayProtocol.signedData(parameters).contains("vnp_ReturnUrl=http%3A%2F%2F127.0.0.1%3A8080%2Fthanh-toan%2Fket-qua"))
        #expect(VNPayProtocol.signature(parameters, secret: "MOTCUA-DEMO-SECRET-2026")
            == "157f20a25a3ded5336b3c8b4568d7595a61f7b8984023166e2ded32d96c0af4bbb9fccc633fc777f8a2a0a9ed049d1b9e0ef46974f1addbf07e62d1128edc7e8")
        var signed = VNPayProtocol.parseQuery(VNPayProtocol.signedQuery(parameters, secret: "MOTCUA-DEMO-SECRET-2026"))
        #expect(signed == parameters.merging([VNPayProtocol.hashField: signed[VNPayProtocol.hashField] ?? ""]) { a, _ in a })
        #expect(VNPayProtocol.verify(signed, secret: "MOTCUA-DEMO-SECRET-2026"))
        #expect(!VNPayProtocol.verify(signed, secret: "another secret"))
        signed["vnp_Amount"] = "20000000"
        #expect(!VNPayProtocol.verify(signed, secret: "MOTCUA-DEMO-SECRET-2026"))
    }

    @Test("Timestamps are yyyyMMddHHmmss in Vietnam time; amounts are digits of VND × 100")
    func formats() {
        let instant = VietnamTime.parse("2027-04-14T09:05:07")!
        #expect(VNPayProtocol.timestamp(instant) == "20270414090507")
        #expect(VNPayProtocol.date(fromTimestamp: "20270414090507") == instant)
        #expect(VNPayProtocol.date(fromTimestamp: "20271314090507") == nil)
        #expect(VNPayProtocol.date(fromTimestamp: "2027041409050") == nil)
        #expect(VNPayProtocol.amountVND("10000000") == 100_000)
        #expect(VNPayProtocol.amountVND("10000050") == nil, "not a whole number of đồng")
        #expect(VNPayProtocol.amountVND("-100") == nil)
        #expect(VNPayProtocol.amountVND("99999999999999999999999") == nil)
        #expect(VNPayProtocol.amountVND(" 100") == nil)
    }

    @Test("Amounts in words as receipts write them")
    func words() {
        #expect(VietnameseNumberWords.money(100_000) == "Một trăm nghìn đồng")
        #expect(VietnameseNumberWords.money(1_250_000) == "Một triệu hai trăm năm mươi nghìn đồng")
        #expect(VietnameseNumberWords.money(1_005_000) == "Một triệu không trăm linh năm nghìn đồng")
        #expect(VietnameseNumberWords.money(21) == "Hai mươi mốt đồng")
        #expect(VietnameseNumberWords.money(15) == "Mười lăm đồng")
        #expect(VietnameseNumberWords.money(105) == "Một trăm linh năm đồng")
        #expect(VietnameseNumberWords.money(2_000_000_000) == "Hai tỷ đồng")
        #expect(VietnameseNumberWords.money(0) == "Không đồng")
        #expect(VietnameseNumberWords.number(Int.min).hasPrefix("âm chín tỷ hai trăm hai mươi ba triệu"), "no trap at the edge")
    }
}
