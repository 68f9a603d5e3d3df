import Foundation

/// Hồ Ngọc Đức's method for the Vietnamese lunar calendar ("Âm lịch Việt Nam"):
/// months start on the local day of the astronomical new moon, month 11 contains the
/// winter solstice, and in a 13-month year the first month without a major solar term
/// is the leap month. New moons and sun longitudes follow Jean Meeus, "Astronomical
/// Algorithms"; everything is evaluated for the Vietnamese time zone (UTC+7), which is
/// why some years (1985, 2007, …) differ from the Chinese calendar (UTC+8).
///
/// These are the reference formulas, kept literal so results match published tables.
/// `LunarCalendar` tabulates them once; the direct conversions below serve years outside
/// the table and as a cross-check in tests.
enum LunarAstronomy {
    static let timeZone = 7.0

    /// Julian day number of a Gregorian date.
    static func julianDay(_ date: LocalDate) -> Int { date.dayNumber + 2_440_588 }

    static func localDate(julianDay jd: Int) -> LocalDate { LocalDate(dayNumber: jd - 2_440_588) }

    /// Instant (Julian date, UT) of the k-th new moon after the one of 1900-01-01.
    static func newMoon(_ k: Int) -> Double {
        let k = Double(k)
        let t = k / 1236.85
        let t2 = t * t
        let t3 = t2 * t
        let dr = Double.pi / 180
        var jd1 = 2_415_020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
        jd1 += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
        let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
        let mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
        let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
        var c1 = (0.1734 - 0.000393 * t) * sin(m * dr) + 0.0021 * sin(2 * dr * m)
        c1 = c1 - 0.4068 * sin(mpr * dr) + 0.0161 * sin(dr * 2 * mpr)
        c1 = c1 - 0.0004 * sin(dr * 3 * mpr)
        c1 = c1 + 0.0104 * sin(dr * 2 * f) - 0.0051 * sin(dr * (m + mpr))
        c1 = c1 - 0.0074 * sin(dr * (m - mpr)) + 0.0004 * sin(dr * (2 * f + m))
        c1 = c1 - 0.0004 * sin(dr * (2 * f - m)) - 0.0006 * sin(dr * (2 * f + mpr))
        c1 = c1 + 0.0010 * sin(dr * (2 * f - mpr)) + 0.0005 * sin(dr * (2 * mpr + m))
        let deltaT: Double
        if t < -11 {
            deltaT = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
        } else {
            deltaT = -0.000278 + 0.000265 * t + 0.000262 * t2
        }
        return jd1 + c1 - deltaT
    }

    /// Sun's apparent longitude in radians, normalised to [0, 2π).
    static func sunLongitude(_ jdn: Double) -> Double {
        let t = (jdn - 2_451_545.0) / 36525
        let t2 = t * t
        let dr = Double.pi / 180
        let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
        let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
        var dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(dr * m)
        dl = dl + (0.019993 - 0.000101 * t) * sin(dr * 2 * m) + 0.000290 * sin(dr * 3 * m)
        var l = (l0 + dl) * dr
        l = l - Double.pi * 2 * (l / (Double.pi * 2)).rounded(.down)
        return l
    }

    /// Julian day number of the local day of the k-th new moon.
    static func newMoonDay(_ k: Int) -> Int {
        Int((newMoon(k) + 0.5 + timeZone / 24).rounded(.down))
    }

    /// Which 30° sector (0…11) the sun is in at local midnight starting the given day.
    static func sunSector(_ dayNumber: Int) -> Int {
        Int((sunLongitude(Double(dayNumber) - 0.5 - timeZone / 24) / Double.pi * 6).rounded(.down))
    }

    static let synodicMonth = 29.530588853
    static let firstNewMoonJD = 2_415_021.076998695

    /// Julian day number on which month 11 (the winter-solstice month) begins in Gregorian `year`.
    static func lunarMonth11(_ year: Int) -> Int {
        let off = julianDay(LocalDate(year: year, month: 12, day: 31)) - 2_415_021
        let k = Int((Double(off) / synodicMonth).rounded(.down))
        let nm = newMoonDay(k)
        // Sector 9 starts at 270°: if the sun has already passed the solstice, month 11 began one moon earlier.
        return sunSector(nm) >= 9 ? newMoonDay(k - 1) : nm
    }

    /// In a 13-month year starting at `a11`, the offset (from month 11) of the leap month.
    static func leapMonthOffset(_ a11: Int) -> Int {
        let k = Int((0.5 + (Double(a11) - firstNewMoonJD) / synodicMonth).rounded(.down))
        var last = 0
        var i = 1
        var arc = sunSector(newMoonDay(k + i))
        repeat {
            last = arc
            i += 1
            arc = sunSector(newMoonDay(k + i))
        } while arc != last && i < 14
        return i - 1
    }

    /// Direct conversion (slow: several new moons per call).
    static func lunarDate(julianDay dayNumber: Int) -> LunarDate {
        let yy = localDate(julianDay: dayNumber).year
        var k = Int(((Double(dayNumber) - firstNewMoonJD) / synodicMonth).rounded(.down)) + 1
        var monthStart = newMoonDay(k)
        // The published code steps back only once; when the estimate is a whole month ahead
        // (e.g. 2054-05-07) that yields day 0, so keep stepping.
        while monthStart > dayNumber {
            k -= 1
            monthStart = newMoonDay(k)
        }
        var a11 = lunarMonth11(yy)
        var b11 = a11
        var lunarYear: Int
        if a11 >= monthStart {
            lunarYear = yy
            a11 = lunarMonth11(yy - 1)
        } else {
            lunarYear = yy + 1
            b11 = lunarMonth11(yy + 1)
        }
        let lunarDay = dayNumber - monthStart + 1
        let diff = (monthStart - a11) / 29
        var leap = false
        var lunarMonth = diff + 11
        if b11 - a11 > 365 {
            let leapDiff = leapMonthOffset(a11)
            if diff >= leapDiff {
                lunarMonth = diff + 10
                leap = diff == leapDiff
            }
        }
        if lunarMonth > 12 { lunarMonth -= 12 }
        if lunarMonth >= 11 && diff < 4 { lunarYear -= 1 }
        return LunarDate(year: lunarYear, month: lunarMonth, day: lunarDay, leap: leap)
    }

    /// Direct conversion back; nil when the lunar date does not exist.
    static func julianDay(lunar: LunarDate) -> Int? {
        guard (1...12).contains(lunar.month), (1...30).contains(lunar.day) else { return nil }
        let a11: Int, b11: Int
        if lunar.month < 11 {
            a11 = lunarMonth11(lunar.year - 1)
            b11 = lunarMonth11(lunar.year)
        } else {
            a11 = lunarMonth11(lunar.year)
            b11 = lunarMonth11(lunar.year + 1)
        }
        let k = Int((0.5 + (Double(a11) - firstNewMoonJD) / synodicMonth).rounded(.down))
        var off = lunar.month - 11
        if off < 0 { off += 12 }
        if b11 - a11 > 365 {
            let leapOff = leapMonthOffset(a11)
            // The leap month repeats the number of the month before it.
            let leapMonth = (leapOff + 9) % 12 + 1
            if lunar.leap && lunar.month != leapMonth { return nil }
            if lunar.leap || off >= leapOff { off += 1 }
        } else if lunar.leap {
            return nil
        }
        let jd = newMoonDay(k + off) + lunar.day - 1
        // Day 30 of a 29-day month would land in the next month.
        return lunarDate(julianDay: jd) == lunar ? jd : nil
    }
}
