import Vapor
import Fluent

/// Page parameters as users and integrations send them (`page`, `per`), validated in this one place for pages and
/// API alike. Out-of-range or non-numeric values are refused with a 400 rather than clamped: an integration that asks
/// for `per=500` learns that it gets at most 100 instead of silently missing rows.
struct Paging: Sendable {
    static let maxPage = 1_000_000
    static let maxPer = 100

    let page: Int
    let per: Int

    /// For callers that choose their own page (never from input).
    init(page: Int, per: Int) {
        self.page = min(max(page, 1), Self.maxPage)
        self.per = min(max(per, 1), Self.maxPer)
    }

    init(_ request: Request, defaultPer: Int = 20) throws {
        let page = try Self.parse(request.query[String.self, at: "page"], name: "page", range: 1...Self.maxPage,
                                  message: "Số trang (page) phải là số nguyên từ 1 đến 1.000.000.")
        let per = try Self.parse(request.query[String.self, at: "per"], name: "per", range: 1...Self.maxPer,
                                 message: "Số dòng mỗi trang (per) phải là số nguyên từ 1 đến 100.")
        self.init(page: page ?? 1, per: per ?? defaultPer)
    }

    private static func parse(_ raw: String?, name: String, range: ClosedRange<Int>, message: String) throws -> Int? {
        guard let raw else { return nil }
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return nil }
        // `Int(_:)` returns nil on overflow, so "99999999999999999999" is refused here rather than trapping later.
        guard text.utf8.count <= 10, let value = Int(text), range.contains(value) else {
            throw AppError.badRequest("invalid_\(name)", message)
        }
        return value
    }

    /// At most (1,000,000 − 1) × 100: far from overflow.
    var offset: Int { (page - 1) * per }
}

struct PageMetadata: Content {
    let page: Int
    let per: Int
    let total: Int
    var pageCount: Int { per <= 0 ? 0 : total / per + (total % per == 0 ? 0 : 1) }

    enum CodingKeys: String, CodingKey { case page, per, total, pageCount }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(page, forKey: .page)
        try c.encode(per, forKey: .per)
        try c.encode(total, forKey: .total)
        try c.encode(pageCount, forKey: .pageCount)
    }
    init(page: Int, per: Int, total: Int) { self.page = page; self.per = per; self.total = total }
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        page = try c.decode(Int.self, forKey: .page)
        per = try c.decode(Int.self, forKey: .per)
        total = try c.decode(Int.self, forKey: .total)
    }
}

struct PagedResponse<Item: Content>: Content {
    let items: [Item]
    let metadata: PageMetadata
}

extension QueryBuilder {
    /// Runs the count and the page query of one filtered builder.
    func page(_ paging: Paging) async throws -> (items: [Model], metadata: PageMetadata) {
        let total = try await self.copy().count()
        let items = try await self.copy().offset(paging.offset).limit(paging.per).all()
        return (items, PageMetadata(page: paging.page, per: paging.per, total: total))
    }
}
