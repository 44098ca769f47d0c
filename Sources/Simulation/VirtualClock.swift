import Foundation
import Synchronization

/// The simulator's time: every service of a simulated mall reads it (through `read`), and only the event
/// loop moves it, forward, to the next event. Nothing sleeps.
public final class VirtualClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date) { current = Mutex(start) }

    public var now: Date { current.withLock { $0 } }

    /// The clock as the services take it.
    public var read: @Sendable () -> Date { { [self] in now } }

    /// Moves to `time`; an event can never turn the clock back (one scheduled "now" for an earlier moment
    /// happens now).
    public func advance(to time: Date) {
        current.withLock { $0 = max($0, time) }
    }
}
