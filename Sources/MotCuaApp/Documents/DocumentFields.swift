import Foundation
import MotCuaCore
import Vapor

/// The checks every document form and API body shares: one message per refused field, in Vietnamese.
enum DocumentFields {
    static let notation = TextRules.Field("notation", "Số, ký hiệu", maxCharacters: 60)
    static let summary = TextRules.Field("summary", "Trích yếu nội dung", maxCharacters: 1_000, multiline: true)
    static let issuerName = TextRules.Field("issuer", "Cơ quan ban hành", maxCharacters: 200)
    static let unit = TextRules.Field("unit", "Đơn vị", maxCharacters: 200)
    static let recipient = TextRules.Field("recipients", "Nơi nhận", maxCharacters: 200)
    static let handler = TextRules.Field("lead", "Người hoặc đơn vị xử lý", maxCharacters: 200)
    static let instruction = TextRules.Field("instruction", "Ý kiến chỉ đạo", maxCharacters: 2_000, multiline: true)
    static let note = TextRules.Field("note", "Nội dung", maxCharacters: 4_000, multiline: true)
    static let comment = TextRules.Field("comment", "Ý kiến", maxCharacters: 2_000, multiline: true)
    static let maxRecipients = 50
    static let maxSupport = 20
    static let maxPages = 10_000

    static func urgency(_ raw: String?, _ checks: inout TextInput.Checks) -> DocumentUrgency {
        guard let raw, !raw.trimmingCharacters(in: .whitespaces).isEmpty else { return .normal }
        if let value = choice(raw, DocumentUrgency.allCases, label: \.label) { return value }
        checks.add(ValidationFailure(field: "urgency", code: "invalid_urgency",
                                     message: "Độ khẩn “\(raw.prefix(40))” không hợp lệ: chọn thuong (Thường), khan (Khẩn), thuong_khan (Thượng khẩn) hoặc hoa_toc (Hỏa tốc)."))
        return .normal
    }

    static func confidentiality(_ raw: String?, _ checks: inout TextInput.Checks) -> DocumentConfidentiality {
        guard let raw, !raw.trimmingCharacters(in: .whitespaces).isEmpty else { return .normal }
        if let value = choice(raw, DocumentConfidentiality.allCases, label: \.label) { return value }
        checks.add(ValidationFailure(field: "confidentiality", code: "invalid_confidentiality",
                                     message: "Độ mật “\(raw.prefix(40))” không hợp lệ: chọn thuong (Thường), mat (Mật), toi_mat (Tối mật) hoặc tuyet_mat (Tuyệt mật)."))
        return .normal
    }

    /// The stored value ("thuong_khan") or its label with or without diacritics ("Thượng khẩn", "thuong khan").
    private static func choice<T: RawRepresentable>(_ raw: String, _ all: [T], label: KeyPath<T, String>) -> T? where T.RawValue == String {
        let folded = TextSearch.fold(raw.prefix(40).description).replacingOccurrences(of: " ", with: "_")
        return all.first { $0.rawValue == folded || TextSearch.fold($0[keyPath: label]).replacingOccurrences(of: " ", with: "_") == folded }
    }

    static func type(_ raw: String?, _ checks: inout TextInput.Checks) -> String {
        if let raw, let code = DocumentKind.parse(String(raw.prefix(60))) { return code }
        checks.add(ValidationFailure(field: "type", code: "invalid_type",
                                     message: "Loại văn bản “\((raw ?? "").prefix(40))” không hợp lệ: dùng ký hiệu theo Nghị định 30/2020 (QĐ, TB, KH, BC, TTr…) hoặc CV cho công văn."))
        return DocumentKind.officialLetter
    }

    static let maxDaysAhead = 366

    /// "YYYY-MM-DD", from 1945 on and not more than a year after today.
    static func documentDate(_ raw: String?, today: LocalDate, _ checks: inout TextInput.Checks) -> LocalDate? {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            checks.add(ValidationFailure(field: "documentDate", code: "date_required", message: "Hãy nhập ngày tháng của văn bản (dạng YYYY-MM-DD)."))
            return nil
        }
        guard text.utf8.count == 10, let day = LocalDate(iso: text), (1945...2099).contains(day.year) else {
            checks.add(ValidationFailure(field: "documentDate", code: "invalid_date",
                                         message: "Ngày văn bản “\(text.prefix(20))” không hợp lệ: hãy nhập ngày có thật theo dạng YYYY-MM-DD, ví dụ 2027-01-05."))
            return nil
        }
        // A document is not dated in the future; a year's margin still catches a mistyped year (2072 for 2027)
        // without refusing a document that an integration registers ahead of its printed date.
        guard LocalDate.daysBetween(today, day) <= maxDaysAhead else {
            checks.add(ValidationFailure(field: "documentDate", code: "date_in_future",
                                         message: "Ngày văn bản \(VietnameseFormat.day(day)) ở quá xa sau hôm nay; hãy kiểm tra lại năm ghi trên văn bản."))
            return nil
        }
        return day
    }

    /// A handling deadline: "YYYY-MM-DD" (close of office hours that day) or a full ISO 8601 instant; from today on.
    static func deadline(_ raw: String?, now: Date, closeHour: Int, closeMinute: Int, _ checks: inout TextInput.Checks) -> Date? {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        var date: Date? = nil
        if text.utf8.count == 10, let day = LocalDate(iso: text), (2000...2099).contains(day.year) {
            date = day.at(hour: closeHour, minute: closeMinute)
        } else if text.utf8.count <= 40, let instant = ISO8601DateFormatter().date(from: text),
                  (2000...2099).contains(LocalDate(instant).year) {
            date = instant
        }
        guard let date else {
            checks.add(ValidationFailure(field: "deadline", code: "invalid_deadline",
                                         message: "Hạn xử lý “\(text.prefix(40))” không hợp lệ: hãy nhập ngày theo dạng YYYY-MM-DD, ví dụ 2027-01-15."))
            return nil
        }
        guard LocalDate(date) >= LocalDate(now) else {
            checks.add(ValidationFailure(field: "deadline", code: "deadline_in_past", message: "Hạn xử lý phải từ hôm nay trở đi."))
            return nil
        }
        return date
    }

    static func pageCount(_ raw: Int?, _ checks: inout TextInput.Checks) -> Int? {
        guard let raw else { return nil }
        guard (1...maxPages).contains(raw) else {
            checks.add(ValidationFailure(field: "pageCount", code: "invalid_page_count", message: "Số trang phải từ 1 đến \(maxPages)."))
            return nil
        }
        return raw
    }
}
