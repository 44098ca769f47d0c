import Foundation
import Logistics

/// Times on the wire: written as ISO 8601 UTC with milliseconds, read as RFC 3339 (the `date-time` format
/// of JSON Schema, so anything the OpenAPI document calls a time is accepted).
enum ISO8601 {
    static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// `2026-11-25T08:00:00.000Z`, always UTC with milliseconds. Written by hand: every time in every
    /// response passes here, and the format style costs microseconds per call.
    static func string(from date: Date) -> String {
        let millis = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        let days = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
        let ofDay = millis - days * 86_400_000
        let (year, month, day) = CivilDate.fromDays(days)
        guard (0...9999).contains(year) else { return withFraction.format(date) }
        var bytes = [UInt8](repeating: 0, count: 24)
        func put(_ value: Int, _ width: Int, at offset: Int) {
            var value = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(year, 4, at: 0)
        bytes[4] = UInt8(ascii: "-")
        put(month, 2, at: 5)
        bytes[7] = UInt8(ascii: "-")
        put(day, 2, at: 8)
        bytes[10] = UInt8(ascii: "T")
        put(ofDay / 3_600_000, 2, at: 11)
        bytes[13] = UInt8(ascii: ":")
        put(ofDay / 60_000 % 60, 2, at: 14)
        bytes[16] = UInt8(ascii: ":")
        put(ofDay / 1000 % 60, 2, at: 17)
        bytes[19] = UInt8(ascii: ".")
        put(ofDay % 1000, 3, at: 20)
        bytes[23] = UInt8(ascii: "Z")
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An RFC 3339 time: `2026-11-25T08:00:00Z`, with optional fraction, `t`/`z` in either case, or an offset.
    static func date(from text: String) -> Date? {
        guard let parts = LocalTime(text), let offset = parts.offsetSeconds else { return nil }
        return parts.date(offsetSeconds: offset)
    }
}

/// The pieces of `YYYY-MM-DD[T ]hh:mm:ss[.fraction][Z|±hh:mm]`, checked field by field (no Feb 30).
/// Without a zone, `offsetSeconds` is nil and the caller decides (carriers send China time).
struct LocalTime {
    var days: Int
    var secondOfDay: Int
    var fraction: Double
    var offsetSeconds: Int?

    init?(_ text: String) {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + width] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += width
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2), expect("Tt "),
            let hour = number(2), expect(":"), let minute = number(2), expect(":"), let second = number(2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60
        else { return nil }
        days = CivilDate.toDays(year: year, month: month, day: day)
        guard CivilDate.fromDays(days) == (year, month, day) else { return nil }
        secondOfDay = hour * 3600 + minute * 60 + second
        fraction = 0
        if expect(".") {
            let start = index
            var scale = 0.1
            while index < bytes.count, (48...57).contains(bytes[index]) {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        if index == bytes.count {
            offsetSeconds = nil
        } else if expect("Zz") {
            offsetSeconds = 0
        } else {
            let sign = index < bytes.count && bytes[index] == UInt8(ascii: "-") ? -1 : 1
            guard expect("+-"), let hours = number(2), expect(":"), let minutes = number(2), hours < 24, minutes < 60 else { return nil }
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
        }
        guard index == bytes.count else { return nil }
    }

    func date(offsetSeconds: Int) -> Date {
        Date(timeIntervalSince1970: Double(days * 86_400 + secondOfDay - offsetSeconds) + fraction)
    }
}
