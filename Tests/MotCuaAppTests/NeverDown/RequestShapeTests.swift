import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp

/// Issue 7: `a[]=1` repeated 40,000 times cost 15 s of CPU in Vapor's form decoder before login; a 5,000-character
/// code answered 500. Both are refused up front now, with a 4xx in Vietnamese, on every route.
@Suite("Never down: request shapes")
struct RequestShapeTests {
    static let hugeForm = String(repeating: "a[]=1&", count: 40_000) + "username=x&password=y"

    @Test func aFormWithTensOfThousandsOfFieldsIsRefusedBeforeDecoding() async throws {
        try await withMotCua { app in
            for path in ["/dang-nhap", "/api/v1/auth/login", "/quan-tri/nguoi-dung", "/mot-cua/tiep-nhan"] {
                let res = try await app.testing().sendRequest(.POST, path, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                                              body: ByteBuffer(string: Self.hugeForm))
                // The login forms take at most 16 KB (413); elsewhere the shape is refused (400).
                if path.hasSuffix("login") || path == "/dang-nhap" {
                    #expect(res.status == .payloadTooLarge, "\(path): \(res.status)")
                } else {
                    #expect(res.status == .badRequest, "\(path): \(res.status)")
                    #expect(res.body.string.contains("quá phức tạp"), "\(path)")
                }
            }
        }
    }

    @Test func deeplyNestedOrHugeJSONIsRefused() async throws {
        try await withMotCua { app in
            let nested = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
            let wide = "[" + Array(repeating: "1", count: 30_000).joined(separator: ",") + "]"
            let token = try await app.bearer("tiepnhan")
            for body in [nested, wide] {
                let res = try await app.testing().sendRequest(.POST, "/api/v1/dossiers", headers: ["Content-Type": "application/json", "Authorization": "Bearer \(token)"],
                                                              body: ByteBuffer(string: body))
                #expect(res.status == .badRequest)
                #expect(res.apiError?.error.code == "request_too_complex")
            }
            // Braces inside strings are text, not nesting.
            let quoted = #"{"username":"\#(String(repeating: "[", count: 100))","password":"x"}"#
            let res = try await app.testing().sendRequest(.POST, "/api/v1/auth/login", headers: ["Content-Type": "application/json"],
                                                          body: ByteBuffer(string: quoted))
            #expect(res.status == .unauthorized)
        }
    }

    @Test func aQueryStringWithTooManyParametersIsRefused() async throws {
        try await withMotCua { app in
            let query = (0..<200).map { "f\($0)=1" }.joined(separator: "&")
            let res = try await app.testing().sendRequest(.GET, "/thu-tuc?\(query)")
            #expect(res.status == .badRequest)
            let deep = try await app.testing().sendRequest(.GET, "/api/v1/procedures?a[b][c][d][e][f]=1")
            #expect(deep.status == .badRequest)
            #expect(deep.apiError?.error.code == "request_too_complex")
        }
    }

    @Test func aMultipartBodyWithThousandsOfPartsIsRefused() async throws {
        try await withMotCua { app in
            let web = try await WebSession.counterReceptionist(app)
            let res = try await web.counterPost("/mot-cua/tiep-nhan") { body in
                for index in 0..<1_200 { body.field("components[]", "\(index)") }
            }
            #expect(res.status == .badRequest)
            #expect(res.body.string.contains("quá phức tạp"))
        }
    }

    @Test func anonymousBodiesAreRefusedUnreadAndLoginFormsAreSmall() async throws {
        try await withMotCua { app in
            let form = String(repeating: "f=" + String(repeating: "x", count: 1_000) + "&", count: 900)
            for path in ["/mot-cua/tiep-nhan", "/quan-tri/nguoi-dung", "/ho-so/x/thao-tac", "/dang-xuat"] {
                let res = try await app.testing().sendRequest(.POST, path, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: ByteBuffer(string: form))
                #expect(res.status == .unauthorized, "\(path): \(res.status)")
            }
            for path in ["/api/v1/dossiers", "/api/v1/dossiers/x/transitions"] {
                let res = try await app.testing().sendRequest(.POST, path, headers: ["Content-Type": "application/json"], body: ByteBuffer(string: "{\"x\":1}"))
                #expect(res.status == .unauthorized, "\(path): \(res.status)")
            }
            let manyFields = (0..<17).map { "f\($0)=1" }.joined(separator: "&")
            for path in ["/api/v1/auth/login", "/dang-nhap"] {
                let res = try await app.testing().sendRequest(.POST, path, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: ByteBuffer(string: manyFields))
                #expect(res.status == .badRequest, "\(path): a login form has at most 16 fields")
            }
            let big = try await app.testing().sendRequest(.POST, "/api/v1/auth/login", headers: ["Content-Type": "application/json"],
                                                          body: ByteBuffer(string: #"{"username":"tiepnhan","password":"\#(String(repeating: "x", count: 20_000))"}"#))
            #expect(big.status == .payloadTooLarge)
        }
    }

    @Test func aVeryLongCodeOrPathIsNotFoundNotAServerError() async throws {
        try await withMotCua { app in
            let long = String(repeating: "A", count: 5_000)
            let api = try await app.testing().sendRequest(.GET, "/api/v1/lookup/\(long)")
            #expect(api.status == .notFound)
            #expect(api.headers.contentType == .json)
            for path in ["/tra-cuu/\(long)", "/\(long)", "/css/\(long)", "/thu-tuc/\(long)", "/ho-so/\(long)"] {
                let res = try await app.testing().sendRequest(.GET, path)
                #expect(res.status.code < 500, "\(path.prefix(20))…: \(res.status)")
            }
        }
    }

    @Test func anEmptyBodyGetsAVietnameseJSONError() async throws {
        try await withMotCua { app in
            let token = try await app.bearer("tiepnhan")
            for (path, type) in [("/api/v1/dossiers", "application/json"), ("/api/v1/auth/login", "application/json"), ("/api/v1/auth/login", "")] {
                var headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
                if !type.isEmpty { headers.add(name: .contentType, value: type) }
                let res = try await app.testing().sendRequest(.POST, path, headers: headers)
                #expect((400..<500).contains(res.status.code), "\(path)")
                #expect(res.headers.contentType == .json)
                let message = res.apiError?.error.message ?? ""
                #expect(!message.contains("Unprocessable"), "\(path): \(message)")
                #expect(message.contains("ữ") || message.contains("ệ") || message.contains("ầ"), "\(path): \(message)")
            }
        }
    }
}

/// Found by the code audit: multipart-kit's parser traps on an empty boundary and on a byte ≥ 0x80 in a part's
/// header name. Each of these anonymous requests killed the process (SIGILL) before.
@Suite("Never down: multipart traps")
struct MultipartTrapTests {
    static let bodies: [(String, [UInt8])] = [
        ("multipart/form-data; boundary=", Array("x".utf8)),
        ("multipart/form-data; boundary=\"\"", Array("--\r\n\r\n".utf8)),
        ("multipart/form-data", Array("--X\r\n\r\n".utf8)),
        ("multipart/form-data; boundary=X", Array("--X\r\n".utf8) + [0xC3, 0xA9] + Array(": a\r\n\r\nb\r\n--X--\r\n".utf8)),
        ("multipart/form-data; boundary=X", Array("--X\r\nContent-Disposition: form-data; name=\"a\"\r\n".utf8) + [0xFF] + Array(": x\r\n\r\nb\r\n--X--\r\n".utf8)),
        ("multipart/form-data; boundary=X", Array("--X\r\nno colon here\r\n\r\nb\r\n--X--\r\n".utf8)),
        ("multipart/form-data; boundary=" + String(repeating: "b", count: 71), Array("x".utf8)),
    ]

    @Test func malformedMultipartIsA400OnEveryKindOfRoute() async throws {
        try await withMotCua { app in
            let token = try await app.bearer("tiepnhan")
            let created = try #require(try await app.createDossier(token: token))
            let paths = ["/api/v1/auth/login", "/dang-nhap", "/api/v1/dossiers", "/api/v1/dossiers/\(created.code)/transitions",
                         "/api/v1/dossiers/\(created.code)/attachments", "/mot-cua/tiep-nhan", "/quan-tri/co-quan"]
            for path in paths {
                for (type, body) in Self.bodies {
                    let res = try await app.testing().sendRequest(.POST, path, headers: ["Content-Type": type, "Authorization": "Bearer \(token)"],
                                                                  body: ByteBuffer(bytes: body))
                    // The counter's upload form refuses an anonymous sender before reading anything (401).
                    let refused: [HTTPStatus] = path == "/mot-cua/tiep-nhan" ? [.badRequest, .unauthorized, .forbidden] : [.badRequest]
                    #expect(refused.contains(res.status), "\(path) \(type): \(res.status)")
                }
            }
            // A well-formed form with a UTF-8 file name still passes the check.
            var form = CounterMultipart()
            form.file("file", filename: "giấy tờ.pdf", type: "application/pdf", bytes: CounterFiles.pdf)
            let ok = try await app.testing().sendRequest(.POST, "/api/v1/dossiers/\(created.code)/attachments",
                                                         headers: ["Authorization": "Bearer \(token)", "Content-Type": form.contentType], body: form.finished())
            #expect(ok.status == .created, "\(ok.body.string)")
        }
    }

    @Test func oddPathsUnderPublicFilesAreNotFound() async throws {
        try await withMotCua(seed: false) { app in
            for path in ["/favicon.svg/x", "/css/app.css/x", "/css/" + String(repeating: "a", count: 300), "/js/../../etc/passwd"] {
                let res = try await app.testing().sendRequest(.GET, path)
                #expect(res.status == .notFound || res.status == .forbidden, "\(path.prefix(30)): \(res.status)")
            }
            #expect(try await app.testing().sendRequest(.GET, "/css/app.css").status == .ok)
        }
    }
}
