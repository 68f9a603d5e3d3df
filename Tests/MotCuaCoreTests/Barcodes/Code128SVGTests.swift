import Testing
@testable import MotCuaCore

@Suite("Code 128 SVG")
struct Code128SVGTests {
    private func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test("one rect per bar: three bars per symbol, four in the stop, plus the background")
    func oneRectPerBar() throws {
        let text = "000.00.00.H41-250312-0007"
        let symbols = try Code128.encode(text).count
        let svg = try Code128.svg(text)
        #expect(count("<rect", in: svg) == 1 + 3 * (symbols - 1) + 4)
    }

    @Test("size attributes, viewBox and crisp edges")
    func attributes() throws {
        let modules = try Code128.modules("ABC").count
        let svg = try Code128.svg("ABC", moduleWidth: 3, height: 50)
        let width = modules * 3
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("width=\"\(width)\" height=\"50\" viewBox=\"0 0 \(width) 50\""))
        #expect(svg.contains("shape-rendering=\"crispEdges\""))
        #expect(svg.contains("<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"50\" fill=\"#ffffff\"/>"))
        #expect(svg.hasSuffix("</svg>"))
        #expect(!svg.contains("<text"))
    }

    @Test("fractional module widths print without noise")
    func fractionalWidth() throws {
        let svg = try Code128.svg("A", moduleWidth: 1.5)
        // Start B is 2-1-1-2-1-4: a two-module bar at module 10, then a one-module bar at 13.
        #expect(svg.contains("<rect x=\"15\" y=\"0\" width=\"3\" "))
        #expect(svg.contains("<rect x=\"19.5\" y=\"0\" width=\"1.5\" "))
    }

    @Test("shown text is XML-escaped and placed below the bars")
    func escapedText() throws {
        let svg = try Code128.svg("A&B<C>\"'", height: 60, showText: true)
        #expect(svg.contains(">A&amp;B&lt;C&gt;&quot;&apos;</text>"))
        #expect(svg.contains("height=\"76\""))
    }

    @Test("output is deterministic")
    func deterministic() throws {
        let url = "http://127.0.0.1:8080/tra-cuu/000.00.21.H36-261123-0007"
        #expect(try Code128.svg(url, showText: true) == Code128.svg(url, showText: true))
    }
}
