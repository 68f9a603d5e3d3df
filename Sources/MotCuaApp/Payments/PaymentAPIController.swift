import Fluent
import Vapor

/// `POST /api/v1/dossiers/{code}/payments` starts paying what is due now; `GET` lists the attempts with their states.
/// The applicant who owns the dossier, or an officer of its agency (who shows the link as a QR at the counter).
struct PaymentAPIController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        let payments = routes.grouped("dossiers", ":code", "payments")
        payments.post(use: start)
        payments.get(use: list)
    }

    struct StartedPayment: Content {
        let id: UUID
        let txnRef: String
        let amount: Int
        let paymentUrl: String
    }

    struct PaymentItem: Content {
        let id: UUID
        let txnRef: String
        let amount: Int
        let method: String
        let state: String
        let createdAt: Date
        let expiresAt: Date
        let paidAt: Date?
        let receiptNumber: String?
        let failure: String?
        let paymentUrl: String?

        init(_ payment: Payment) throws {
            id = try payment.requireID()
            txnRef = payment.txnRef
            amount = payment.amount
            method = payment.method
            state = payment.state.rawValue
            createdAt = payment.createdAt
            expiresAt = payment.expiresAt
            paidAt = payment.paidAt
            receiptNumber = payment.receiptNumber
            failure = payment.failure
            paymentUrl = payment.state == .pending ? payment.paymentURL : nil
        }
    }

    @Sendable func start(req: Request) async throws -> Response {
        let (dossier, user) = try await PaymentAccess.dossier(req)
        let payment = try await PaymentService.startOnline(dossier, by: user, request: req)
        let body = StartedPayment(id: try payment.requireID(), txnRef: payment.txnRef, amount: payment.amount, paymentUrl: payment.paymentURL ?? "")
        return try await body.encodeResponse(status: .created, for: req)
    }

    @Sendable func list(req: Request) async throws -> [PaymentItem] {
        let (dossier, _) = try await PaymentAccess.dossier(req)
        return try await Payment.query(on: req.db).filter(\.$dossier.$id == dossier.requireID()).sort(\.$createdAt, .descending)
            .limit(PaymentAccess.listLimit).all().map(PaymentItem.init)
    }
}

/// Who may see and pay a dossier's fees: its owner, or an officer who sees the dossier.
enum PaymentAccess {
    /// A dossier has a handful of attempts; the bound only guards the answer's size.
    static let listLimit = 100

    static func dossier(_ req: Request) async throws -> (Dossier, User) {
        let user = try req.requireUser()
        let code = req.parameters.get("code") ?? ""
        if user.isCitizen {
            return (try await OwnerDossiers.find(code: code, owner: user, on: req.db), user)
        }
        let scope = try await DossierScope.of(req)
        return (try await scope.find(code: code, on: req.db), scope.user)
    }

    /// For a payment found by id (receipt page): the same rule.
    static func canSee(_ payment: Payment, dossier: Dossier, request req: Request) async throws -> Bool {
        guard let user = req.auth.get(User.self) else { return false }
        if user.isCitizen { return dossier.$owner.id != nil && dossier.$owner.id == user.id }
        guard let scope = try? await DossierScope.of(req) else { return false }
        return scope.canSee(dossier)
    }
}
