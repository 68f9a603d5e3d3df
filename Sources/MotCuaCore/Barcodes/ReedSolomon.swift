/// Arithmetic in GF(2⁸) with the QR field polynomial x⁸+x⁴+x³+x²+1 (0x11d).
enum GF256 {
    static let (exp, log): ([UInt8], [Int]) = {
        var exp = [UInt8](repeating: 0, count: 512)
        var log = [Int](repeating: 0, count: 256)
        var value = 1
        for power in 0..<255 {
            exp[power] = UInt8(value)
            log[value] = power
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11d }
        }
        // Doubling the table lets multiply skip a modulo.
        for power in 255..<512 { exp[power] = exp[power - 255] }
        return (exp, log)
    }()

    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        if a == 0 || b == 0 { return 0 }
        return exp[log[Int(a)] + log[Int(b)]]
    }
}

/// Reed–Solomon error correction codewords as QR uses them.
enum ReedSolomon {
    /// Generator (x−α⁰)(x−α¹)…(x−α^(degree−1)), leading coefficient 1 omitted, highest power first.
    static func generator(degree: Int) -> [UInt8] {
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for index in 0..<degree {
                coefficients[index] = GF256.multiply(coefficients[index], root)
                if index + 1 < degree { coefficients[index] ^= coefficients[index + 1] }
            }
            root = GF256.multiply(root, 2)
        }
        return coefficients
    }

    /// Remainder of data·x^degree divided by the generator: the ECC codewords.
    static func remainder(_ data: [UInt8], degree: Int) -> [UInt8] {
        let divisor = generator(degree: degree)
        var result = [UInt8](repeating: 0, count: degree)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for index in 0..<degree {
                result[index] ^= GF256.multiply(divisor[index], factor)
            }
        }
        return result
    }
}
