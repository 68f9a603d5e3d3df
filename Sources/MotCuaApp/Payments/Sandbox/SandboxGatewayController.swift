import Fluent
import NIOCore
import Vapor

/// The demo's own bank: speaks the gateway's side of the VNPAY 2.1.0 protocol under `/sandbox/vnpay/`, with the
/// demo terminal `MOTCUA01`. It checks the signature it receives, lets the tester choose the outcome, notifies the
/// merchant server to server (IPN), then sends the browser back with the signed result. Registered only in demo mode
/// without a configured gateway.
struct SandboxGatewayController: RouteCollection {
    /// How long "success but notify late" waits before its IPN: the return page is seen first.
    static let lateNotificationDelay: TimeAmount = .seconds(8)

    func boot(routes: RoutesBuilder) throws {
        let sandbox = routes.grouped("sandbox", "vnpay")
        sandbox.get("paymentv2", "vpcpay.html", use: paymentPage)
        sandbox.on(.POST, "paymentv2", "complete", body: .collect(maxSize: "64kb"), use: complete)
        sandbox.on(.POST, "merchant_webapi", "api", "transaction", body: .collect(maxSize: "16kb"), use: query)
    }

    enum Outcome: String, CaseIterable {
        case success, insufficient, cancel, late

        var label: String {
            switch self {
            case .success: return "Thanh toán thành công"
            case .insufficient: return "Tài khoản không đủ số dư"
            case .cancel: return "Hủy giao dịch"
            case .late: return "Thành công, nhưng báo kết quả (IPN) chậm"
            }
        }

        var responseCode: String {
            switch self {
            case .success, .late: return "00"
            case .insufficient: return "51"
            case .cancel: return "24"
            }
        }

        var transactionStatus: String { responseCode == "00" ? "00" : "02" }
    }

    struct BankPage: Encodable {
        let title: String
        let error: String?
        let merchant: String
        let amount: String
        let orderInfo: String
        let txnRef: String
        let expires: String
        let query: String
        let outcomes: [Choice]
        struct Choice: Encodable { let value: String; let label: String; let primary: Bool }
    }

    /// The checks a gateway makes before showing its page; nil when the order may be paid.
    private func problem(with parameters: [String: String], now: Date) -> String? {
        guard VNPayProtocol.verify(parameters, secret: PaymentSettings.sandboxSecret) else {
            return "Sai chữ ký (mã lỗi 70): yêu cầu thanh toán không do website đăng ký gửi, hoặc đã bị sửa trên đường đi."
        }
        guard parameters["vnp_TmnCode"] == PaymentSettings.sandboxTerminal else { return "Mã website (vnp_TmnCode) không tồn tại (mã lỗi 02)." }
        guard parameters["vnp_Version"] == VNPayProtocol.version, parameters["vnp_Command"] == "pay" else {
            return "Phiên bản hoặc lệnh không được hỗ trợ (mã lỗi 03)."
        }
        guard VNPayProtocol.amountVND(parameters["vnp_Amount"]).map({ $0 > 0 }) == true else { return "Số tiền không hợp lệ (mã lỗi 03)." }
        guard parameters["vnp_CurrCode"] == "VND" else { return "Chỉ hỗ trợ đồng Việt Nam (VND)." }
        guard let returnURL = parameters["vnp_ReturnUrl"], returnURL.hasPrefix("http://") || returnURL.hasPrefix("https://") else {
            return "Thiếu địa chỉ trả về (vnp_ReturnUrl)."
        }
        guard let txnRef = parameters["vnp_TxnRef"], !txnRef.isEmpty, txnRef.utf8.count <= 100 else { return "Thiếu mã tham chiếu giao dịch." }
        if let expiry = parameters["vnp_ExpireDate"].flatMap(VNPayProtocol.date(fromTimestamp:)), expiry < now {
            return "Giao dịch đã quá thời gian chờ thanh toán (mã lỗi 11). Vui lòng quay lại và thanh toán lại."
        }
        return nil
    }

    @Sendable func paymentPage(req: Request) async throws -> Response {
        let query = String((req.url.query ?? "").prefix(8_000))
        let parameters = VNPayProtocol.parseQuery(query)
        let error = problem(with: parameters, now: req.now)
        let page = BankPage(
            title: "Cổng thanh toán thử nghiệm", error: error, merchant: "MotCua – Một cửa điện tử (\(PaymentSettings.sandboxTerminal))",
            amount: VNPayProtocol.amountVND(parameters["vnp_Amount"]).map(VietnameseFormat.money) ?? "—",
            orderInfo: parameters["vnp_OrderInfo"] ?? "", txnRef: parameters["vnp_TxnRef"] ?? "",
            expires: parameters["vnp_ExpireDate"].flatMap(VNPayProtocol.date(fromTimestamp:)).map(VietnameseFormat.dateTime) ?? "—",
            query: query,
            outcomes: Outcome.allCases.map { .init(value: $0.rawValue, label: $0.label, primary: $0 == .success) })
        let response = try await req.view.render("Payments/sandbox-bank", page).encodeResponse(for: req)
        if error != nil { response.status = .badRequest }
        return response
    }

    struct CompleteForm: Content {
        var query: String?
        var outcome: String?
    }

    @Sendable func complete(req: Request) async throws -> Response {
        let form = try req.content.decode(CompleteForm.self)
        let query = String((form.query ?? "").prefix(8_000))
        let parameters = VNPayProtocol.parseQuery(query)
        if let error = problem(with: parameters, now: req.now) {
            throw AppError.badRequest("sandbox_invalid_request", error)
        }
        guard let outcome = Outcome(rawValue: form.outcome ?? "") else {
            throw AppError.badRequest("sandbox_outcome_required", "Vui lòng chọn một kết quả giao dịch.")
        }
        guard let txnRef = parameters["vnp_TxnRef"], let amount = parameters["vnp_Amount"], let returnURL = parameters["vnp_ReturnUrl"] else {
            throw AppError.badRequest("sandbox_invalid_request", "Yêu cầu thanh toán thiếu thông tin.")
        }
        let now = req.now
        // A bank settles a reference once: a second submission (Back, double click) replays the first result.
        let transaction: SandboxTransaction
        if let existing = try await SandboxTransaction.query(on: req.db).filter(\.$txnRef == txnRef).first() {
            transaction = existing
        } else {
            transaction = SandboxTransaction()
            transaction.id = UUID()
            transaction.txnRef = txnRef
            transaction.amountHundredths = Int(amount) ?? 0
            transaction.orderInfo = parameters["vnp_OrderInfo"] ?? ""
            transaction.responseCode = outcome.responseCode
            transaction.transactionStatus = outcome.transactionStatus
            transaction.transactionNo = String(Int.random(in: 10_000_000...99_999_999))
            transaction.bankCode = "NCB"
            transaction.payDate = VNPayProtocol.timestamp(now)
            transaction.createdAt = now
            do {
                try await req.writeTransaction { db in try await transaction.create(on: db) }
            } catch {
                guard let raced = try await SandboxTransaction.query(on: req.db).filter(\.$txnRef == txnRef).first() else { throw error }
                return req.redirect(to: Self.returnLocation(returnURL, result: Self.result(raced)))
            }
        }
        let result = Self.result(transaction)
        let app = req.application
        let ipnURL = app.ownBaseURL + "/api/v1/payments/vnpay/ipn?" + VNPayProtocol.signedQuery(result, secret: PaymentSettings.sandboxSecret)
        if outcome == .late {
            let delay = Self.lateNotificationDelay
            app.eventLoopGroup.next().scheduleTask(in: delay) {
                Task { await Self.notify(ipnURL, app: app) }
            }
        } else {
            await Self.notify(ipnURL, app: app)
        }
        return req.redirect(to: Self.returnLocation(returnURL, result: result))
    }

    private static func result(_ transaction: SandboxTransaction) -> [String: String] {
        [
            "vnp_Amount": String(transaction.amountHundredths),
            "vnp_BankCode": transaction.bankCode,
            "vnp_BankTranNo": "VNP" + transaction.transactionNo,
            "vnp_CardType": "ATM",
            "vnp_OrderInfo": transaction.orderInfo,
            "vnp_PayDate": transaction.payDate,
            "vnp_ResponseCode": transaction.responseCode,
            "vnp_TmnCode": PaymentSettings.sandboxTerminal,
            "vnp_TransactionNo": transaction.transactionNo,
            "vnp_TransactionStatus": transaction.transactionStatus,
            "vnp_TxnRef": transaction.txnRef,
        ]
    }

    private static func returnLocation(_ returnURL: String, result: [String: String]) -> String {
        returnURL + (returnURL.contains("?") ? "&" : "?") + VNPayProtocol.signedQuery(result, secret: PaymentSettings.sandboxSecret)
    }

    /// A gateway retries its notification until the merchant answers 00 or 02; the sandbox tries five times.
    static func notify(_ url: String, app: Application) async {
        for attempt in 1...5 {
            do {
                let response = try await app.client.get(URI(string: url)) { $0.timeout = .seconds(10) }
                if let answer = try? response.content.decode(VNPayIPNController.Answer.self), ["00", "02"].contains(answer.RspCode) { return }
                app.logger.warning("Sandbox: IPN lần \(attempt) được trả lời \(response.status.code).")
            } catch {
                app.logger.warning("Sandbox: IPN lần \(attempt) không gửi được: \(error)")
            }
            try? await Task.sleep(for: .seconds(2 * attempt))
        }
    }

    /// The gateway's `querydr`: what became of a reference, signed.
    @Sendable func query(req: Request) async throws -> Response {
        guard let message = try? req.content.decode([String: String].self) else {
            throw AppError.badRequest("sandbox_invalid_query", "Yêu cầu truy vấn phải là một đối tượng JSON gồm các trường vnp_*.")
        }
        var answer: [String: String] = [
            "vnp_ResponseId": UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased(),
            "vnp_Command": "querydr",
            "vnp_TmnCode": PaymentSettings.sandboxTerminal,
            "vnp_TxnRef": String((message["vnp_TxnRef"] ?? "").prefix(100)),
        ]
        if !VNPayQuery.verify(message, fields: VNPayQuery.requestFields, secret: PaymentSettings.sandboxSecret)
            || message["vnp_TmnCode"] != PaymentSettings.sandboxTerminal || message["vnp_Command"] != "querydr" {
            answer["vnp_ResponseCode"] = "97"
            answer["vnp_Message"] = "Invalid checksum"
        } else if let transaction = try await SandboxTransaction.query(on: req.db).filter(\.$txnRef == (message["vnp_TxnRef"] ?? "")).first() {
            answer["vnp_ResponseCode"] = "00"
            answer["vnp_Message"] = "QueryDR Success"
            answer["vnp_Amount"] = String(transaction.amountHundredths)
            answer["vnp_BankCode"] = transaction.bankCode
            answer["vnp_PayDate"] = transaction.payDate
            answer["vnp_TransactionNo"] = transaction.transactionNo
            answer["vnp_TransactionType"] = "01"
            answer["vnp_TransactionStatus"] = transaction.transactionStatus
            answer["vnp_OrderInfo"] = transaction.orderInfo
        } else {
            answer["vnp_ResponseCode"] = "91"
            answer["vnp_Message"] = "Not found transaction"
        }
        let signed = VNPayQuery.sign(answer, fields: VNPayQuery.responseFields, secret: PaymentSettings.sandboxSecret)
        return try await signed.encodeResponse(for: req)
    }
}
