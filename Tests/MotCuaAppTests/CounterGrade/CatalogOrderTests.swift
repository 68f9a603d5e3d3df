import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp
@testable import MotCuaCore

/// Issue 8: the catalogue and the counter's picker sort names in Vietnamese order and rank suggestions by relevance.
@Suite("Counter-grade: catalogue order and relevance")
struct CatalogOrderTests {
    func names(_ app: Application, _ query: String) async throws -> [String] {
        struct Page: Decodable { struct Item: Decodable { let name: String }; let items: [Item] }
        let response = try await app.testing().sendRequest(.GET, "/api/v1/procedures\(query)")
        #expect(response.status == .ok)
        return try JSONDecoder().decode(Page.self, from: Data(response.body.readableBytesView)).items.map(\.name)
    }

    @Test func namesAreInVietnameseOrderOnEveryDatabase() async throws {
        try await withMotCua { app in
            let all = try await names(app, "?per=100")
            let withC = all.filter { $0.hasPrefix("C") }
            let firstOf = { (prefix: String) in withC.firstIndex { $0.hasPrefix(prefix) } }
            let cap = try #require(firstOf("Cấp")), chung = try #require(firstOf("Chứng")), cong = try #require(firstOf("Công"))
            #expect(cap < chung && chung < cong, "\(withC)")
            #expect(all == VietnameseCollation.sorted(all) { $0 })
        }
    }

    @Test func suggestionsRankTheExactPhraseThenTheWordsInOrderThenTheRest() async throws {
        try await withMotCua { app in
            let phrase = try await names(app, "?per=10&q=dang%20ky%20khai%20sinh")
            #expect(Array(phrase.prefix(4)) == ["Đăng ký khai sinh", "Đăng ký khai sinh có yếu tố nước ngoài",
                                                "Đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con", "Đăng ký lại khai sinh"])
            // Only one name has these words in this order; alphabetically it would come third.
            let reordered = try await names(app, "?per=10&q=khai%20sinh%20dang%20ky")
            #expect(reordered.first == "Đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con")
            #expect(reordered.count >= 3)
        }
    }
}
