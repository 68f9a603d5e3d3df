import Vapor

/// What every page's layout needs: who is signed in, the form token and where we are.
struct PageContext: Encodable {
    struct Viewer: Encodable {
        let username: String
        let fullName: String
        let roleLabels: String
        let agencyName: String?
        let isAdmin: Bool
        let isOfficer: Bool
        let isReceptionist: Bool
        let isProcessor: Bool
        let isLeader: Bool
        let isCitizen: Bool
        /// Clerks, specialists and leaders work with official documents (Documents/).
        let usesDocuments: Bool
    }

    let viewer: Viewer?
    let csrf: String
    let path: String

    /// `forms`: the page posts a form, so it needs a token even for an anonymous visitor.
    /// Pages without forms do not create a session for anonymous visitors (no database write per view).
    init(_ request: Request, forms: Bool = false) {
        path = request.url.path
        let user = request.auth.get(User.self)
        csrf = (user != nil || forms) ? CSRF.token(for: request) : ""
        if let user {
            viewer = Viewer(
                username: user.username, fullName: user.fullName,
                roleLabels: user.roles.map(\.label).joined(separator: ", "),
                agencyName: user.$agency.value??.name,
                isAdmin: user.has(.administrator),
                isOfficer: user.isOfficer,
                isReceptionist: user.has(.receptionist),
                isProcessor: user.hasAny(.specialist, .leader),
                isLeader: user.has(.leader),
                isCitizen: user.isCitizen,
                usesDocuments: user.isOfficer && user.hasAny(.clerk, .specialist, .leader))
        } else {
            viewer = nil
        }
    }
}

extension Request {
    private static let noticeKey = "notice"

    /// Redirects to a local page that will show `notice` once. The notice travels in the server-side session, never in
    /// the address: a link cannot make an official page display words of someone else's choosing.
    func redirect(to path: String, notice: String, query: [URLQueryItem] = []) -> Response {
        session.data[Self.noticeKey] = notice
        var components = URLComponents()
        components.path = path
        components.queryItems = query.isEmpty ? nil : query
        return redirect(to: components.string ?? path)
    }

    /// The notice left by the previous redirect, removed as it is read.
    func takeNotice() -> String? {
        guard let notice = session.data[Self.noticeKey] else { return nil }
        session.data[Self.noticeKey] = nil
        return notice
    }
}
