import Foundation

/// Charts drawn on the server as SVG text (no script, no external file): grouped bars per month, a share bar,
/// and horizontal timeliness bars per agency. Labels are escaped; sizes come from counts, never from input text.
enum ReportCharts {
    struct Month: Sendable { let label: String; let received: Int; let resolved: Int }
    struct Share: Sendable { let label: String; let value: Int; let color: String }
    struct AgencyTimeliness: Sendable { let label: String; let early: Int; let onTime: Int; let late: Int }

    static let receivedColor = "#1f5fa8", resolvedColor = "#2e7d32", earlyColor = "#2e7d32", onTimeColor = "#1f5fa8", lateColor = "#b3261e"

    static func escape(_ text: String) -> String { XLSXWorkbook.escape(text) }

    static func perMonth(_ months: [Month], title: String) -> String {
        let width = 720.0, height = 260.0, left = 56.0, bottom = 40.0, top = 24.0
        let maxValue = max(1, months.map { max($0.received, $0.resolved) }.max() ?? 1)
        let slot = (width - left - 8) / Double(max(months.count, 1))
        let bar = max(2, slot * 0.38)
        var svg = ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(Int(width)) \##(Int(height))" role="img" aria-label="\##(escape(title))" class="chart">"##
        svg += "<title>\(escape(title))</title>"
        for step in 0...4 {
            let value = maxValue * step / 4
            let y = height - bottom - (height - bottom - top) * Double(step) / 4
            svg += ##"<line x1="\##(left)" y1="\##(y)" x2="\##(width - 8)" y2="\##(y)" stroke="#d0d7de" stroke-width="1"/>"##
            svg += ##"<text x="\##(left - 6)" y="\##(y + 4)" font-size="11" text-anchor="end" fill="#333">\##(StatisticsReportView.number(value))</text>"##
        }
        for (index, month) in months.enumerated() {
            let x = left + slot * Double(index) + slot * 0.1
            for (offset, (value, color, name)) in [(month.received, receivedColor, "tiếp nhận"), (month.resolved, resolvedColor, "giải quyết")].enumerated() {
                let h = (height - bottom - top) * Double(value) / Double(maxValue)
                svg += ##"<rect x="\##(x + Double(offset) * bar)" y="\##(height - bottom - h)" width="\##(bar)" height="\##(h)" fill="\##(color)"><title>\##(escape(month.label)): \##(StatisticsReportView.number(value)) hồ sơ \##(name)</title></rect>"##
            }
            if months.count <= 12 || index % max(1, months.count / 12) == 0 {
                svg += ##"<text x="\##(x + bar)" y="\##(height - bottom + 16)" font-size="11" text-anchor="middle" fill="#333">\##(escape(month.label))</text>"##
            }
        }
        svg += ##"<rect x="\##(left)" y="\##(height - 14)" width="10" height="10" fill="\##(receivedColor)"/><text x="\##(left + 14)" y="\##(height - 5)" font-size="11" fill="#333">Tiếp nhận mới</text>"##
        svg += ##"<rect x="\##(left + 120)" y="\##(height - 14)" width="10" height="10" fill="\##(resolvedColor)"/><text x="\##(left + 134)" y="\##(height - 5)" font-size="11" fill="#333">Đã giải quyết</text>"##
        return svg + "</svg>"
    }

    static func shares(_ parts: [Share], title: String) -> String {
        let width = 720.0, total = max(1, parts.map(\.value).reduce(0, +))
        let percents = PercentageSplit.split(parts.map(\.value), decimals: 1)
        var svg = ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(Int(width)) \##(40 + 20 * parts.count)" role="img" aria-label="\##(escape(title))" class="chart">"##
        svg += "<title>\(escape(title))</title>"
        var x = 0.0
        for part in parts {
            let w = width * Double(part.value) / Double(total)
            svg += ##"<rect x="\##(x)" y="0" width="\##(w)" height="24" fill="\##(part.color)"/>"##
            x += w
        }
        for (index, part) in parts.enumerated() {
            let y = 44 + 20 * index
            svg += ##"<rect x="0" y="\##(y - 10)" width="10" height="10" fill="\##(part.color)"/>"##
            svg += ##"<text x="16" y="\##(y)" font-size="12" fill="#222">\##(escape(part.label)): \##(StatisticsReportView.number(part.value)) (\##(StatisticsReportView.percent(percents[index])))</text>"##
        }
        return svg + "</svg>"
    }

    static func timelinessPerAgency(_ rows: [AgencyTimeliness], title: String) -> String {
        let width = 720.0, labelWidth = 260.0, rowHeight = 22.0
        var svg = ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(Int(width)) \##(Int(rowHeight * Double(rows.count) + 30))" role="img" aria-label="\##(escape(title))" class="chart">"##
        svg += "<title>\(escape(title))</title>"
        for (index, row) in rows.enumerated() {
            let y = rowHeight * Double(index)
            let total = max(1, row.early + row.onTime + row.late)
            svg += ##"<text x="\##(labelWidth - 6)" y="\##(y + 15)" font-size="11" text-anchor="end" fill="#222">\##(escape(String(row.label.prefix(40))))</text>"##
            var x = labelWidth
            for (value, color) in [(row.early, earlyColor), (row.onTime, onTimeColor), (row.late, lateColor)] {
                let w = (width - labelWidth - 60) * Double(value) / Double(total)
                svg += ##"<rect x="\##(x)" y="\##(y + 4)" width="\##(w)" height="14" fill="\##(color)"/>"##
                x += w
            }
            let rate = PercentageSplit.percent(row.early + row.onTime, of: row.early + row.onTime + row.late, decimals: 1)
            svg += ##"<text x="\##(width - 54)" y="\##(y + 15)" font-size="11" fill="#222">\##(StatisticsReportView.percent(rate))</text>"##
        }
        let y = rowHeight * Double(rows.count) + 20
        for (index, (name, color)) in [("Trước hạn", earlyColor), ("Đúng hạn", onTimeColor), ("Trễ hạn", lateColor)].enumerated() {
            let x = labelWidth + Double(index) * 110
            svg += ##"<rect x="\##(x)" y="\##(y - 10)" width="10" height="10" fill="\##(color)"/><text x="\##(x + 14)" y="\##(y)" font-size="11" fill="#222">\##(name)</text>"##
        }
        return svg + "</svg>"
    }
}
