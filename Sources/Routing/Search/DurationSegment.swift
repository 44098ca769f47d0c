/// The timing of a stretch of route, kept small enough to combine in O(1) (Vidal et al. 2013; PyVRP's
/// `DurationSegment`): its duration, the time warp it forces (arriving after a window closes counts as
/// travelling back in time, penalised rather than forbidden), and the window in which it can start.
struct DurationSegment {
    var first: Int
    var last: Int
    var duration: Int
    var timeWarp: Int
    var twEarly: Int
    var twLate: Int

    @inline(__always)
    init(first: Int, last: Int, duration: Int, timeWarp: Int, twEarly: Int, twLate: Int) {
        self.first = first; self.last = last; self.duration = duration; self.timeWarp = timeWarp
        self.twEarly = twEarly; self.twLate = twLate
    }

    /// A single visit: its service duration and window.
    @inline(__always)
    init(location: Int, service: Int, twEarly: Int, twLate: Int) {
        self.init(first: location, last: location, duration: service, timeWarp: 0, twEarly: twEarly, twLate: twLate)
    }

    /// `a` then `b`, travelling `edge` from a's last location to b's first.
    @inline(__always)
    static func merge(_ a: DurationSegment, _ b: DurationSegment, edge: Int) -> DurationSegment {
        let delta = a.duration - a.timeWarp + edge
        let deltaWait = max(b.twEarly - delta - a.twLate, 0)
        let deltaTimeWarp = max(a.twEarly + delta - b.twLate, 0)
        return DurationSegment(first: a.first, last: b.last,
                               duration: a.duration + b.duration + edge + deltaWait,
                               timeWarp: a.timeWarp + b.timeWarp + deltaTimeWarp,
                               twEarly: max(b.twEarly - delta, a.twEarly) - deltaWait,
                               twLate: min(b.twLate - delta, a.twLate) + deltaTimeWarp)
    }

    /// Time warp of a whole route, counting any excess over the maximum duration as time warp too.
    @inline(__always)
    func totalTimeWarp(maxDuration: Int) -> Int { timeWarp + max(duration - maxDuration, 0) }
}
