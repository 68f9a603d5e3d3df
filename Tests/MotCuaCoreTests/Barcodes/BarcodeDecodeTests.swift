import Testing
@testable import MotCuaCore

/// Round trips through a real renderer and reader: what the counter's scanner will see.
@Suite("Barcodes read back by zbarimg", .requiresTools("rsvg-convert", "zbarimg"))
struct BarcodeDecodeTests {
    /// Dossier codes in the Decree 61 format of DOMAIN.md §3.
    static let dossierCodes = [
        "000.00.21.H36-270414-0001",
        "000.00.00.H41-250312-0007",
        "000.00.21.H36-261123-0007",
        "000.21.33.H12-240101-9999",
    ]

    /// Look-up URLs of exactly `length` characters, mixing text and digit runs.
    static func url(length: Int) -> String {
        let base = "http://127.0.0.1:8080/tra-cuu/"
        let filler = "000.00.21.H36-261123-0007?ma=20240315&trang=1&loai=ho-so-"
        var text = base
        while text.count < length { text += filler }
        return String(text.prefix(length))
    }

    static let urls = [30, 60, 90, 120].map(url(length:))

    @Test("Code 128 dossier codes", arguments: dossierCodes)
    func code128Dossier(code: String) throws {
        #expect(try BarcodeReader.decode(svg: Code128.svg(code)) == code)
    }

    @Test("Code 128 with the text printed below still reads", arguments: dossierCodes.prefix(2))
    func code128WithText(code: String) throws {
        #expect(try BarcodeReader.decode(svg: Code128.svg(code, showText: true)) == code)
    }

    @Test("Code 128 URLs of 30, 60, 90 and 120 characters", arguments: urls)
    func code128URL(url: String) throws {
        #expect(try BarcodeReader.decode(svg: Code128.svg(url)) == url)
    }

    @Test("Code 128 edge cases: all digits (odd and even), punctuation", arguments: [
        "1234567", "12345678", "12", "HS-1-22-333-4444", "A&B <x> \"q\" ~{|}",
    ])
    func code128EdgeCases(text: String) throws {
        #expect(try BarcodeReader.decode(svg: Code128.svg(text)) == text)
    }

    @Test("QR dossier codes", arguments: dossierCodes)
    func qrDossier(code: String) throws {
        #expect(try BarcodeReader.decode(svg: QRCode(code).svg()) == code)
    }

    @Test("QR URLs of 30, 60, 90 and 120 characters", arguments: urls)
    func qrURL(url: String) throws {
        #expect(try BarcodeReader.decode(svg: QRCode(url).svg()) == url)
    }

    @Test("QR keeps Vietnamese text as UTF-8")
    func qrVietnamese() throws {
        let text = "Hồ sơ 000.00.21.H36-261123-0007: Đăng ký khai sinh"
        #expect(try BarcodeReader.decode(svg: QRCode(text).svg()) == text)
    }

    @Test("QR at every correction level", arguments: QRErrorCorrection.allCases)
    func qrLevels(level: QRErrorCorrection) throws {
        let url = Self.url(length: 90)
        #expect(try BarcodeReader.decode(svg: QRCode(url, correction: level).svg()) == url)
    }

    @Test("QR with every mask pattern", arguments: 0..<8)
    func qrMasks(mask: Int) throws {
        let text = "000.00.00.H41-250312-0007"
        let qr = try QRCode(bytes: Array(text.utf8), correction: .quartile, mask: mask)
        #expect(try BarcodeReader.decode(svg: qr.svg()) == text)
    }

    @Test("QR of larger versions: 200-byte URL at M (v10), 600 bytes at L, 1000 bytes at H")
    func qrLargeVersions() throws {
        for (length, level, minimumVersion) in [(200, QRErrorCorrection.medium, 10), (600, .low, 15), (1000, .high, 35)] {
            let text = Self.url(length: length)
            let qr = try QRCode(text, correction: level)
            #expect(qr.version >= minimumVersion)
            #expect(try BarcodeReader.decode(svg: qr.svg(moduleSize: 3)) == text, "\(length) bytes at \(level)")
        }
    }
}

@Suite("Barcode decode fixtures")
struct BarcodeDecodeFixtureTests {
    @Test("URL fixtures have the intended lengths")
    func urlLengths() {
        #expect(BarcodeDecodeTests.urls.map(\.count) == [30, 60, 90, 120])
    }
}
