import Testing
@testable import MotCuaCore

@Suite("Reed–Solomon over GF(256)")
struct ReedSolomonTests {
    @Test("ISO/IEC 18004 Annex I example: \"01234567\" as 1-M")
    func isoExample() {
        let data: [UInt8] = [16, 32, 12, 86, 97, 128, 236, 17, 236, 17, 236, 17, 236, 17, 236, 17]
        #expect(ReedSolomon.remainder(data, degree: 10) == [165, 36, 212, 193, 237, 54, 199, 135, 44, 85])
    }

    @Test("Thonky tutorial example: \"HELLO WORLD\" as 1-M")
    func helloWorld() {
        let data: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        #expect(ReedSolomon.remainder(data, degree: 10) == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
    }

    @Test("field: α^255 = 1 and the table wraps at 0x11d")
    func field() {
        #expect(GF256.exp[8] == 0x1d)   // x⁸ ≡ x⁴+x³+x²+1
        #expect(GF256.exp[255] == 1)
        #expect(GF256.multiply(0x80, 2) == 0x1d)
        #expect(GF256.multiply(0, 77) == 0)
    }

    @Test("a full codeword vanishes at every root α^0 … α^(n−1)", arguments: [7, 10, 18, 22, 26, 30])
    func syndromesAreZero(degree: Int) {
        let data = (0..<40).map { UInt8(($0 * 37 + 11) & 0xff) }
        let codeword = data + ReedSolomon.remainder(data, degree: degree)
        for rootPower in 0..<degree {
            // Horner evaluation with the slow bit-by-bit product, independent of the log tables.
            var root: UInt8 = 1
            for _ in 0..<rootPower { root = slowMultiply(root, 2) }
            let value = codeword.reduce(UInt8(0)) { slowMultiply($0, root) ^ $1 }
            #expect(value == 0, "degree \(degree), root α^\(rootPower)")
        }
    }

    private func slowMultiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var product = 0, x = Int(a)
        for bit in 0..<8 where (Int(b) >> bit) & 1 == 1 { product ^= x << bit }
        for bit in stride(from: 15, through: 8, by: -1) where (product >> bit) & 1 == 1 {
            product ^= 0x11d << (bit - 8)
        }
        return UInt8(product)
    }
}
