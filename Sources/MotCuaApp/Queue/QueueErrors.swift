import Vapor

/// The queue's refusals, in words the person at the kiosk or the counter can act on.
enum QueueErrors {
    static func unknownArea(_ code: String) -> AppError {
        AppError(.unprocessableEntity, "unknown_area", "Không có khu vực/lĩnh vực mã “\(code.prefix(40))”. Vui lòng chọn một khu vực trong danh sách.")
    }
    static func unknownCounter() -> AppError {
        AppError.notFound("Không tìm thấy quầy này. Vui lòng kiểm tra mã quầy.")
    }
    static func unknownTicket() -> AppError {
        AppError.notFound("Không tìm thấy số thứ tự này. Vui lòng kiểm tra lại phiếu.")
    }
    static let queueEmpty = AppError(.notFound, "queue_empty", "Hiện không có công dân nào đang chờ ở các lĩnh vực của quầy này.")
    static let noCurrentTicket = AppError(.conflict, "no_current_ticket", "Quầy chưa mời số nào. Hãy bấm “Gọi số tiếp theo” trước.")
    static let notYourCentre = AppError(.forbidden, "not_your_centre", "Bạn chỉ được gọi số tại các quầy của trung tâm nơi bạn làm việc.")
    static let alreadyServing = AppError(.conflict, "already_serving", "Công dân đã đến quầy và đang được phục vụ; hãy bấm “Xong” thay vì “Vắng mặt”.")
    static let ticketClosed = AppError(.conflict, "ticket_closed", "Số thứ tự này đã phục vụ xong hoặc đã bị bỏ qua, không thể chuyển.")
    static let sameArea = AppError(.unprocessableEntity, "same_area", "Số thứ tự đã thuộc lĩnh vực này. Hãy chọn một lĩnh vực khác để chuyển.")
}
