/// The range a stretch of route needs between charging points, kept small enough to combine in O(1) like
/// `DurationSegment`: a van's range restarts at every depot and at every client that `recharges` (a charging
/// station), so what matters is the distance from the stretch's start to its first charging point (`lead`),
/// from its last one to its end (`trail`), and how far the legs between charging points *inside* it overran
/// the range (`excess`). Without a charging point inside, `lead` is the stretch's whole length.
struct RangeSegment {
    var lead: Int
    var trail: Int
    var excess: Int
    var recharges: Bool

    /// One visit: a charging point closes the distance before it and opens the distance after it.
    @inline(__always) static func single(recharges: Bool) -> RangeSegment {
        RangeSegment(lead: 0, trail: 0, excess: 0, recharges: recharges)
    }

    /// `a` then `b`, driving `edge` between them, for a vehicle with range `range`.
    @inline(__always)
    static func merge(_ a: RangeSegment, _ b: RangeSegment, edge: Int, range: Int) -> RangeSegment {
        switch (a.recharges, b.recharges) {
        case (false, false): RangeSegment(lead: a.lead + edge + b.lead, trail: 0, excess: 0, recharges: false)
        case (true, false): RangeSegment(lead: a.lead, trail: a.trail + edge + b.lead, excess: a.excess, recharges: true)
        case (false, true): RangeSegment(lead: a.lead + edge + b.lead, trail: b.trail, excess: b.excess, recharges: true)
        case (true, true): RangeSegment(lead: a.lead, trail: b.trail,
                                        excess: a.excess + b.excess + max(a.trail + edge + b.lead - range, 0), recharges: true)
        }
    }
}
