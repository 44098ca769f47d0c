/// The timing of a stretch of route for a vehicle that charges on the way, combinable in O(1) like
/// `DurationSegment`: how long a station visit charges depends on the distance driven since the last charging
/// point and until the next one, which a stretch may leave open at both of its ends.
///
/// The charging policy priced here is one a van can always drive: leave every charging point with a full
/// battery except the last station of the route, where it takes just enough to get home. So a station charges
/// what the van used since the previous charging point (`in`), the last one `max(0, in + out − range)`, and a
/// depot nothing (a van leaves it full). With one station per route, the usual case, that is the least charging
/// there is; with more it may charge more than needed, never less: a route this prices as on time is on time.
/// (Where waiting could absorb charging, the exact evaluator finds better; the search need not.)
///
/// Layout: `head` runs up to and including the visit of the first charging point (without its charging);
/// `middle`, when there are two or more, from the first one's departure to the last one's visit (the charging
/// at the charging points between them known, as both their distances are inside); `tail` from the last one's
/// departure to the end. The first charging point's charge waits for the distance before the stretch, the
/// last one's for the distance after it.
struct ChargingSegment {
    var range: RangeSegment
    var head: DurationSegment
    var middle: DurationSegment
    var tail: DurationSegment
    /// At least two charging points: `middle`, `firstOut` and `lastIn` hold.
    var several: Bool
    var firstIsStation: Bool
    var lastIsStation: Bool
    /// Whether the charging point after the first one is a depot (the first is then the last station).
    var secondIsDepot: Bool
    /// Distance from the first charging point to the second, and from the one before the last to the last.
    var firstOut: Int
    var lastIn: Int

    /// Nothing: merging it changes nothing.
    static let empty = DurationSegment(first: 0, last: 0, duration: 0, timeWarp: 0, twEarly: -(1 << 50), twLate: 1 << 50)

    /// One visit; `station` says whether it charges, `point` whether the range starts again there (a depot or
    /// a station).
    @inline(__always) static func single(_ visit: DurationSegment, point: Bool, station: Bool) -> ChargingSegment {
        ChargingSegment(range: .single(recharges: point), head: visit, middle: empty, tail: empty, several: false,
                        firstIsStation: station, lastIsStation: station, secondIsDepot: false, firstOut: 0, lastIn: 0)
    }

    /// Time a charging point charges, given the distance driven to it since the previous one and from it to
    /// the next one, and whether that next one is a depot; `rate` is the charging time per unit of distance
    /// in 1/1024ths.
    @inline(__always) static func charging(station: Bool, in before: Int, out after: Int, nextIsDepot: Bool, range: Int, rate: Int) -> Int {
        guard station, rate > 0 else { return 0 }
        let distance = nextIsDepot ? max(before + after - range, 0) : before
        return (distance * rate + 1023) >> 10
    }

    @inline(__always) static func delayed(_ s: DurationSegment, by time: Int) -> DurationSegment {
        var result = s
        result.duration += time
        return result
    }

    /// `a` then `b`, driving `edge` (distance) taking `travel` (time) between them.
    @inline(__always)
    static func merge(_ a: ChargingSegment, _ b: ChargingSegment, edge: Int, travel: Int, range: Int, rate: Int) -> ChargingSegment {
        let joined = RangeSegment.merge(a.range, b.range, edge: edge, range: range)
        switch (a.range.recharges, b.range.recharges) {
        case (false, _):
            var result = b
            result.range = joined
            result.head = DurationSegment.merge(a.head, b.head, edge: travel)
            return result
        case (true, false):
            var result = a
            result.range = joined
            result.tail = DurationSegment.merge(a.tail, b.head, edge: travel)
            return result
        case (true, true):
            let between = a.range.trail + edge + b.range.lead
            // From the departure at a's last charging point to the arrival at b's first one.
            let across = DurationSegment.merge(a.tail, b.head, edge: travel)
            var middle: DurationSegment
            if a.several {
                let charge = charging(station: a.lastIsStation, in: a.lastIn, out: between, nextIsDepot: !b.firstIsStation, range: range, rate: rate)
                middle = DurationSegment.merge(delayed(a.middle, by: charge), across, edge: 0)
            } else {
                middle = across
            }
            if b.several {
                let charge = charging(station: b.firstIsStation, in: between, out: b.firstOut, nextIsDepot: b.secondIsDepot, range: range, rate: rate)
                middle = DurationSegment.merge(delayed(middle, by: charge), b.middle, edge: 0)
            }
            return ChargingSegment(range: joined, head: a.head, middle: middle, tail: b.tail, several: true,
                                   firstIsStation: a.firstIsStation, lastIsStation: b.lastIsStation,
                                   secondIsDepot: a.several ? a.secondIsDepot : !b.firstIsStation,
                                   firstOut: a.several ? a.firstOut : between, lastIn: b.several ? b.lastIn : between)
        }
    }

    /// The whole route's timing, once it runs from depot to depot (so no charging is left open).
    @inline(__always) var route: DurationSegment {
        several ? DurationSegment.merge(DurationSegment.merge(head, middle, edge: 0), tail, edge: 0) : DurationSegment.merge(head, tail, edge: 0)
    }
}
