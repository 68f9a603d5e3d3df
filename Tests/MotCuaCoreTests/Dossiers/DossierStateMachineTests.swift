import Foundation
import Testing
@testable import MotCuaCore

@Suite("Dossier state machine (DOMAIN §3)")
struct DossierStateMachineTests {
    /// DOMAIN §3 moves written out by portal number, independent of the implementation.
    /// `accepted`: nil = regardless, true/false = only when the dossier was (not) accepted before.
    static let moves: [(from: Int, action: DossierAction, to: Int, accepted: Bool?)] = [
        (1, .accept, 2, nil), (1, .refuse, 3, nil), (1, .requestSupplement, 5, nil),
        (5, .supplement, 1, false), (2, .start, 4, nil), (4, .forward, 4, nil),
        (4, .requestSupplement, 5, nil), (5, .supplement, 4, true), (4, .requestFees, 6, nil),
        (6, .feesPaid, 4, nil), (4, .resolve, 9, nil), (6, .resolve, 9, nil), (4, .stop, 8, nil),
        (9, .return, 10, nil),
    ]
    static let withdrawableFrom: Set<Int> = [1, 2, 4, 5, 6, 9]
    static let reschedulableFrom: Set<Int> = [2, 4, 5, 6]

    static func expectedTarget(_ from: DossierStatus, _ action: DossierAction, accepted: Bool, rescheduled: Bool) -> DossierStatus? {
        switch action {
        case .withdraw:
            return withdrawableFrom.contains(from.rawValue) ? .withdrawn : nil
        case .reschedule:
            return reschedulableFrom.contains(from.rawValue) && !rescheduled ? from : nil
        default:
            let move = moves.first {
                $0.from == from.rawValue && $0.action == action && ($0.accepted == nil || $0.accepted == accepted)
            }
            return move.flatMap { DossierStatus(rawValue: $0.to) }
        }
    }

    @Test("Every status × action × flags: allowed moves reach the DOMAIN target, all others are refused")
    func exhaustive() {
        var allowedCount = 0
        for status in DossierStatus.allCases {
            for action in DossierAction.allCases {
                for accepted in [false, true] {
                    for rescheduled in [false, true] {
                        let result = DossierStateMachine.next(
                            from: status, action: action, wasAccepted: accepted, alreadyRescheduled: rescheduled)
                        let context = "\(status.rawValue) \(action.rawValue) accepted=\(accepted) rescheduled=\(rescheduled)"
                        switch (result, Self.expectedTarget(status, action, accepted: accepted, rescheduled: rescheduled)) {
                        case let (.success(target), expected?):
                            allowedCount += 1
                            #expect(target == expected, "\(context)")
                        case let (.failure(error), nil):
                            #expect(error.message.contains("“\(status.label)”"), "\(context): \(error.message)")
                            #expect(error.message.contains("“\(action.label)”"), "\(context): \(error.message)")
                            #expect(["transition_not_allowed", "dossier_closed", "already_rescheduled"].contains(error.code))
                        case let (.success(target), nil):
                            Issue.record("\(context) should be refused, went to \(target.rawValue)")
                        case let (.failure(error), expected?):
                            Issue.record("\(context) should go to \(expected.rawValue), refused: \(error.message)")
                        }
                    }
                }
            }
        }
        // 12 unconditional moves ×4 flag combos + 2 supplement moves ×2 + 6 withdraws ×4 + 4 reschedules ×2.
        #expect(allowedCount == 12 * 4 + 2 * 2 + 6 * 4 + 4 * 2)
    }

    @Test("allowedActions lists exactly the actions next() accepts, in button order")
    func allowedActionsMatchNext() {
        for status in DossierStatus.allCases {
            for accepted in [false, true] {
                for rescheduled in [false, true] {
                    let listed = DossierStateMachine.allowedActions(from: status, wasAccepted: accepted, alreadyRescheduled: rescheduled)
                    let expected = DossierAction.allCases.filter {
                        Self.expectedTarget(status, $0, accepted: accepted, rescheduled: rescheduled) != nil
                    }
                    #expect(listed == expected, "\(status.rawValue) accepted=\(accepted) rescheduled=\(rescheduled)")
                }
            }
        }
    }

    @Test("Concrete button sets")
    func concreteButtons() {
        #expect(DossierStateMachine.allowedActions(from: .new, wasAccepted: false, alreadyRescheduled: false)
            == [.accept, .refuse, .requestSupplement, .withdraw])
        #expect(DossierStateMachine.allowedActions(from: .processing, wasAccepted: true, alreadyRescheduled: false)
            == [.requestSupplement, .forward, .requestFees, .resolve, .stop, .withdraw, .reschedule])
        #expect(DossierStateMachine.allowedActions(from: .resolved, wasAccepted: true, alreadyRescheduled: true)
            == [.withdraw, .return])
        for terminal in [DossierStatus.notAccepted, .withdrawn, .stopped, .returned] {
            #expect(DossierStateMachine.allowedActions(from: terminal, wasAccepted: true, alreadyRescheduled: false).isEmpty)
        }
    }

    @Test("A supplement returns to intake before acceptance and to processing after")
    func supplementDependsOnAcceptance() {
        #expect(DossierStateMachine.next(from: .supplementRequested, action: .supplement, wasAccepted: false, alreadyRescheduled: false) == .success(.new))
        #expect(DossierStateMachine.next(from: .supplementRequested, action: .supplement, wasAccepted: true, alreadyRescheduled: false) == .success(.processing))
    }

    @Test("The appointment may be moved once only")
    func rescheduleOnce() throws {
        #expect(DossierStateMachine.next(from: .processing, action: .reschedule, wasAccepted: true, alreadyRescheduled: false) == .success(.processing))
        let second = DossierStateMachine.next(from: .processing, action: .reschedule, wasAccepted: true, alreadyRescheduled: true)
        guard case let .failure(error) = second else {
            Issue.record("second reschedule was allowed")
            return
        }
        #expect(error.code == "already_rescheduled")
        #expect(error.message.contains("một lần"))
    }

    @Test("Refusals say what is possible instead")
    func refusalSuggestsAlternatives() {
        guard case let .failure(error) = DossierStateMachine.next(from: .accepted, action: .resolve, wasAccepted: true, alreadyRescheduled: false) else {
            Issue.record("2 → 9 was allowed")
            return
        }
        #expect(error.code == "transition_not_allowed")
        #expect(error.message.contains("“Giải quyết xong”"))
        #expect(error.message.contains("“Đã tiếp nhận”"))
        #expect(error.message.contains("“Bắt đầu xử lý”"))

        guard case let .failure(closed) = DossierStateMachine.next(from: .returned, action: .withdraw, wasAccepted: true, alreadyRescheduled: false) else {
            Issue.record("withdraw from 10 was allowed")
            return
        }
        #expect(closed.code == "dossier_closed")
        #expect(closed.message.contains("“Đã trả kết quả”"))
    }

    @Test("Every status is reachable from 1 and every non-terminal status can reach a terminal one")
    func reachability() {
        var seen: Set<DossierStatus> = [.new]
        var frontier: [(DossierStatus, Bool, Bool)] = [(.new, false, false)]
        var visited: Set<String> = []
        while let (status, accepted, rescheduled) = frontier.popLast() {
            guard visited.insert("\(status.rawValue)-\(accepted)-\(rescheduled)").inserted else { continue }
            for action in DossierStateMachine.allowedActions(from: status, wasAccepted: accepted, alreadyRescheduled: rescheduled) {
                guard case let .success(target) = DossierStateMachine.next(
                    from: status, action: action, wasAccepted: accepted, alreadyRescheduled: rescheduled) else {
                    Issue.record("allowed action \(action) refused in \(status)")
                    continue
                }
                seen.insert(target)
                frontier.append((target, accepted || target == .accepted, rescheduled || action == .reschedule))
            }
        }
        #expect(seen == Set(DossierStatus.allCases))
    }
}
