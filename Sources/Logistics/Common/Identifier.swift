import Foundation
import Synchronization

/// Makes string ids that sort by creation time (millisecond prefix), so a cursor can be the id itself.
public enum Identifier {
    /// Set by the demo seeder so that the same seed writes the same ids.
    @TaskLocal public static var seeded: SeededRandom?

    /// `prefix_` + 12 hex digits of Unix milliseconds + 10 random hex digits.
    public static func make(_ prefix: String, at date: Date = Date()) -> String {
        let millis = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        return "\(prefix)_\(hex(millis, width: 12))\(hex(random() & 0xFF_FFFF_FFFF, width: 10))"
    }

    /// A random number from the seeded source if one is set, else from the system.
    public static func random() -> UInt64 {
        seeded?.next() ?? UInt64.random(in: 0...UInt64.max)
    }

    static func hex(_ value: UInt64, width: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

/// SplitMix64: tiny, fast, and good enough to make demo data and tests repeatable.
public final class SeededRandom: RandomNumberGenerator, Sendable {
    private let state: Mutex<UInt64>

    public init(seed: UInt64) { state = Mutex(seed) }

    public func next() -> UInt64 {
        state.withLock { state in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
