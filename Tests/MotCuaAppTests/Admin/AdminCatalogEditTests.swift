import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import MotCuaApp

@Suite("Administration: editing agencies and procedures, the audit log")
struct AdminCatalogEditTests {
    // MARK: Agencies

    @Test func editsAnAgencyNameAndTier() async throws {
        try await withMotCua { app in
            let admin = try await WebSession.admin(app)
            let page = try await admin.get("/quan-tri/co-quan/\(DemoSeed.homeAgencyCode)")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("data-confirm="))
            let res = try await admin.post("/quan-tri/co-quan/\(DemoSeed.homeAgencyCode)", fields: [("name", "Ủy ban nhân dân thành phố Đà Lạt (mới)"), ("tier", "district")])
            #expect(res.status == .seeOther)
            let agency = try #require(try await Agency.find(code: DemoSeed.homeAgencyCode, on: app.db))
            #expect(agency.name == "Ủy ban nhân dân thành phố Đà Lạt (mới)")
            #expect(agency.path == "/000.00.00.H36/000.00.21.H36/", "the place in the tree is unchanged")
            let line = try #require(try await AdminFixtures.lastAudit(app))
            #expect(line.action == "agency.update" && line.targetID == DemoSeed.homeAgencyCode)
            #expect(line.summary.contains("→ “Ủy ban nhân dân thành phố Đà Lạt (mới)”"))
            #expect(try await AdminFixtures.auditCount(app) == 1)
        }
    }

    /// Issue 8: what slip 04 prints for an agency (place of the date line, the head, a deputy signing on their behalf).
    @Test func editsWhoSignsForAnAgencyAndWhereItDatesItsSlips() async throws {
        try await withMotCua { app in
            let admin = try await WebSession.admin(app)
            let page = try await admin.get("/quan-tri/co-quan/000.01.21.H36")
            #expect(page.body.string.contains("placeholder=\"Đà Lạt\""))
            #expect(page.body.string.contains("placeholder=\"Trưởng phòng\""))
            let res = try await admin.post("/quan-tri/co-quan/000.01.21.H36", fields: [
                ("name", "Phòng Tư pháp thành phố Đà Lạt"), ("tier", "district"), ("place", "Thành phố Đà Lạt"),
                ("headTitle", ""), ("headName", "Võ Thị Ngọc Anh"), ("deputyName", "Lý Minh Tuấn")])
            #expect(res.status == .seeOther)
            let agency = try #require(try await Agency.find(code: "000.01.21.H36", on: app.db))
            #expect(agency.placeName == "Thành phố Đà Lạt")
            #expect(AgencySigner(agency) == AgencySigner(onBehalfOf: "KT. TRƯỞNG PHÒNG", title: "PHÓ TRƯỞNG PHÒNG", name: "Lý Minh Tuấn"))
            let line = try #require(try await AdminFixtures.lastAudit(app))
            #expect(line.summary.contains("Cấp phó ký thay") && line.summary.contains("“Lý Minh Tuấn”"))
            #expect(line.summary.contains("Địa danh") && line.summary.contains("“Thành phố Đà Lạt”"))
            let bad = try await admin.post("/quan-tri/co-quan/000.01.21.H36", fields: [
                ("name", "Phòng Tư pháp thành phố Đà Lạt"), ("tier", "district"), ("headName", String(repeating: "A", count: 101))])
            #expect(bad.status == .unprocessableEntity)
            #expect(try await Agency.find(code: "000.01.21.H36", on: app.db)?.deputyName == "Lý Minh Tuấn")
        }
    }

    @Test func badAgencyInputChangesNothing() async throws {
        try await withMotCua { app in
            let admin = try await WebSession.admin(app)
            try await admin.get("/quan-tri/co-quan/\(DemoSeed.homeAgencyCode)")
            let empty = try await admin.post("/quan-tri/co-quan/\(DemoSeed.homeAgencyCode)", fields: [("name", "   "), ("tier", "district")])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("Vui lòng nhập tên cơ quan"))
            let tier = try await admin.post("/quan-tri/co-quan/\(DemoSeed.homeAgencyCode)", fields: [("name", "Tên giữ lại"), ("tier", "galaxy")])
            #expect(tier.status == .unprocessableEntity)
            #expect(tier.body.string.contains("Tên giữ lại"))
            #expect(try await Agency.find(code: DemoSeed.homeAgencyCode, on: app.db)?.name == "Ủy ban nhân dân thành phố Đà Lạt")
            #expect(try await admin.get("/quan-tri/co-quan/000.00.00.X00").status == .notFound)
            #expect(try await AdminFixtures.auditCount(app) == 0)
            // Creating one writes its line.
            try await admin.get("/quan-tri/co-quan")
            let created = try await admin.post("/quan-tri/co-quan", fields: [("code", "000.14.21.H36"), ("name", "Ủy ban nhân dân Phường 3"), ("tier", "commune"), ("parent", DemoSeed.homeAgencyCode)])
            #expect(created.status == .seeOther)
            #expect(try await AdminFixtures.lastAudit(app)?.action == "agency.create")
        }
    }

    // MARK: Procedures

    @Test func editsAFeeAComponentAndAStep() async throws {
        try await withMotCua { app in
            // setup
            let code = AdminFixtures.birthRegistration
            let before = try await AdminFixtures.procedure(code, app)
            let admin = try await WebSession.admin(app)
            let page = try await admin.get("/quan-tri/thu-tuc/\(code)")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Tờ khai đăng ký khai sinh theo mẫu"))
            // act: the first fee costs 50.000 đồng, a component needs 2 copies, a new component is added, the third step is renamed
            let n = before.components.count
            let res = try await admin.post("/quan-tri/thu-tuc/\(code)", fields: AdminFixtures.procedureFields(before, changes: [
                "fees[0][amount]": "50.000", "components[0][copies]": "2", "components[\(n)][name]": "Ảnh 4x6", "steps[2][name]": "Ký duyệt và đóng dấu",
                "name": "Đăng ký khai sinh (thử nghiệm)"]))
            // assert
            #expect(res.status == .seeOther, "\(res.body.string)")
            let after = try await AdminFixtures.procedure(code, app)
            #expect(after.fees[0].amountVND == 50_000)
            #expect(after.fees[1] == before.fees[1])
            #expect(after.components[0].copies == 2)
            #expect(after.components.count == n + 1 && after.components[n].name == "Ảnh 4x6" && after.components[n].conditional == nil)
            #expect(after.components.dropLast().map(\.name) == before.components.map(\.name))
            #expect(after.steps[2].name == "Ký duyệt và đóng dấu")
            #expect(after.searchText.contains("thu nghiem"), "the catalogue search sees the new name: \(after.searchText)")
            #expect(try await AdminFixtures.auditCount(app) == 1)
            let line = try #require(try await AdminFixtures.lastAudit(app))
            #expect(line.action == "procedure.update" && line.targetID == code)
            #expect(line.summary.contains("50.000 đồng"), "\(line.summary)")
            #expect(line.summary.contains("thêm “Ảnh 4x6”"), "\(line.summary)")
            let catalogue = try await app.testing().sendRequest(.GET, "/thu-tuc?q=thu+nghiem")
            #expect(catalogue.body.string.contains("Đăng ký khai sinh (thử nghiệm)"))
        }
    }

    @Test func removesARowAndDeactivates() async throws {
        try await withMotCua { app in
            let code = AdminFixtures.birthRegistration
            let before = try await AdminFixtures.procedure(code, app)
            let admin = try await WebSession.admin(app)
            try await admin.get("/quan-tri/thu-tuc/\(code)")
            var fields = AdminFixtures.procedureFields(before, changes: ["fees[1][remove]": "1"])
            fields.removeAll { $0.0 == "isActive" }
            let res = try await admin.post("/quan-tri/thu-tuc/\(code)", fields: fields)
            #expect(res.status == .seeOther, "\(res.body.string)")
            let after = try await AdminFixtures.procedure(code, app)
            #expect(after.fees.count == before.fees.count - 1)
            #expect(!after.isActive)
            // Out of the public catalogue, still in the administrator's list.
            #expect(!(try await app.testing().sendRequest(.GET, "/thu-tuc?q=khai+sinh")).body.string.contains("/thu-tuc/\(code)\""))
            let list = try await admin.get("/quan-tri/thu-tuc?q=khai+sinh")
            #expect(list.body.string.contains(code) && list.body.string.contains("Ngừng áp dụng"))
        }
    }

    @Test(arguments: [
        (["fees[0][amount]": "năm mươi nghìn"], "số tiền phải là số đồng nguyên"),
        (["fees[0][amount]": "99999999999999999999999"], "số tiền phải là số đồng nguyên"),
        (["fees[0][amount]": "-5"], "số tiền phải là số đồng nguyên"),
        (["components[0][copies]": "-1"], "số bản phải là số nguyên từ 1 đến 50"),
        (["components[0][copies]": "9223372036854775808"], "số bản phải là số nguyên từ 1 đến 50"),
        (["steps[0][days]": "0,3"], "chia nhỏ nhất 0,25 ngày"),
        (["steps[0][days]": "1e308"], "chia nhỏ nhất 0,25 ngày"),
        (["steps[0][days]": "1"], "Tổng thời gian các bước (1 ngày) phải bằng thời hạn giải quyết (0 ngày)"),
        (["legalDays": "366"], "Thời hạn giải quyết phải là số ngày nguyên từ 0 đến 365"),
        (["legalDays": "99999999999999999999"], "Thời hạn giải quyết phải là số ngày nguyên từ 0 đến 365"),
        (["level": "5"], "Mức độ dịch vụ công phải là số từ 1 đến 4"),
        (["agency": "999.99.99.H99"], "không tồn tại"),
        (["name": ""], "Vui lòng nhập tên thủ tục"),
        (["components[1][name]": "Tờ khai đăng ký khai sinh theo mẫu"], "đã có ở dòng trên"),
        (["steps[1][unit]": ""], "vui lòng ghi đơn vị hoặc người thực hiện"),
        (["components[0][name]": "Tờ\u{202E}khai"], "ký tự không được phép"),
    ] as [([String: String], String)])
    func badProcedureInputIsRefusedWithTheFormKeptAndChangesNothing(_ changes: [String: String], message: String) async throws {
        try await withMotCua { app in
            let code = AdminFixtures.birthRegistration
            let before = try await AdminFixtures.procedure(code, app)
            let admin = try await WebSession.admin(app)
            try await admin.get("/quan-tri/thu-tuc/\(code)")
            let res = try await admin.post("/quan-tri/thu-tuc/\(code)", fields: AdminFixtures.procedureFields(before, changes: changes.merging(["result": "Kết quả đã gõ"]) { a, _ in a }))
            #expect(res.status == .unprocessableEntity, "\(changes): \(res.status)")
            #expect(res.body.string.contains(message), "\(changes)")
            #expect(res.body.string.contains("Kết quả đã gõ"), "the form keeps what was typed")
            let after = try await AdminFixtures.procedure(code, app)
            #expect(after.feesJSON == before.feesJSON && after.componentsJSON == before.componentsJSON && after.stepsJSON == before.stepsJSON)
            #expect(after.result == before.result && after.legalDays == before.legalDays)
            #expect(try await AdminFixtures.auditCount(app) == 0)
        }
    }

    @Test func malformedRowKeysAreA400NotA500() async throws {
        try await withMotCua { app in
            let code = AdminFixtures.birthRegistration
            let before = try await AdminFixtures.procedure(code, app)
            let admin = try await WebSession.admin(app)
            try await admin.get("/quan-tri/thu-tuc/\(code)")
            for extra in [("components[x][name]", "A"), ("components[99999][name]", "A"), ("fees[-1][name]", "A")] {
                let res = try await admin.post("/quan-tri/thu-tuc/\(code)", fields: AdminFixtures.procedureFields(before) + [extra])
                #expect((400..<500).contains(res.status.code), "\(extra): \(res.status)")
            }
            // Stray values beside the rows are ignored: nothing to save, nothing broken.
            for extra in [("fees", "A"), ("steps[0]", "x"), ("steps[0][days][x]", "1")] {
                let res = try await admin.post("/quan-tri/thu-tuc/\(code)", fields: AdminFixtures.procedureFields(before) + [extra])
                #expect(res.status.code < 500, "\(extra): \(res.status)")
            }
            #expect(try await AdminFixtures.procedure(code, app).stepsJSON == before.stepsJSON)
            #expect(try await AdminFixtures.auditCount(app) == 0)
        }
    }

    @Test func createsAProcedureWithAUniqueCode() async throws {
        try await withMotCua { app in
            let admin = try await WebSession.admin(app)
            #expect(try await admin.get("/quan-tri/thu-tuc/moi").status == .ok)
            let code = "2.000123.000.00.00.H36"
            let res = try await admin.post("/quan-tri/thu-tuc", fields: AdminFixtures.newProcedure(code: code))
            #expect(res.status == .seeOther, "\(res.body.string)")
            let created = try await AdminFixtures.procedure(code, app)
            #expect(created.isActive && created.level == 3 && created.legalDays == 5)
            #expect(created.steps.map(\.days) == [0.5, 4, 0.5])
            #expect(created.fees == [ProcedureFee(name: "Lệ phí cấp phép", amountVND: 100_000, note: nil)])
            #expect(created.components[1].presentOnly == true)
            #expect(created.legalBasis == ["Luật A", "Nghị định B"])
            #expect(created.searchText.contains("thu nghiem quan tri"))
            let line = try #require(try await AdminFixtures.lastAudit(app))
            #expect(line.action == "procedure.create" && line.targetID == code)
            // In the public catalogue at once.
            #expect(try await app.testing().sendRequest(.GET, "/thu-tuc/\(code)").status == .ok)

            let duplicate = try await admin.post("/quan-tri/thu-tuc", fields: AdminFixtures.newProcedure(code: code, name: "Bản trùng mã"))
            #expect(duplicate.status == .conflict)
            #expect(duplicate.body.string.contains("đã có trong danh mục"))
            #expect(duplicate.body.string.contains("Bản trùng mã"), "the form keeps what was typed")
            let malformed = try await admin.post("/quan-tri/thu-tuc", fields: AdminFixtures.newProcedure(code: "2.123.H36"))
            #expect(malformed.status == .unprocessableEntity)
            #expect(malformed.body.string.contains("không đúng định dạng"))
            #expect(try await Procedure.query(on: app.db).filter(\.$code == "2.123.H36").count() == 0)
            #expect(try await AdminFixtures.auditCount(app) == 1)
        }
    }

    @Test func everyChangeFormAsksForConfirmation() async throws {
        try await withMotCua { app in
            let admin = try await WebSession.admin(app)
            for path in ["/quan-tri/nguoi-dung", "/quan-tri/nguoi-dung/chuyenvien", "/quan-tri/co-quan", "/quan-tri/co-quan/\(DemoSeed.homeAgencyCode)",
                         "/quan-tri/thu-tuc/moi", "/quan-tri/thu-tuc/\(AdminFixtures.birthRegistration)", "/quan-tri/lich-nghi?nam=2027"] {
                let html = try await admin.get(path).body.string
                let forms = html.components(separatedBy: "<form").dropFirst().map { $0.prefix { $0 != ">" } }.filter { $0.contains("method=\"post\"") }
                    .filter { !$0.contains("/dang-xuat") }
                #expect(!forms.isEmpty, "\(path)")
                for form in forms { #expect(form.contains("data-confirm=\""), "\(path): \(form)") }
            }
        }
    }

    // MARK: The log

    @Test func theLogListsChangesNewestFirstWithThePager() async throws {
        try await withMotCua { app in
            let admin = try await WebSession.admin(app)
            try await admin.get("/quan-tri/lich-nghi?nam=2027")
            #expect(try await admin.post("/quan-tri/lich-nghi?nam=2027", form: ["date": "2027-04-19", "kind": "off", "name": "Nghỉ thêm"]).status == .seeOther)
            try await Task.sleep(for: .milliseconds(20))
            #expect(try await admin.post("/quan-tri/lich-nghi/xoa", form: ["date": "2027-04-19"]).status == .seeOther)
            let home = try await admin.get("/quan-tri")
            #expect(home.body.string.contains("/quan-tri/nhat-ky"))
            let log = try await admin.get("/quan-tri/nhat-ky").body.string
            let removed = try #require(log.range(of: "Bỏ điều chỉnh lịch nghỉ"))
            let added = try #require(log.range(of: "Điều chỉnh lịch nghỉ</span>"))
            #expect(removed.lowerBound < added.lowerBound, "newest first")
            #expect(log.contains("quantri"))
            let second = try await admin.get("/quan-tri/nhat-ky?per=1&page=2")
            #expect(second.status == .ok && second.body.string.contains("Nghỉ thêm") && second.body.string.contains("aria-label=\"Phân trang\""))
            #expect(try await admin.get("/quan-tri/nhat-ky?page=0").status == .badRequest)
        }
    }
}
