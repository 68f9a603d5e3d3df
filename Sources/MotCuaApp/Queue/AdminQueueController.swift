import Fluent
import Vapor

/// `/quan-tri/hang-cho`: the administrator's configuration of their centre's queue — service areas with their prefix
/// and opening hours, counters with the areas they serve and the officer sitting there.
struct AdminQueueController: RouteCollection {
    func boot(routes: RoutesBuilder) throws {
        routes.get("hang-cho", use: show)
        routes.post("hang-cho", "linh-vuc", use: saveArea)
        routes.post("hang-cho", "quay", use: saveCounter)
    }

    struct AreaRow: Encodable { let code: String; let name: String; let prefix: String; let opens: String; let closes: String; let hours: String }
    struct AreaChoice: Encodable { let code: String; let name: String; let checked: Bool }
    struct CounterRow: Encodable { let code: String; let name: String; let number: Int; let officer: String; let areas: [AreaChoice]; let officerOptions: [SelectOption] }
    struct Page: Encodable {
        let title: String
        let page: PageContext
        let centre: String
        let areas: [AreaRow]
        let counters: [CounterRow]
        let allAreas: [AreaChoice]
        let officerOptions: [SelectOption]
        let notice: String?
        let error: String?
        /// What was typed into the "add" forms when saving failed, so that nothing is typed twice.
        let typed: Typed
    }
    struct Typed: Encodable { var code = "", name = "", prefix = "", opens = "", closes = "", number = "" }

    private func agency(_ req: Request) async throws -> Agency {
        let user = try req.requireUser()
        guard let id = user.$agency.id, let agency = try await Agency.find(id, on: req.db) else {
            throw AppError(.forbidden, "no_agency", "Tài khoản quản trị chưa thuộc cơ quan nào nên không cấu hình được hàng chờ.")
        }
        return agency
    }

    @Sendable func show(req: Request) async throws -> View {
        try await render(req, notice: req.takeNotice(), error: nil)
    }

    private func render(_ req: Request, notice: String?, error: String?, typed: Typed = Typed()) async throws -> View {
        let agency = try await agency(req)
        let agencyID = try agency.requireID()
        let areas = try await QueueArea.query(on: req.db).filter(\.$agency.$id == agencyID).sort(\.$position).all()
        let counters = try await QueueCounter.query(on: req.db).filter(\.$agency.$id == agencyID).sort(\.$number).all()
        let officers = try await User.query(on: req.db).filter(\.$agency.$id == agencyID).filter(\.$isActive == true)
            .filter(\.$rolesValue ~~ Role.receptionist.rawValue).sort(\.$fullName).all()
        func officerOptions(_ selected: UUID?) -> [SelectOption] {
            [SelectOption(value: "", label: "— Chưa có người ngồi —", selected: selected == nil)]
                + officers.map { SelectOption(value: $0.username, label: $0.fullName, selected: $0.id == selected) }
        }
        let names = Dictionary(officers.compactMap { officer in officer.id.map { ($0, officer.fullName) } }, uniquingKeysWith: { a, _ in a })
        return try await req.view.render("Queue/admin", Page(
            title: "Cấu hình hàng chờ", page: PageContext(req, forms: true), centre: agency.name,
            areas: areas.map { AreaRow(code: $0.code, name: $0.name, prefix: $0.prefix, opens: $0.opens ?? "", closes: $0.closes ?? "", hours: $0.hoursLabel) },
            counters: counters.map { counter in
                CounterRow(code: counter.code, name: counter.name, number: counter.number,
                           officer: counter.$officer.id.flatMap { names[$0] } ?? "—",
                           areas: areas.map { AreaChoice(code: $0.code, name: $0.name, checked: counter.areaCodes.contains($0.code)) },
                           officerOptions: officerOptions(counter.$officer.id))
            },
            allAreas: areas.map { AreaChoice(code: $0.code, name: $0.name, checked: false) },
            officerOptions: officerOptions(nil), notice: notice, error: error, typed: typed))
    }

    private func refuse(_ req: Request, _ message: String, typed form: PostedForm) async throws -> Response {
        func value(_ name: String) -> String { String((form.value(name) ?? "").prefix(100)) }
        let typed = Typed(code: value("code"), name: value("name"), prefix: value("prefix"), opens: value("opens"),
                          closes: value("closes"), number: value("number"))
        return try await render(req, notice: nil, error: message, typed: typed).encodeResponse(status: .unprocessableEntity, for: req)
    }

    static func validCode(_ code: String) -> Bool {
        !code.isEmpty && code.utf8.count <= 32 && code.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }

    @Sendable func saveArea(req: Request) async throws -> Response {
        let agencyID = try await agency(req).requireID()
        let form = try await PostedForm.read(req)
        func text(_ name: String) -> String { (form.value(name) ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let code = text("code").lowercased(), name = text("name"), prefix = text("prefix").uppercased()
        let opens = text("opens"), closes = text("closes")
        guard Self.validCode(code) else { return try await refuse(req, "Mã lĩnh vực gồm chữ thường không dấu, số và dấu gạch ngang (tối đa 32 ký tự), ví dụ “ho-tich”.", typed: form) }
        guard !name.isEmpty, name.count <= 100 else { return try await refuse(req, "Vui lòng ghi tên lĩnh vực (tối đa 100 ký tự).", typed: form) }
        guard (1...3).contains(prefix.count), prefix.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) && $0.isASCII }) else {
            return try await refuse(req, "Tiền tố số thứ tự gồm 1–3 chữ cái hoặc chữ số, ví dụ “A” hoặc “1”.", typed: form)
        }
        let hours: (String?, String?)
        switch (opens.isEmpty, closes.isEmpty) {
        case (true, true): hours = (nil, nil)
        case (false, false):
            guard let start = QueueArea.minutes(opens), let end = QueueArea.minutes(closes), start < end else {
                return try await refuse(req, "Giờ cấp số phải dạng GG:PP, giờ mở trước giờ đóng (ví dụ 07:30 và 17:00).", typed: form)
            }
            hours = (opens, closes)
        default:
            return try await refuse(req, "Ghi cả giờ bắt đầu và giờ kết thúc cấp số, hoặc để trống cả hai (cấp số cả ngày).", typed: form)
        }
        let clash = try await QueueArea.query(on: req.db).filter(\.$prefix == prefix).filter(\.$code != code).filter(\.$agency.$id == agencyID).first()
        if let clash { return try await refuse(req, "Tiền tố “\(prefix)” đã dùng cho lĩnh vực “\(clash.name)”: hai lĩnh vực cùng tiền tố sẽ in trùng số.", typed: form) }
        try await req.writeTransaction { db in
            if let area = try await QueueArea.query(on: db).filter(\.$code == code).first() {
                guard area.$agency.id == agencyID else { throw AppError(.conflict, "area_code_taken", "Mã lĩnh vực “\(code)” đã được một trung tâm khác dùng.") }
                area.name = name; area.prefix = prefix; area.opens = hours.0; area.closes = hours.1
                try await area.save(on: db)
            } else {
                let position = (try await QueueArea.query(on: db).filter(\.$agency.$id == agencyID).max(\.$position) ?? 0) + 1
                let area = QueueArea(agencyID: agencyID, code: code, name: name, prefix: prefix, position: position)
                area.opens = hours.0; area.closes = hours.1
                try await area.create(on: db)
            }
        }
        return req.redirect(to: "/quan-tri/hang-cho", notice: "Đã lưu lĩnh vực “\(name)”.")
    }

    @Sendable func saveCounter(req: Request) async throws -> Response {
        let agencyID = try await agency(req).requireID()
        let form = try await PostedForm.read(req)
        func text(_ name: String) -> String { (form.value(name) ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let code = text("code").uppercased(), officerName = text("officer")
        guard !code.isEmpty, code.count <= 16, code.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) && $0.isASCII }) else {
            return try await refuse(req, "Mã quầy gồm chữ cái và chữ số không dấu (tối đa 16 ký tự), ví dụ “Q7”.", typed: form)
        }
        guard let number = Int(text("number")), (1...999).contains(number) else {
            return try await refuse(req, "Số quầy (được đọc khi gọi: “đến quầy số 3”) là một số từ 1 đến 999.", typed: form)
        }
        let known = Set(try await QueueArea.query(on: req.db).filter(\.$agency.$id == agencyID).all(\.$code))
        let areas = form.values("areas").filter(known.contains)
        guard !areas.isEmpty else { return try await refuse(req, "Chọn ít nhất một lĩnh vực mà quầy phục vụ.", typed: form) }
        var chosenOfficer: UUID? = nil
        if !officerName.isEmpty {
            guard let officer = try await User.query(on: req.db).filter(\.$username == officerName).filter(\.$agency.$id == agencyID).first(),
                  officer.has(.receptionist) else {
                return try await refuse(req, "Người ngồi quầy phải là cán bộ tiếp nhận của trung tâm.", typed: form)
            }
            chosenOfficer = officer.id
        }
        let officerID = chosenOfficer
        try await req.writeTransaction { db in
            if let counter = try await QueueCounter.query(on: db).filter(\.$code == code).first() {
                guard counter.$agency.id == agencyID else { throw AppError(.conflict, "counter_code_taken", "Mã quầy “\(code)” đã được một trung tâm khác dùng.") }
                counter.number = number; counter.name = "Quầy \(number)"; counter.areaCodesValue = areas.joined(separator: ",")
                counter.$officer.id = officerID
                try await counter.save(on: db)
            } else {
                try await QueueCounter(agencyID: agencyID, code: code, name: "Quầy \(number)", number: number, areaCodes: areas, officerID: officerID)
                    .create(on: db)
            }
        }
        return req.redirect(to: "/quan-tri/hang-cho", notice: "Đã lưu quầy số \(number).")
    }
}
