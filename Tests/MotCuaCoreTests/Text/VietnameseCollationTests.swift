import Testing
@testable import MotCuaCore

@Suite("Vietnamese collation")
struct VietnameseCollationTests {
    @Test func lettersFollowTheVietnameseAlphabetNotTheBytes() {
        // Issue 8's example: byte order puts "Chứng" and "Công" before "Cấp" (â is U+00E2).
        let names = ["Công nhận hòa giải viên", "Chứng thực di chúc", "Cấp Giấy xác nhận tình trạng hôn nhân", "Chuyển mục đích sử dụng đất"]
        let sorted = VietnameseCollation.sorted(names) { $0 }
        #expect(sorted == ["Cấp Giấy xác nhận tình trạng hôn nhân", "Chuyển mục đích sử dụng đất", "Chứng thực di chúc", "Công nhận hòa giải viên"])
        #expect(names.sorted() != sorted, "plain sorting must differ, or this example proves nothing")
    }

    @Test func dAndĐAndTheVowelsWithMarksAreLettersOfTheirOwn() {
        let sorted = VietnameseCollation.sorted(["Đăng ký", "Dừng", "Ăn", "Ân", "An", "Ơn", "Ôn", "On", "Ưu", "Uy", "Em", "Êm"]) { $0 }
        #expect(sorted == ["An", "Ăn", "Ân", "Dừng", "Đăng ký", "Em", "Êm", "On", "Ôn", "Ơn", "Uy", "Ưu"])
    }

    @Test func tonesOnlyBreakTiesAndAShorterNameComesFirst() {
        let sorted = VietnameseCollation.sorted(["má", "mà", "ma", "mạ", "mả", "mã", "ma ma", "mab"]) { $0 }
        #expect(sorted == ["ma", "mà", "mả", "mã", "má", "mạ", "ma ma", "mab"])
        #expect(VietnameseCollation.key("Cấp") < VietnameseCollation.key("Cấp đổi"))
        #expect(VietnameseCollation.key("CẤP") == VietnameseCollation.key("cấp"))
    }

    @Test func keysAreAsciiAndNeverTrapOnUnusualText() {
        for text in ["", "   ", "😀 x", "A\u{0301}\u{0323}", "ﬁ", "١٢٣", String(repeating: "ạ", count: 1000)] {
            let key = VietnameseCollation.key(text)
            #expect(key.allSatisfy { $0.isASCII })
        }
    }
}
