/// "HH:MM" as typed into a time field, Vietnam time.
enum TimeOfDay {
    /// Minutes since midnight of "HH:MM", or nil for anything else.
    static func minutes(_ text: String?) -> Int? {
        guard let text, text.utf8.count == 5, let colon = text.firstIndex(of: ":"),
              let hour = Int(text[..<colon]), let minute = Int(text[text.index(after: colon)...]),
              (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        return hour * 60 + minute
    }
}
