import Vapor
import Fluent

/// Page parameters as users and integrations send them (`page`, `per`), clamped so no query loads a whole table.
struct Paging: Sendable {
    let page: Int
    let per: Int

    init(page: Int?, per: Int?, defaultPer: Int = 20, maxPer: Int = 100) {
        self.page = max(page ?? 1, 1)
        self.per = min(max(per ?? defaultPer, 1), maxPer)
    }

    init(_ request: Request, defaultPer: Int = 20) {
        self.init(page: try? request.query.get(Int.self, at: "page"),
                  per: try? request.query.get(Int.self, at: "per"), defaultPer: defaultPer)
    }

    var offset: Int { (page - 1) * per }
}

struct PageMetadata: Content {
    let page: Int
    let per: Int
    let total: Int
    var pageCount: Int { per == 0 ? 0 : (total + per - 1) / per }

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
        let items = try await self.copy().range(paging.offset..<(paging.offset + paging.per)).all()
        return (items, PageMetadata(page: paging.page, per: paging.per, total: total))
    }
}
