import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp

struct ProcedurePage: Decodable {
    struct Item: Decodable { let code: String; let name: String; let field: String; let tier: String; let level: Int; let agency: AgencyRef }
    struct AgencyRef: Decodable { let code: String; let name: String }
    struct Metadata: Decodable { let page: Int; let per: Int; let total: Int }
    let items: [Item]
    let metadata: Metadata
}

@Suite("Procedure catalogue")
struct CatalogTests {
    func page(_ app: Application, _ query: String) async throws -> ProcedurePage {
        var result: ProcedurePage?
        try await app.testing().test(.GET, "/api/v1/procedures?\(query)") { res in
            #expect(res.status == .ok, "\(query): \(res.body.string)")
            result = try JSONDecoder().decode(ProcedurePage.self, from: Data(res.body.readableBytesView))
        }
        return try #require(result)
    }

    @Test func demoSeedHasAtLeastFortyProceduresAcrossTiersFieldsAndLevels() async throws {
        try await withMotCua { app in
            let all = try await page(app, "per=100")
            #expect(all.metadata.total >= 40)
            #expect(Set(all.items.map(\.tier)) == ["province", "district", "commune"])
            #expect(Set(all.items.map(\.level)).isSuperset(of: [2, 3, 4]))
            #expect(Set(all.items.map(\.field)).count >= 8)
            #expect(Set(all.items.map(\.code)).count == all.items.count, "codes are unique")
        }
    }

    @Test func filtersCombineAndPagingReportsTheTotal() async throws {
        try await withMotCua { app in
            let commune = try await page(app, "tier=commune&per=100")
            #expect(commune.metadata.total > 0)
            #expect(commune.items.allSatisfy { $0.tier == "commune" })

            let level4 = try await page(app, "level=4&per=100")
            #expect(level4.items.allSatisfy { $0.level == 4 })
            #expect(level4.metadata.total >= 5)

            let firstTwo = try await page(app, "per=2&page=1")
            let nextTwo = try await page(app, "per=2&page=2")
            #expect(firstTwo.items.count == 2 && nextTwo.items.count == 2)
            #expect(Set(firstTwo.items.map(\.code)).isDisjoint(with: nextTwo.items.map(\.code)))
            #expect(firstTwo.metadata.total == nextTwo.metadata.total)
            #expect(nextTwo.metadata.page == 2 && nextTwo.metadata.per == 2)

            let field = try await page(app, "field=H%E1%BB%99%20t%E1%BB%8Bch&tier=commune")
            #expect(field.items.allSatisfy { $0.field == "Hộ tịch" && $0.tier == "commune" })
            #expect(field.metadata.total >= 5)
        }
    }

    @Test func searchIgnoresDiacriticsAndCase() async throws {
        try await withMotCua { app in
            let plain = try await page(app, "q=dang%20ky%20khai%20sinh")
            let accented = try await page(app, "q=%C4%90%C4%83ng%20k%C3%BD%20khai%20sinh")
            #expect(plain.metadata.total >= 2)
            #expect(plain.metadata.total == accented.metadata.total)
            #expect(plain.items.allSatisfy { $0.name.lowercased().contains("khai sinh") })
            let none = try await page(app, "q=zzzkhongcothutucnay")
            #expect(none.metadata.total == 0 && none.items.isEmpty)
        }
    }

    @Test func agencyFilterIncludesTheSubtree() async throws {
        try await withMotCua { app in
            // Đà Lạt city's subtree holds its departments and wards, not Đức Trọng's.
            let daLat = try await page(app, "agency=000.00.21.H36&per=100")
            #expect(daLat.metadata.total > 0)
            #expect(daLat.items.allSatisfy { $0.agency.code.hasSuffix(".21.H36") })
            #expect(daLat.items.contains { $0.agency.code == "000.11.21.H36" }, "a ward of Đà Lạt")
            let unknown = try await page(app, "agency=999.99.99.H99")
            #expect(unknown.metadata.total == 0)
        }
    }

    @Test func badFiltersAre400NotEmptyOr500() async throws {
        try await withMotCua { app in
            try await app.testing().test(.GET, "/api/v1/procedures?level=9") { res in
                #expect(res.status == .badRequest)
                #expect(res.apiError?.error.code == "invalid_level")
            }
            try await app.testing().test(.GET, "/api/v1/procedures?tier=planet") { res in
                #expect(res.status == .badRequest)
                #expect(res.apiError?.error.code == "invalid_tier")
            }
        }
    }

    @Test func detailHasTheContractShape() async throws {
        try await withMotCua { app in
            try await app.testing().test(.GET, "/api/v1/procedures/1.001193.000.00.00.H36") { res in
                #expect(res.status == .ok)
                struct Detail: Decodable {
                    struct Agency: Decodable { let code: String; let name: String }
                    struct Component: Decodable { let name: String; let copies: Int }
                    struct Step: Decodable { let name: String; let unit: String; let days: Double }
                    struct Fee: Decodable { let name: String; let amountVND: Int? }
                    let code: String; let name: String; let field: String; let tier: String; let level: Int
                    let agency: Agency; let legalDays: Int; let fees: [Fee]; let components: [Component]; let steps: [Step]
                }
                let detail = try JSONDecoder().decode(Detail.self, from: Data(res.body.readableBytesView))
                #expect(detail.name == "Đăng ký khai sinh")
                #expect(detail.tier == "commune")
                #expect(detail.legalDays == 0)
                #expect(detail.agency.code == "000.11.21.H36")
                #expect(detail.components.count >= 2)
                #expect(detail.steps.count >= 2)
                #expect(detail.fees.first?.amountVND == 0)
            }
        }
    }

    @Test func unknownProcedureIsA404WithAVietnameseMessage() async throws {
        try await withMotCua { app in
            try await app.testing().test(.GET, "/api/v1/procedures/9.999999.000.00.00.H99") { res in
                #expect(res.status == .notFound)
                #expect(res.apiError?.error.code == "procedure_not_found")
                #expect(res.apiError?.error.message.contains("Không tìm thấy thủ tục") == true)
            }
            try await app.testing().test(.GET, "/thu-tuc/khong-ton-tai") { res in
                #expect(res.status == .notFound)
                #expect(res.body.string.contains("Không tìm thấy thủ tục"))
            }
        }
    }

    @Test func cataloguePagesRenderInVietnamese() async throws {
        try await withMotCua { app in
            try await app.testing().test(.GET, "/thu-tuc?q=khai%20sinh") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Danh mục thủ tục hành chính"))
                #expect(res.body.string.contains("Đăng ký khai sinh"))
                #expect(!res.body.string.contains("http://cdn") && !res.body.string.contains("https://"))
            }
            try await app.testing().test(.GET, "/thu-tuc/1.001193.000.00.00.H36") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Thành phần hồ sơ"))
                #expect(res.body.string.contains("Giấy chứng sinh"))
            }
        }
    }
}
