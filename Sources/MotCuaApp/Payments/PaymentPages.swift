import Fluent
import Vapor
import MotCuaCore

/// The pages around a payment: the applicant's "pay now", the officer's QR and cash payment, the browser's return
/// from the gateway (which only shows), and the printable receipt.
struct PaymentPages: RouteCollection {
    static let returnPath = "/thanh-toan/ket-qua"

    func boot(routes: RoutesBuilder) throws {
        routes.get("thanh-toan", "ket-qua", use: returned)
        routes.get("bien-lai", ":id", use: receipt)
        routes.post("ho-so-cua-toi", ":code", "thanh-toan", use: citizenPays)
        routes.post("ho-so", ":code", "thanh-toan", use: officerShowsQR)
        routes.get("ho-so", ":code", "thanh-toan", ":id", use: qrPage)
        routes.post("ho-so", ":code", "thanh-toan", "tien-mat", use: recordCash)
    }

    // MARK: Starting

    @Sendable func citizenPays(req: Request) async throws -> Response {
        let user = try DraftService.requireCitizen(req)
        let code = req.parameters.get("code") ?? ""
        let dossier = try await OwnerDossiers.find(code: code, owner: user, on: req.db)
        do {
            let payment = try await PaymentService.startOnline(dossier, by: user, request: req)
            return req.redirect(to: payment.paymentURL ?? "/ho-so-cua-toi/\(dossier.code)")
        } catch let error as AppError {
            return req.redirect(to: "/ho-so-cua-toi/\(dossier.code)", notice: error.message)
        }
    }

    @Sendable func officerShowsQR(req: Request) async throws -> Response {
        let scope = try await DossierScope.of(req)
        let dossier = try await scope.find(code: req.parameters.get("code") ?? "", on: req.db)
        do {
            let payment = try await PaymentService.startOnline(dossier, by: scope.user, request: req)
            return req.redirect(to: "/ho-so/\(dossier.code)/thanh-toan/\(try payment.requireID().uuidString)")
        } catch let error as AppError {
            return req.redirect(to: "/ho-so/\(dossier.code)", notice: error.message)
        }
    }

    struct QRPage: Encodable {
        let title: String
        let page: PageContext
        let code: String
        let amount: String
        let state: String
        let css: String
        let pending: Bool
        let paid: Bool
        let qrSVG: String?
        let paymentURL: String?
        let expires: String
        let receiptURL: String?
    }

    @Sendable func qrPage(req: Request) async throws -> View {
        let scope = try await DossierScope.of(req)
        let dossier = try await scope.find(code: req.parameters.get("code") ?? "", on: req.db)
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let payment = try await Payment.query(on: req.db).filter(\.$id == id).filter(\.$dossier.$id == dossier.requireID()).first()
        else { throw AppError(.notFound, "payment_not_found", "Không tìm thấy giao dịch thanh toán này của hồ sơ.") }
        let pending = payment.state == .pending
        let url = pending ? payment.paymentURL : nil
        return try await req.view.render("Payments/qr", QRPage(
            title: "Thanh toán phí, lệ phí – \(dossier.code)", page: PageContext(req), code: dossier.code,
            amount: VietnameseFormat.money(payment.amount), state: payment.state.label, css: payment.state.css,
            pending: pending, paid: payment.state == .paid,
            qrSVG: try url.map { try QRCode($0).svg(moduleSize: 4, quietZone: 4) }, paymentURL: url,
            expires: VietnameseFormat.dateTime(payment.expiresAt),
            receiptURL: payment.state == .paid ? "/bien-lai/\(id.uuidString)" : nil))
    }

    @Sendable func recordCash(req: Request) async throws -> Response {
        let scope = try await DossierScope.of(req)
        let dossier = try await scope.find(code: req.parameters.get("code") ?? "", on: req.db)
        let form = try await PostedForm.read(req)
        guard form.value("confirm") == "1" else {
            return req.redirect(to: "/ho-so/\(dossier.code)", notice: "Hãy đánh dấu “Đã nhận đủ tiền mặt” trước khi ghi nhận.")
        }
        do {
            let payment = try await PaymentService.recordCash(dossier, by: scope.user, request: req)
            return req.redirect(to: "/bien-lai/\(try payment.requireID().uuidString)",
                                notice: "Đã ghi nhận nộp tiền mặt \(VietnameseFormat.money(payment.amount)); biên lai số \(payment.receiptNumber ?? "").")
        } catch let error as AppError {
            return req.redirect(to: "/ho-so/\(dossier.code)", notice: error.message)
        }
    }

    // MARK: The browser's return

    struct ResultPage: Encodable {
        let title: String
        let page: PageContext
        let valid: Bool
        let headline: String
        let detail: String?
        let css: String
        /// The bank said yes but its notification has not arrived yet: the page looks again by itself.
        let awaiting: Bool
        let code: String?
        let amount: String?
        let txnRef: String?
        let receiptURL: String?
        let dossierURL: String?
    }

    @Sendable func returned(req: Request) async throws -> View {
        let query = String((req.url.query ?? "").prefix(8_000))
        let parameters = VNPayProtocol.parseQuery(query)
        let settings = req.application.paymentSettings
        func render(_ page: ResultPage) async throws -> View { try await req.view.render("Payments/result", page) }
        guard settings.isOnline, VNPayProtocol.verify(parameters, secret: settings.hashSecret), let txnRef = parameters["vnp_TxnRef"],
              let payment = try await Payment.query(on: req.db).filter(\.$txnRef == txnRef).with(\.$dossier).first()
        else {
            return try await render(ResultPage(
                title: "Kết quả thanh toán", page: PageContext(req), valid: false, headline: "Không xác thực được kết quả thanh toán",
                detail: "Thông tin trả về không có chữ ký hợp lệ của cổng thanh toán, hoặc không khớp giao dịch nào. Không có khoản nào được ghi nhận từ trang này; nếu tài khoản đã bị trừ tiền, hệ thống sẽ tự đối soát với ngân hàng.",
                css: "danger", awaiting: false, code: nil, amount: nil, txnRef: nil, receiptURL: nil, dossierURL: nil))
        }
        let dossier = payment.dossier
        let viewer = req.auth.get(User.self)
        let mayOpen = try await PaymentAccess.canSee(payment, dossier: dossier, request: req)
        let bankSaysPaid = parameters["vnp_ResponseCode"] == "00" && parameters["vnp_TransactionStatus"] == "00"
        let headline: String, detail: String?, css: String
        switch payment.state {
        case .paid:
            headline = "Thanh toán thành công"
            detail = "Đã nhận \(VietnameseFormat.money(payment.amount)) cho hồ sơ \(dossier.code); biên lai số \(payment.receiptNumber ?? "")."
            css = "ok"
        case .pending where bankSaysPaid:
            headline = "Ngân hàng báo giao dịch thành công – đang chờ xác nhận"
            detail = "Hệ thống ghi nhận khoản nộp khi nhận được xác nhận trực tiếp từ cổng thanh toán (thường trong vài giây). Trang này tự cập nhật."
            css = "warn"
        case .pending, .failed:
            headline = "Thanh toán không thành công"
            detail = payment.failure ?? VNPayProtocol.responseLabel(parameters["vnp_ResponseCode"])
            css = "danger"
        case .expired:
            headline = "Giao dịch đã hết hạn"
            detail = "Vui lòng thanh toán lại từ trang hồ sơ."
            css = "danger"
        }
        return try await render(ResultPage(
            title: "Kết quả thanh toán", page: PageContext(req), valid: true, headline: headline, detail: detail, css: css,
            awaiting: payment.state == .pending && bankSaysPaid, code: dossier.code, amount: VietnameseFormat.money(payment.amount),
            txnRef: payment.txnRef,
            receiptURL: mayOpen && payment.state == .paid ? "/bien-lai/\(try payment.requireID().uuidString)" : nil,
            dossierURL: mayOpen ? (viewer?.isCitizen == true ? "/ho-so-cua-toi/\(dossier.code)" : "/ho-so/\(dossier.code)") : nil))
    }

    // MARK: The receipt

    struct ReceiptPage: Encodable {
        let title: String
        let agencyParent: String?
        let agencyName: String
        let dateLine: String
        let receiptNumber: String
        let payer: String
        let payerAddress: String?
        let code: String
        let procedureName: String
        let reason: String
        let amount: String
        let amountWords: String
        let method: String
        let transactionNo: String?
        let paidAt: String
        let collector: String
        let qrSVG: String
        let lookupURL: String
        let backURL: String
    }

    @Sendable func receipt(req: Request) async throws -> View {
        let notFound = AppError(.notFound, "receipt_not_found", "Không tìm thấy biên lai này.")
        guard let id = req.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let payment = try await Payment.query(on: req.db).filter(\.$id == id).with(\.$dossier).first(),
              payment.state == .paid, let number = payment.receiptNumber
        else { throw notFound }
        let viewer = try req.requireUser()
        let dossier = payment.dossier
        guard try await PaymentAccess.canSee(payment, dossier: dossier, request: req) else { throw notFound }
        let procedure = try await dossier.$procedure.get(on: req.db)
        let agency = try await dossier.$receivingAgency.get(on: req.db)
        let parent = try await agency.$parent.get(on: req.db)
        let demand = try await FeeDemand.find(payment.demandID, on: req.db)
        let collector = payment.paymentMethod == .cash
            ? (try await User.find(payment.$createdBy.id, on: req.db)?.fullName ?? "")
            : "Thu qua cổng thanh toán điện tử"
        let paidAt = payment.paidAt ?? payment.createdAt
        let lookupURL = LookupLink.url(dossier.code, request: req)
        return try await req.view.render("Payments/receipt", ReceiptPage(
            title: "Biên lai thu phí, lệ phí \(number)",
            agencyParent: parent?.name.uppercased(with: SlipBuilder.vietnamese), agencyName: agency.name.uppercased(with: SlipBuilder.vietnamese),
            dateLine: SlipBuilder.dateLine(paidAt, place: agency.placeName), receiptNumber: number,
            payer: dossier.applicantName, payerAddress: dossier.applicantAddress, code: dossier.code, procedureName: procedure.name,
            reason: demand?.reason ?? "Phí, lệ phí giải quyết thủ tục hành chính",
            amount: VietnameseFormat.money(payment.amount), amountWords: VietnameseNumberWords.money(payment.amount),
            method: payment.paymentMethod.label, transactionNo: payment.gatewayTransactionNo,
            paidAt: VietnameseFormat.dateTime(paidAt), collector: collector,
            qrSVG: try QRCode(lookupURL).svg(moduleSize: 3, quietZone: 4), lookupURL: lookupURL,
            backURL: viewer.isCitizen ? "/ho-so-cua-toi/\(dossier.code)" : "/ho-so/\(dossier.code)"))
    }
}
