import Foundation

/// The allowed moves of a dossier (DOMAIN §3), as a pure function the app calls inside the
/// transaction that writes the new status and its timeline event.
public enum DossierStateMachine {
    /// Statuses in which the appointment may be moved (with an apology slip, form 04).
    public static let reschedulableStatuses: Set<DossierStatus> = [.accepted, .processing, .supplementRequested, .awaitingFees]

    /// - Parameters:
    ///   - wasAccepted: whether the dossier was ever accepted; decides where a supplement
    ///     leads from status 5 (back to 1 for intake, or back to 4 for processing).
    ///   - alreadyRescheduled: the appointment may be moved once only.
    public static func next(
        from status: DossierStatus, action: DossierAction, wasAccepted: Bool, alreadyRescheduled: Bool
    ) -> Result<DossierStatus, TransitionError> {
        if let target = target(from: status, action: action, wasAccepted: wasAccepted, alreadyRescheduled: alreadyRescheduled) {
            return .success(target)
        }
        return .failure(refusal(from: status, action: action, wasAccepted: wasAccepted, alreadyRescheduled: alreadyRescheduled))
    }

    /// The actions that `next` accepts, in `DossierAction.allCases` order (the order of the buttons).
    public static func allowedActions(from status: DossierStatus, wasAccepted: Bool, alreadyRescheduled: Bool) -> [DossierAction] {
        DossierAction.allCases.filter {
            target(from: status, action: $0, wasAccepted: wasAccepted, alreadyRescheduled: alreadyRescheduled) != nil
        }
    }

    private static func target(
        from status: DossierStatus, action: DossierAction, wasAccepted: Bool, alreadyRescheduled: Bool
    ) -> DossierStatus? {
        switch (status, action) {
        case (_, .withdraw):
            return status.isTerminal ? nil : .withdrawn
        case (_, .reschedule):
            return reschedulableStatuses.contains(status) && !alreadyRescheduled ? status : nil
        case (.new, .accept): return .accepted
        case (.new, .refuse): return .notAccepted
        case (.new, .requestSupplement): return .supplementRequested
        case (.supplementRequested, .supplement): return wasAccepted ? .processing : .new
        case (.accepted, .start): return .processing
        case (.processing, .forward): return .processing
        case (.processing, .requestSupplement): return .supplementRequested
        case (.processing, .requestFees): return .awaitingFees
        case (.awaitingFees, .feesPaid): return .processing
        case (.processing, .resolve), (.awaitingFees, .resolve): return .resolved
        case (.processing, .stop): return .stopped
        case (.resolved, .return): return .returned
        default: return nil
        }
    }

    private static func refusal(
        from status: DossierStatus, action: DossierAction, wasAccepted: Bool, alreadyRescheduled: Bool
    ) -> TransitionError {
        let actionName = "“\(action.label)”"
        let statusName = "“\(status.label)”"
        if status.isTerminal {
            return TransitionError(
                code: "dossier_closed",
                message: "Không thể \(actionName): hồ sơ đã ở trạng thái kết thúc \(statusName), "
                    + "không còn thao tác nào được thực hiện trên hồ sơ này.")
        }
        let allowed = allowedActions(from: status, wasAccepted: wasAccepted, alreadyRescheduled: alreadyRescheduled)
            .map { "“\($0.label)”" }.joined(separator: ", ")
        let instead = "Các thao tác có thể thực hiện ở trạng thái này: \(allowed)."
        if action == .reschedule, alreadyRescheduled, reschedulableStatuses.contains(status) {
            return TransitionError(
                code: "already_rescheduled",
                message: "Không thể \(actionName): hồ sơ (trạng thái \(statusName)) đã được hẹn lại một lần, "
                    + "mà ngày hẹn chỉ được thay đổi một lần. \(instead)")
        }
        return TransitionError(
            code: "transition_not_allowed",
            message: "Không thể \(actionName) khi hồ sơ đang ở trạng thái \(statusName). \(instead)")
    }
}
