/// Penalty score of ISO 18004 §7.8.3; the encoder keeps the mask with the lowest score.
enum QRPenalty {
    static let sameColourRun = 3
    static let block = 3
    static let finderLike = 40
    static let balance = 10

    static func score(_ dark: [Bool], size: Int) -> Int {
        var total = 0
        for line in 0..<size {
            let row = (0..<size).map { dark[line * size + $0] }
            let column = (0..<size).map { dark[$0 * size + line] }
            total += runPenalty(row) + runPenalty(column)
            total += finderPenalty(row) + finderPenalty(column)
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let colour = dark[y * size + x]
                if colour == dark[y * size + x + 1], colour == dark[(y + 1) * size + x],
                   colour == dark[(y + 1) * size + x + 1] {
                    total += block
                }
            }
        }
        let darkCount = dark.reduce(0) { $0 + ($1 ? 1 : 0) }
        let cells = size * size
        // Smallest k with the dark share inside 50 ± 5(k+1) %; exactly 50 % (even sizes only) is k = 0.
        let k = max(0, (abs(darkCount * 20 - cells * 10) + cells - 1) / cells - 1)
        total += k * balance
        return total
    }

    /// 3 for a run of 5 same-coloured modules, plus 1 per extra module.
    static func runPenalty(_ line: [Bool]) -> Int {
        var total = 0
        var runLength = 0
        var previous: Bool?
        for module in line {
            if module == previous {
                runLength += 1
            } else {
                if runLength >= 5 { total += sameColourRun + runLength - 5 }
                runLength = 1
                previous = module
            }
        }
        if runLength >= 5 { total += sameColourRun + runLength - 5 }
        return total
    }

    /// 1:1:3:1:1 dark-light-dark-light-dark with four light modules on either side,
    /// treating the area outside the symbol as light (it is the quiet zone).
    static func finderPenalty(_ line: [Bool]) -> Int {
        let pattern = [true, false, true, true, true, false, true]
        func isLight(_ range: Range<Int>) -> Bool {
            range.allSatisfy { $0 < 0 || $0 >= line.count || !line[$0] }
        }
        var total = 0
        guard line.count >= pattern.count else { return 0 }
        for start in 0...(line.count - pattern.count)
        where (0..<pattern.count).allSatisfy({ line[start + $0] == pattern[$0] }) {
            if isLight((start - 4)..<start) || isLight((start + 7)..<(start + 11)) {
                total += finderLike
            }
        }
        return total
    }
}
