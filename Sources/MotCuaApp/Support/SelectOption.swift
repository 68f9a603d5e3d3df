/// One `<option>` of a select list in a template.
struct SelectOption: Encodable, Sendable {
    let value: String
    let label: String
    let selected: Bool
}
