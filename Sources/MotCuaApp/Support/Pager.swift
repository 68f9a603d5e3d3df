import Foundation
import Vapor

/// The pager under every HTML list: numbered links around the current page, previous/next, and — for a page past
/// the last one, which a bookmark or a shrinking list can produce — a note with a link back instead of an error.
struct Pager: Encodable {
    struct Link: Encodable {
        let number: Int
        let url: String
        let current: Bool
        /// Pages are skipped before this one: the template shows "…" ("1 … 5 6 7 … 31").
        let gapBefore: Bool
    }

    let page: Int
    let pageCount: Int
    let links: [Link]
    let previousURL: String?
    let nextURL: String?
    /// Set when the requested page lies past the last one: where to go back to.
    let backURL: String?
    let backLabel: String?

    var isEmpty: Bool { links.isEmpty && backURL == nil }

    init(_ metadata: PageMetadata, request: Request, window: Int = 3) {
        let count = metadata.pageCount
        let page = metadata.page
        var components = URLComponents(string: request.url.string) ?? URLComponents()
        let kept = (components.queryItems ?? []).filter { $0.name != "page" }
        func url(_ number: Int) -> String {
            components.queryItems = kept + [URLQueryItem(name: "page", value: "\(number)")]
            return components.string ?? "?page=\(number)"
        }
        self.page = page
        self.pageCount = count
        if page > max(count, 1) {
            backURL = url(max(count, 1))
            backLabel = count <= 1 ? "Về trang đầu" : "Về trang cuối (trang \(count))"
        } else {
            backURL = nil
            backLabel = nil
        }
        guard count > 1 else {
            links = []; previousURL = nil; nextURL = nil
            return
        }
        // Both bounds are clamped into 1...count, so the range is never reversed, whatever page was asked for.
        let upper = min(count, max(1, page.addingReportingOverflow(window).overflow ? count : page + window))
        let lower = max(1, min(upper, page - window))
        var numbers = Array(lower...upper)
        if lower > 1 { numbers.insert(1, at: 0) }
        if upper < count { numbers.append(count) }
        links = numbers.enumerated().map { index, number in
            Link(number: number, url: url(number), current: number == page, gapBefore: index > 0 && numbers[index - 1] + 1 < number)
        }
        previousURL = page > 1 && page <= count ? url(page - 1) : nil
        nextURL = page < count ? url(page + 1) : nil
    }
}
