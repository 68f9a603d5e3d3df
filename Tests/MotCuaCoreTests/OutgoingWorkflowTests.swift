import Testing
@testable import MotCuaCore

@Suite("Outgoing document workflow")
struct OutgoingWorkflowTests {
    @Test func onlyTheDecreesMovesAreAllowed() throws {
        #expect(try OutgoingWorkflow.next(from: .draft, action: .submit) == .submitted)
        #expect(try OutgoingWorkflow.next(from: .submitted, action: .approve) == .approved)
        #expect(try OutgoingWorkflow.next(from: .submitted, action: .return) == .draft)
        #expect(try OutgoingWorkflow.next(from: .approved, action: .return) == .draft)
        #expect(try OutgoingWorkflow.next(from: .approved, action: .sign) == .signed)
        #expect(try OutgoingWorkflow.next(from: .signed, action: .issue) == .issued)
        var allowed = 0
        for state in OutgoingState.allCases {
            for action in OutgoingAction.allCases {
                if OutgoingWorkflow.allowedActions(from: state).contains(action) { allowed += 1; continue }
                #expect(throws: TransitionError.self) { try OutgoingWorkflow.next(from: state, action: action) }
            }
        }
        #expect(allowed == 6)
        #expect(OutgoingWorkflow.allowedActions(from: .issued).isEmpty)
    }

    @Test func aRefusalSaysWhatIsPossible() {
        do {
            _ = try OutgoingWorkflow.next(from: .draft, action: .issue)
            Issue.record("issue from draft must be refused")
        } catch {
            #expect(error.code == "transition_not_allowed")
            #expect(error.message.contains("Dự thảo"))
            #expect(error.message.contains("Trình thẩm định"))
        }
    }
}
