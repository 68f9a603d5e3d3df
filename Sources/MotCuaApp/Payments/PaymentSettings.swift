import Vapor

/// The payment gateway's terminal, read once from the environment: `MOTCUA_VNPAY_URL`, `MOTCUA_VNPAY_TMN_CODE`,
/// `MOTCUA_VNPAY_HASH_SECRET` (all three, or none), and optionally `MOTCUA_VNPAY_QUERY_URL` for reconciliation.
/// In demo mode with none set, MotCua's own sandbox bank answers under `/sandbox/vnpay/`; outside demo mode the
/// sandbox never exists, and without a terminal only cash payments are recorded.
struct PaymentSettings: Sendable {
    static let sandboxTerminal = "MOTCUA01"
    static let sandboxSecret = "MOTCUA-DEMO-SECRET-2026"
    static let sandboxPayPath = "/sandbox/vnpay/paymentv2/vpcpay.html"
    static let sandboxQueryPath = "/sandbox/vnpay/merchant_webapi/api/transaction"

    enum Gateway: Sendable {
        case none
        /// The sandbox is served by this very process: its URLs are built from the request's own address.
        case sandbox
        case external(payURL: String, queryURL: String?)
    }

    var gateway: Gateway = .none
    var terminalCode = ""
    var hashSecret = ""
    /// How long a payment page stays valid at the gateway (`vnp_ExpireDate`).
    var expiry: TimeInterval = 15 * 60

    var usesSandbox: Bool { if case .sandbox = gateway { return true } else { return false } }
    var isOnline: Bool { if case .none = gateway { return false } else { return true } }

    struct ConfigurationError: Error, CustomStringConvertible { let description: String }

    static func fromEnvironment(demoMode: Bool) throws -> PaymentSettings {
        func value(_ name: String) -> String? {
            guard let text = Environment.get(name)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        let url = value("MOTCUA_VNPAY_URL"), code = value("MOTCUA_VNPAY_TMN_CODE"), secret = value("MOTCUA_VNPAY_HASH_SECRET")
        var settings = PaymentSettings()
        if let minutes = value("MOTCUA_PAYMENT_EXPIRY_MINUTES").flatMap(Int.init), (1...1_440).contains(minutes) {
            settings.expiry = TimeInterval(minutes * 60)
        }
        switch (url, code, secret) {
        case let (url?, code?, secret?):
            guard url.lowercased().hasPrefix("https://") || url.lowercased().hasPrefix("http://") else {
                throw ConfigurationError(description: "MOTCUA_VNPAY_URL “\(url)” phải là một địa chỉ http(s)://")
            }
            settings.gateway = .external(payURL: url, queryURL: value("MOTCUA_VNPAY_QUERY_URL"))
            settings.terminalCode = code
            settings.hashSecret = secret
        case (nil, nil, nil):
            if demoMode {
                settings.gateway = .sandbox
                settings.terminalCode = sandboxTerminal
                settings.hashSecret = sandboxSecret
            }
        default:
            throw ConfigurationError(description: "Cấu hình cổng thanh toán thiếu: cần đủ MOTCUA_VNPAY_URL, MOTCUA_VNPAY_TMN_CODE và MOTCUA_VNPAY_HASH_SECRET (hoặc không đặt biến nào).")
        }
        return settings
    }
}

extension Application {
    private struct PaymentSettingsKey: StorageKey { typealias Value = PaymentSettings }
    var paymentSettings: PaymentSettings {
        get { storage[PaymentSettingsKey.self] ?? PaymentSettings() }
        set { storage[PaymentSettingsKey.self] = newValue }
    }

    /// This process's own HTTP address, for the sandbox bank's calls to its merchant (IPN) and the reconciler's
    /// queries to the sandbox: both sides live here, and loopback is always reachable.
    var ownBaseURL: String {
        let configuration = http.server.configuration
        var host = configuration.hostname
        if host == "0.0.0.0" || host == "::" || host.isEmpty { host = "127.0.0.1" }
        let port = http.server.shared.localAddress?.port ?? configuration.port
        return "http://\(host):\(port)"
    }
}
