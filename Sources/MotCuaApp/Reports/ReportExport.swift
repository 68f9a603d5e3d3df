import Foundation
import Vapor

/// The report as CSV (UTF-8 with a byte-order mark, so that spreadsheet programs read Vietnamese right) or XLSX.
enum ReportExport {
    enum Format: String { case json, csv, xlsx }

    static func format(_ raw: String?) throws -> Format {
        let text = raw?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        if text.isEmpty { return .json }
        guard let format = Format(rawValue: text) else {
            throw AppError.badRequest("invalid_format", "Định dạng “\(text.prefix(20))” không hỗ trợ: dùng json, csv hoặc xlsx.")
        }
        return format
    }

    static func header(_ report: DossierReport) -> [String] {
        [DossierReport.Grouping(rawValue: report.groupBy)?.label ?? "Nhóm"] + report.columns.map(\.label)
    }

    static func lines(_ report: DossierReport) -> [(label: String, values: ReportFigures)] {
        report.rows.map { ($0.label, $0.values) } + [("Tổng cộng", report.total)]
    }

    static func csv(_ report: DossierReport) -> String {
        func field(_ text: String) -> String {
            // Formula-looking text is prefixed so that a spreadsheet never runs it.
            let safe = text.first.map { "=+-@".contains($0) } == true ? "'" + text : text
            return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        var out = "\u{FEFF}"
        out += header(report).map(field).joined(separator: ",") + "\r\n"
        for line in lines(report) {
            let numbers = report.columns.map { column -> String in
                column.isRate ? String(format: "%.1f", line.values.value(column.key)) : XLSXWorkbook.number(line.values.value(column.key))
            }
            out += ([field(line.label)] + numbers).joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func xlsx(_ report: DossierReport) throws -> Data {
        let rows = lines(report).map { line in
            [XLSXWorkbook.Cell.text(line.label)] + report.columns.map { .number(line.values.value($0.key)) }
        }
        let note: [XLSXWorkbook.Cell] = [.text("Cơ quan: \(report.agency.name) (\(report.agency.code)). Kỳ báo cáo: \(report.period.label).")]
        return try XLSXWorkbook(sheetName: "Báo cáo hồ sơ", header: header(report), rows: rows + [[], note],
                                widths: [48] + report.columns.map { _ in 14 }).data()
    }

    static func response(_ report: DossierReport, format: Format, for req: Request) async throws -> Response {
        let name = "bao-cao-ho-so-\(report.agency.code)-\(report.period.from)-\(report.period.to)"
        switch format {
        case .json:
            return try await report.encodeResponse(for: req)
        case .csv:
            let response = Response(status: .ok, body: .init(string: csv(report)))
            response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
            response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name).csv\"")
            return response
        case .xlsx:
            let response = Response(status: .ok, body: .init(data: try xlsx(report)))
            response.headers.replaceOrAdd(name: .contentType, value: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name).xlsx\"")
            return response
        }
    }
}
