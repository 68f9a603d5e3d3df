import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp

/// Issue 7: paged lists trapped on a page past the last (a reversed range) and on huge page numbers (an overflow
/// computing the offset), killing the process. Each of these requests stopped the server before.
@Suite("Never down: paging")
struct PagingLimitsTests {
    @Test func aPagePastTheEndIsAnEmptyPageWithALinkBack() async throws {
        try await withMotCua { app in
            // 61 procedures, 20 a page: 4 pages. Page 8 ("the last plus 3" and more) and 99 trapped in the link range.
            let anonymous = WebSession(app: app)
            for page in [5, 8, 99, 1_000_000] {
                let res = try await anonymous.get("/thu-tuc?page=\(page)&q=")
                #expect(res.status == .ok, "page \(page)")
                #expect(res.body.string.contains("id=\"pager-past-end\""), "page \(page)")
                #expect(res.body.string.contains("Về trang cuối (trang 4)"), "page \(page)")
                #expect(res.body.string.contains("page=4"), "page \(page)")
            }
            let admin = WebSession(app: app)
            _ = try await admin.login("quantri")
            for path in ["/quan-tri/thu-tuc?page=99", "/quan-tri/nguoi-dung?page=99", "/quan-tri/nguoi-dung?page=1000000&per=100"] {
                let res = try await admin.get(path)
                #expect(res.status == .ok, "\(path)")
                #expect(res.body.string.contains("pager-past-end"), "\(path)")
            }
            let receptionist = WebSession(app: app)
            _ = try await receptionist.login("tiepnhan")
            for path in ["/mot-cua?page=99", "/xu-ly?page=99", "/xu-ly?page=8&status=all"] {
                #expect(try await receptionist.get(path).status == .ok, "\(path)")
            }
        }
    }

    @Test func theInboxPastItsLastPageLinksBack() async throws {
        try await withMotCua { app in
            let token = try await app.bearer("tiepnhan")
            for index in 1...3 {
                _ = try await app.createDossier(token: token, body: IntakeBody(procedureCode: ownAgencyProcedure, applicant: applicantJSON(index), channel: "counter"))
            }
            let web = WebSession(app: app)
            _ = try await web.login("tiepnhan")
            let res = try await web.get("/mot-cua?page=7&per=1")
            #expect(res.status == .ok)
            #expect(res.body.string.contains("Về trang cuối (trang 3)"))
        }
    }

    @Test func pagingOutsideItsBoundsIsA400InVietnameseEverywhere() async throws {
        try await withMotCua { app in
            let token = try await app.bearer("tiepnhan")
            let hostile = ["page=9223372036854775807", "page=99999999999999999999", "page=1000001", "page=0", "page=-1",
                           "page=abc", "page=1e3", "per=0", "per=101", "per=-5", "per=9223372036854775807"]
            for query in hostile {
                for path in ["/api/v1/procedures", "/api/v1/dossiers"] {
                    let res = try await app.testing().sendRequest(.GET, "\(path)?\(query)", headers: ["Authorization": "Bearer \(token)"])
                    #expect(res.status == .badRequest, "\(path)?\(query)")
                    let code = res.apiError?.error.code ?? ""
                    #expect(code == "invalid_page" || code == "invalid_per", "\(path)?\(query): \(res.body.string)")
                    #expect(res.apiError?.error.message.contains("phải là số nguyên") == true)
                }
                let page = try await app.testing().sendRequest(.GET, "/thu-tuc?\(query)")
                #expect(page.status == .badRequest, "/thu-tuc?\(query)")
                #expect(page.headers.contentType?.subType == "html")
            }
            // The largest page allowed is answered (empty), not refused and not trapped.
            let last = try await app.testing().sendRequest(.GET, "/api/v1/procedures?page=1000000&per=100")
            #expect(last.status == .ok)
            #expect(last.body.string.contains("\"items\":[]"))
        }
    }

    @Test func thePagerNeverBuildsAReversedRange() async throws {
        try await withMotCua(seed: false) { app in
            let request = Request(application: app, method: .GET, url: URI(string: "/thu-tuc?q=a&page=9"), on: app.eventLoopGroup.next())
            for (page, total) in [(9, 61), (1, 0), (2, 0), (1_000_000, 99_999_999), (4, 61), (1, 61), (2, 61)] {
                let pager = Pager(PageMetadata(page: page, per: 20, total: total), request: request)
                let count = PageMetadata(page: page, per: 20, total: total).pageCount
                #expect(pager.links.allSatisfy { (1...max(count, 1)).contains($0.number) })
                #expect((pager.backURL != nil) == (page > max(count, 1)), "page \(page) of \(count)")
                if page > 1, page <= count { #expect(pager.previousURL?.contains("page=\(page - 1)") == true) }
                if page < count { #expect(pager.nextURL?.contains("page=\(page + 1)") == true) }
                #expect(pager.links.allSatisfy { $0.url.contains("q=a") }, "filters are kept")
            }
            // "1 … 7 8 9 10 11 … 31": a gap is marked wherever pages are skipped, and only there.
            let middle = Pager(PageMetadata(page: 9, per: 20, total: 620), request: request)
            #expect(middle.links.map(\.number) == [1, 6, 7, 8, 9, 10, 11, 12, 31])
            #expect(middle.links.map(\.gapBefore) == [false, true, false, false, false, false, false, false, true])
            let start = Pager(PageMetadata(page: 1, per: 20, total: 80), request: request)
            #expect(start.links.allSatisfy { !$0.gapBefore })
        }
    }
}
