import Foundation

/// Percentages for a report. Parts of one whole are rounded by the largest-remainder method, so that
/// early + on time + late always print as exactly 100 (a report whose shares add up to 99.9 invites questions).
/// Integer arithmetic throughout: no binary-floating-point surprises at the .x5 boundary.
enum PercentageSplit {
    /// The share of each count in their sum, in percent with `decimals` decimals; all zero when the sum is zero.
    /// Đà Lạt's 5,420 / 2,690 / 4 give 66.8 / 33.2 / 0.0 with one decimal and 66.80 / 33.15 / 0.05 with two.
    static func split(_ counts: [Int], decimals: Int = 1) -> [Double] {
        precondition(counts.allSatisfy { $0 >= 0 } && (0...6).contains(decimals))
        let scale = power(decimals)
        let whole = 100 * scale
        let total = counts.reduce(0, +)
        guard total > 0 else { return counts.map { _ in 0 } }
        var units = counts.map { $0 * whole / total }
        let remainders = counts.map { $0 * whole % total }
        var missing = whole - units.reduce(0, +)
        // The largest remainders get the missing units; ties go to the larger count, then to the first listed.
        let order = counts.indices.sorted {
            (remainders[$0], counts[$0], -$0) > (remainders[$1], counts[$1], -$1)
        }
        for index in order where missing > 0 {
            units[index] += 1
            missing -= 1
        }
        return units.map { Double($0) / Double(scale) }
    }

    /// One share on its own (e.g. 2,930 of 2,948 → 99.39 with two decimals), rounded half up.
    static func percent(_ part: Int, of whole: Int, decimals: Int = 1) -> Double {
        guard whole > 0 else { return 0 }
        let scale = power(decimals)
        let units = (2 * part * 100 * scale + whole) / (2 * whole)
        return Double(units) / Double(scale)
    }

    private static func power(_ decimals: Int) -> Int {
        (0..<decimals).reduce(1) { value, _ in value * 10 }
    }
}
