import Foundation

/// Renders an SVG to PNG with rsvg-convert and reads it back with zbarimg, the way a scanner would.
enum BarcodeReader {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func decode(svg: String, zoom: Double = 2) throws -> String {
        try ExternalTools.require("rsvg-convert", "zbarimg")
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("motcua-barcode-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let svgFile = directory.appendingPathComponent("code.svg")
        let pngFile = directory.appendingPathComponent("code.png")
        try svg.write(to: svgFile, atomically: true, encoding: .utf8)

        let render = try ExternalTools.run(
            "rsvg-convert", ["-z", String(zoom), "-b", "white", "-f", "png", "-o", pngFile.path, svgFile.path])
        guard render.status == 0 else {
            throw Failure(description: "rsvg-convert exited \(render.status): \(render.errorOutput)")
        }
        let scan = try ExternalTools.run("zbarimg", ["--raw", "-q", pngFile.path])
        guard scan.status == 0 else {
            throw Failure(description: "zbarimg exited \(scan.status) (no symbol found?): \(scan.errorOutput)")
        }
        var text = scan.output
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
