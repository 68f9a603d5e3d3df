import Fluent
import MotCuaCore
import Vapor

/// The incoming and outgoing registers of a period (Decree 30/2020, Appendix IV): printable on A4 with the decree's
/// columns, and the same rows as CSV (UTF-8 with a BOM, so spreadsheet programs read the Vietnamese letters).
/// Confidential documents are kept in registers of their own (`mat=1`), as they are numbered apart.
struct RegisterBook: Encodable {
    let title: String
    let page: PageContext
    let register: String
    let isIncoming: Bool
    let confidential: Bool
    let agencyName: String
    let periodLabel: String
    let from: String
    let to: String
    let columns: [String]
    let columnNumbers: [Int]
    let rows: [[String]]
    let truncated: Bool
    let csvURL: String
    let otherRegisterURL: String

    static let maxRows = 2_000

    static func book(_ req: Request) throws -> DocumentRegister {
        switch req.parameters.get("register") {
        case "den": return .incoming
        case "di": return .outgoing
        default: throw AppError.notFound("Không có sổ này: chọn sổ văn bản đến (/van-ban/so/den) hoặc sổ văn bản đi (/van-ban/so/di).")
        }
    }

    static func columns(_ register: DocumentRegister) -> [String] {
        register == .incoming
            ? ["Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu nội dung", "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận", "Ghi chú"]
            : ["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung", "Người ký", "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú"]
    }

    static func rows(_ req: Request, scope: DocumentScope, register: DocumentRegister, period: StatisticsPeriod, confidential: Bool,
                     limit: Int) async throws -> [[String]] {
        let query = scope.apply(OfficialDocument.query(on: req.db)).filter(\.$register == register.rawValue)
        let secret = DocumentConfidentiality.normal.rawValue
        if confidential { query.filter(\.$confidentiality != secret) } else { query.filter(\.$confidentiality == secret) }
        if register == .incoming {
            query.filter(\.$receivedAt >= period.start).filter(\.$receivedAt < period.end).sort(\.$receivedAt).sort(\.$number)
        } else {
            query.filter(\.$issuedAt >= period.start).filter(\.$issuedAt < period.end).sort(\.$number)
        }
        let documents = try await query.limit(limit).all()
        let day = { (iso: String?) in iso.flatMap(LocalDate.init(iso:)).map(VietnameseFormat.day) ?? "" }
        if register == .incoming {
            return documents.map { d in
                [d.receivedAt.map(VietnameseFormat.dateTime) ?? "", d.number.map(String.init) ?? "", d.issuerName, d.notation ?? "",
                 day(d.documentDate), "\(d.typeName): \(d.summary)", [d.unitName, d.leadName].compactMap { $0 }.joined(separator: " – "),
                 d.assignedAt.map(VietnameseFormat.date) ?? "", "", notes(d)]
            }
        }
        let ids = documents.compactMap(\.id)
        var signers: [UUID: String] = [:]
        var copies: [UUID: Int] = [:]
        if !ids.isEmpty {
            for event in try await DocumentEvent.query(on: req.db).filter(\.$document.$id ~~ ids).filter(\.$action == OutgoingAction.sign.rawValue).all() {
                signers[event.$document.id] = event.actorName
            }
            for recipient in try await DocumentRecipient.query(on: req.db).filter(\.$document.$id ~~ ids).all() {
                copies[recipient.$document.id, default: 0] += 1
            }
        }
        return documents.map { d in
            let id = d.id ?? UUID()
            return [d.notation ?? "", day(d.documentDate), "\(d.typeName): \(d.summary)", signers[id] ?? "", d.recipientsText ?? "",
                    d.unitName ?? "", String(copies[id, default: 0]), d.issuedAt.map(VietnameseFormat.date) ?? "", "", notes(d)]
        }
    }

    static func notes(_ d: OfficialDocument) -> String {
        [d.urgencyValue == .normal ? nil : d.urgencyValue.label, d.confidentialityValue.isConfidential ? d.confidentialityValue.label : nil,
         d.isIncoming && d.channel == "electronic" ? "Điện tử" : nil].compactMap { $0 }.joined(separator: ", ")
    }

    static func build(_ req: Request, scope: DocumentScope) async throws -> RegisterBook {
        let register = try book(req)
        let period = try StatisticsPeriod(from: req.query[String.self, at: "from"], to: req.query[String.self, at: "to"], now: req.now)
        let confidential = req.query[String.self, at: "mat"] == "1"
        let rows = try await rows(req, scope: scope, register: register, period: period, confidential: confidential, limit: maxRows + 1)
        let slug = register == .incoming ? "den" : "di"
        let query = "from=\(period.from.iso)&to=\(period.to.iso)\(confidential ? "&mat=1" : "")"
        let name = (register == .incoming ? "Sổ đăng ký văn bản đến" : "Sổ đăng ký văn bản đi") + (confidential ? " (văn bản mật)" : "")
        return RegisterBook(
            title: name, page: PageContext(req), register: slug, isIncoming: register == .incoming, confidential: confidential,
            agencyName: scope.agency.name, periodLabel: "Từ ngày \(VietnameseFormat.day(period.from)) đến ngày \(VietnameseFormat.day(period.to))",
            from: period.from.iso, to: period.to.iso, columns: columns(register), columnNumbers: Array(columns(register).indices.map { $0 + 1 }), rows: Array(rows.prefix(maxRows)),
            truncated: rows.count > maxRows, csvURL: "/van-ban/so/\(slug)/csv?\(query)",
            otherRegisterURL: "/van-ban/so/\(register == .incoming ? "di" : "den")?from=\(period.from.iso)&to=\(period.to.iso)")
    }

    static func csv(_ req: Request, scope: DocumentScope) async throws -> Response {
        let register = try book(req)
        let period = try StatisticsPeriod(from: req.query[String.self, at: "from"], to: req.query[String.self, at: "to"], now: req.now)
        let confidential = req.query[String.self, at: "mat"] == "1"
        let rows = try await rows(req, scope: scope, register: register, period: period, confidential: confidential, limit: 20_000)
        var text = "\u{FEFF}"
        for row in [columns(register)] + rows {
            text += row.map(CSVField.quote).joined(separator: ",") + "\r\n"
        }
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.replaceOrAdd(name: .contentType, value: "text/csv; charset=utf-8")
        let file = "so-van-ban-\(register == .incoming ? "den" : "di")\(confidential ? "-mat" : "")-\(period.from.iso)-\(period.to.iso).csv"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(file)\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }
}

enum CSVField {
    /// RFC 4180 quoting; a leading =, +, - or @ is prefixed with an apostrophe so a spreadsheet never runs it as a formula.
    static func quote(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@".contains(first) { text = "'" + text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
