/// The most energy a van can leave a point of its route with, as a function of when it leaves: non-decreasing
/// and piecewise linear through `points`, constant after the last (waiting keeps the charge), impossible before
/// the first. Walking a fixed route through it decides the route's feasibility exactly, charge amounts
/// included: partial charging at a linear rate, time windows, waiting (the fixed-route charging problem of
/// Montoya et al. 2017 and Froger et al. 2019, here with linear charging, where the frontier stays piecewise
/// linear and small).
struct ChargingFrontier: Sendable, Equatable {
    struct Point: Sendable, Equatable {
        var time: Double
        var energy: Double
    }

    /// Slack for floating-point sums: a window or a battery missed by less than this is met.
    static let tolerance = 1e-4

    private(set) var points: [Point]

    /// Full at `time`, and any time after.
    init(full battery: Double, from time: Double) { points = [Point(time: time, energy: battery)] }

    var isEmpty: Bool { points.isEmpty }
    var earliest: Double? { points.first?.time }

    /// The energy on leaving at `time` (nil before the earliest departure).
    func energy(at time: Double) -> Double? {
        guard let first = points.first, time >= first.time - Self.tolerance else { return nil }
        guard let next = points.firstIndex(where: { $0.time > time }) else { return points.last!.energy }
        guard next > 0 else { return first.energy }
        let a = points[next - 1], b = points[next]
        return a.energy + (b.energy - a.energy) * (time - a.time) / (b.time - a.time)
    }

    /// The earliest departure with at least `energy` (nil when the frontier never reaches it).
    func earliest(reaching energy: Double) -> Double? {
        guard let last = points.last, last.energy >= energy - Self.tolerance else { return nil }
        guard let i = points.firstIndex(where: { $0.energy >= energy }) else { return last.time }
        guard i > 0 else { return points[0].time }
        let a = points[i - 1], b = points[i]
        return a.time + (energy - a.energy) / (b.energy - a.energy) * (b.time - a.time)
    }

    /// Driving a leg: later by `time`, emptier by `energy`; departures that would run flat on the way are gone.
    mutating func travel(time: Double, energy: Double) {
        points = points.map { Point(time: $0.time + time, energy: $0.energy - energy) }
        guard let last = points.last, last.energy >= -Self.tolerance else {
            points = []
            return
        }
        guard let i = points.firstIndex(where: { $0.energy >= -Self.tolerance }), i > 0 else {
            if !points.isEmpty { points[0].energy = max(0, points[0].energy) }
            return
        }
        let a = points[i - 1], b = points[i]
        let crossing = a.time + (0 - a.energy) / (b.energy - a.energy) * (b.time - a.time)
        let rest = points[i...].map { Point(time: $0.time, energy: max(0, $0.energy)) }
        points = crossing < b.time - 1e-12 ? [Point(time: crossing, energy: 0)] + rest : rest
    }

    /// A customer: service starts within [ready, due] (a van that comes early waits) and takes `service`.
    mutating func visit(ready: Double, due: Double, service: Double) {
        guard let first = points.first, first.time <= due + Self.tolerance else {
            points = []
            return
        }
        if let last = points.last, last.time > due, let atDue = energy(at: due) {
            points = points.filter { $0.time < due } + [Point(time: due, energy: atDue)]
        }
        if ready > first.time, let atReady = energy(at: ready) {
            points = [Point(time: ready, energy: atReady)] + points.filter { $0.time > ready }
        }
        points = points.map { Point(time: $0.time + service, energy: $0.energy) }
    }

    /// A station: charging adds energy at one unit per `timePerEnergy`, up to `battery`; the van may stay as
    /// long as it likes. The best energy on leaving at t is the best over arrivals a ≤ t of E(a) + (t − a)/g.
    mutating func charge(timePerEnergy g: Double, battery: Double) {
        guard !points.isEmpty, g > 0 else { return }
        // Running maximum of E(a) − a/g, piecewise linear.
        var running: [Point] = []
        var best = -Double.greatestFiniteMagnitude
        for (i, p) in points.enumerated() {
            let u = p.energy - p.time / g
            if i == 0 {
                best = u
                running.append(Point(time: p.time, energy: u))
                continue
            }
            let previous = points[i - 1], before = previous.energy - previous.time / g
            if u <= best {
                running.append(Point(time: p.time, energy: best))
            } else {
                if before < best {
                    let crossing = previous.time + (best - before) / (u - before) * (p.time - previous.time)
                    running.append(Point(time: crossing, energy: best))
                }
                running.append(Point(time: p.time, energy: u))
                best = u
            }
        }
        var charged = running.map { Point(time: $0.time, energy: $0.energy + $0.time / g) }
        // After the last breakpoint the van keeps charging until the battery is full.
        let last = running.last!, full = (battery - last.energy) * g
        if full > last.time { charged.append(Point(time: full, energy: battery)) }
        var capped: [Point] = []
        for (i, p) in charged.enumerated() {
            if p.energy >= battery {
                if i > 0, charged[i - 1].energy < battery {
                    let a = charged[i - 1]
                    capped.append(Point(time: a.time + (battery - a.energy) / (p.energy - a.energy) * (p.time - a.time), energy: battery))
                } else {
                    capped.append(Point(time: p.time, energy: battery))
                }
                break
            }
            capped.append(p)
        }
        // Equal times (a crossing on a breakpoint) keep the higher energy.
        points = capped.reduce(into: []) { kept, p in
            if let t = kept.last?.time, abs(t - p.time) < 1e-12 { kept[kept.count - 1].energy = max(kept[kept.count - 1].energy, p.energy) } else { kept.append(p) }
        }
    }
}
