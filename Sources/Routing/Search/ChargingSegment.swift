/// The timing of a stretch of route for a vehicle that charges on the way, combinable in O(1) like
/// `DurationSegment`: how long a station visit charges depends on the distance driven since the last charging
/// point and until the next one, which a stretch may leave open at both of its ends.
///
/// Two charging policies a van can always drive are priced side by side, and a route takes the better:
/// - *early*: leave every charging point with a full battery except the last station of the route, where it
///   takes just enough to get home. A station charges what the van used since the previous charging point
///   (`in`), the last one `max(0, in + out − range)`; a depot nothing (a van leaves it full).
/// - *late*: charge at each station just enough to reach the next charging point. The first station after
///   the depot knows its arrival charge (`range − in`) and charges `max(0, in + out − range)`; a later one is
///   priced at `out`, the most it may need (it arrives with at least nothing), so never less than it charges.
/// With one station per route, the usual case, both are the least charging there is. With more, each charges
/// too much on some routes, never too little: a route priced on time is on time. Of the best known E-VRPTW
/// routes with stations, 63 of 367 are late under the early policy alone, 69 under the late one, 25 under
/// both. (Where waiting could absorb charging, the exact evaluator finds better; the search need not.)
///
/// Layout: `head` runs up to and including the visit of the first charging point (without its charging);
/// `middle`, when there are two or more, from the first one's departure to the last one's visit (the charging
/// at the charging points between them known, as both their distances are inside); `tail` from the last one's
/// departure to the end. The first charging point's charge waits for the distance before the stretch, the
/// last one's for the distance after it. `middle` is timed by the early policy, `middleLate` by the late one.
struct ChargingSegment {
    var range: RangeSegment
    var head: DurationSegment
    var middle: DurationSegment
    var middleLate: DurationSegment
    var tail: DurationSegment
    /// At least two charging points: `middle`, `firstOut` and `lastIn` hold.
    var several: Bool
    var firstIsStation: Bool
    var lastIsStation: Bool
    /// Whether the charging point after the first one is a depot (the first is then the last station).
    var secondIsDepot: Bool
    /// Whether the charging point before the last one is a depot (the last is then the route's first station).
    var penultimateIsDepot: Bool
    /// Distance from the first charging point to the second, and from the one before the last to the last.
    var firstOut: Int
    var lastIn: Int

    /// Nothing: merging it changes nothing.
    static let empty = DurationSegment(first: 0, last: 0, duration: 0, timeWarp: 0, twEarly: -(1 << 50), twLate: 1 << 50)

    /// One visit; `station` says whether it charges, `point` whether the range starts again there (a depot or
    /// a station).
    @inline(__always) static func single(_ visit: DurationSegment, point: Bool, station: Bool) -> ChargingSegment {
        ChargingSegment(range: .single(recharges: point), head: visit, middle: empty, middleLate: empty, tail: empty, several: false,
                        firstIsStation: station, lastIsStation: station, secondIsDepot: false, penultimateIsDepot: false, firstOut: 0, lastIn: 0)
    }

    /// Time a charging point charges, given the distance driven to it since the previous one and from it to
    /// the next one, and whether that next one is a depot; `rate` is the charging time per unit of distance
    /// in 1/1024ths.
    @inline(__always) static func charging(station: Bool, in before: Int, out after: Int, nextIsDepot: Bool, range: Int, rate: Int) -> Int {
        guard station, rate > 0 else { return 0 }
        let distance = nextIsDepot ? max(before + after - range, 0) : before
        return (distance * rate + 1023) >> 10
    }

    /// The late policy's time at a charging point: just enough to reach the next one, known exactly at the
    /// route's first station (it arrives with `range − in`), at most `out` at a later one.
    @inline(__always) static func lateCharging(station: Bool, in before: Int, out after: Int, previousIsDepot: Bool, range: Int, rate: Int) -> Int {
        guard station, rate > 0 else { return 0 }
        let distance = previousIsDepot ? max(before + after - range, 0) : after
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
            var middle = across, middleLate = across
            if a.several {
                let charge = charging(station: a.lastIsStation, in: a.lastIn, out: between, nextIsDepot: !b.firstIsStation, range: range, rate: rate)
                middle = DurationSegment.merge(delayed(a.middle, by: charge), across, edge: 0)
                let late = lateCharging(station: a.lastIsStation, in: a.lastIn, out: between, previousIsDepot: a.penultimateIsDepot, range: range, rate: rate)
                middleLate = DurationSegment.merge(delayed(a.middleLate, by: late), across, edge: 0)
            }
            if b.several {
                let charge = charging(station: b.firstIsStation, in: between, out: b.firstOut, nextIsDepot: b.secondIsDepot, range: range, rate: rate)
                middle = DurationSegment.merge(delayed(middle, by: charge), b.middle, edge: 0)
                let late = lateCharging(station: b.firstIsStation, in: between, out: b.firstOut, previousIsDepot: !a.lastIsStation, range: range, rate: rate)
                middleLate = DurationSegment.merge(delayed(middleLate, by: late), b.middleLate, edge: 0)
            }
            return ChargingSegment(range: joined, head: a.head, middle: middle, middleLate: middleLate, tail: b.tail, several: true,
                                   firstIsStation: a.firstIsStation, lastIsStation: b.lastIsStation,
                                   secondIsDepot: a.several ? a.secondIsDepot : !b.firstIsStation,
                                   penultimateIsDepot: b.several ? b.penultimateIsDepot : !a.lastIsStation,
                                   firstOut: a.several ? a.firstOut : between, lastIn: b.several ? b.lastIn : between)
        }
    }

    /// The whole route's timing, once it runs from depot to depot (so no charging is left open), by whichever
    /// policy is less late (then shorter).
    @inline(__always) var route: DurationSegment {
        guard several else { return DurationSegment.merge(head, tail, edge: 0) }
        let early = DurationSegment.merge(DurationSegment.merge(head, middle, edge: 0), tail, edge: 0)
        let late = DurationSegment.merge(DurationSegment.merge(head, middleLate, edge: 0), tail, edge: 0)
        return (late.timeWarp, late.duration) < (early.timeWarp, early.duration) ? late : early
    }
}
