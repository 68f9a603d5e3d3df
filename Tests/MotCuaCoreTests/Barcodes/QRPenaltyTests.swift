import Testing
@testable import MotCuaCore

@Suite("QR mask penalty rules")
struct QRPenaltyTests {
    @Test("rule 1: 3 points for five in a row, one more per extra module")
    func runs() {
        let line = Array(repeating: true, count: 7) + [false, false] + Array(repeating: true, count: 5)
        #expect(QRPenalty.runPenalty(line) == (3 + 2) + 3)
        #expect(QRPenalty.runPenalty([true, false, true, true, true, true]) == 0)
    }

    @Test("rule 3: 1:1:3:1:1 counts only next to four light modules (outside is light)")
    func finderLike() {
        let pattern = [true, false, true, true, true, false, true]
        #expect(QRPenalty.finderPenalty(pattern + [false, false, false, false]) == 40)
        #expect(QRPenalty.finderPenalty([true, true] + pattern + [true]) == 0)
        #expect(QRPenalty.finderPenalty(pattern) == 40)
        let enclosed = [true, true, true, true] + pattern + [true, true, true, true]
        #expect(QRPenalty.finderPenalty(enclosed) == 0)
    }

    @Test("all-light 21×21 grid: rules 1, 2 and 4 by hand")
    func allLight() {
        // Rule 1: 42 lines × (3 + 16); rule 2: 20 × 20 blocks × 3; rule 4: 50 % off balance → k = 9.
        let expected = 42 * 19 + 400 * 3 + 9 * 10
        #expect(QRPenalty.score(Array(repeating: false, count: 441), size: 21) == expected)
    }

    @Test("checkerboard: no runs, no blocks, perfect balance")
    func checkerboard() {
        let grid = (0..<400).map { ($0 / 20 + $0 % 20) % 2 == 0 }
        #expect(QRPenalty.score(grid, size: 20) == 0)
    }
}
