import Foundation
import Testing
@testable import MotCuaCore

@Suite struct VietnamTimeTests {
    // 2027-04-14T10:00+07:00 = 03:00 UTC.
    let expected = Date(timeIntervalSince1970: 1_807_671_600)

    @Test(arguments: ["2027-04-14T10:00", "2027-04-14T10:00:00", "2027-04-14 10:00", "2027-04-14T10:00:00+07:00",
                      "2027-04-14T10:00+07:00", "2027-04-14T10:00:00+0700", "2027-04-14T03:00:00Z",
                      "2027-04-14T03:00Z", "2027-04-14T05:00:00+02:00", "2027-04-14T00:00:00-03:00",
                      "2027-04-14T10:00:00.000"])
    func parsesEveryAcceptedForm(_ text: String) {
        #expect(VietnamTime.parse(text) == expected)
    }

    @Test func keepsFractionalSeconds() throws {
        let d = try #require(VietnamTime.parse("2027-04-14T10:00:00.5"))
        #expect(d.timeIntervalSince(expected) == 0.5)
    }

    @Test(arguments: ["", "2027-04-14", "2027-04-14T", "2027-04-14T1000", "2027-04-14T24:00", "2027-04-14T10:60",
                      "2027-02-30T10:00", "2027-04-14T10:00:61", "2027-04-14T10:00+7", "2027-04-14T10:00ZZ",
                      "2027-04-14T10:00:00.", "2027-04-14X10:00", "2027-04-14T10:00 +07:00"])
    func rejectsMalformedInput(_ text: String) {
        #expect(VietnamTime.parse(text) == nil)
    }

    @Test func formatsInVietnamTime() throws {
        #expect(VietnamTime.format(expected) == "2027-04-14T10:00:00+07:00")
        // 17:00 UTC is midnight in Vietnam: the date rolls over.
        let utcEvening = try #require(VietnamTime.parse("2027-04-19T17:00:00Z"))
        #expect(VietnamTime.format(utcEvening) == "2027-04-20T00:00:00+07:00")
        #expect(VietnamTime.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T07:00:00+07:00")
        // Before 1970 as well (negative timestamps round toward the past).
        let old = try #require(VietnamTime.parse("1969-12-31T06:59:59"))
        #expect(VietnamTime.format(old) == "1969-12-31T06:59:59+07:00")
    }

    @Test func roundTrips() throws {
        for text in ["2027-04-20T17:00:00+07:00", "2000-02-29T00:00:00+07:00", "2100-12-31T23:59:59+07:00"] {
            let d = try #require(VietnamTime.parse(text))
            #expect(VietnamTime.format(d) == text)
        }
    }
}
