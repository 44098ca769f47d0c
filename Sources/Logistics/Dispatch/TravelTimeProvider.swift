import Foundation

/// How far and how long a van drives between two places when it leaves at a given time.
///
/// The seam where a road-network service plugs in: an OSRM, Valhalla or map-vendor adapter implements
/// `travel(from:to:departingAt:)` and, for speed, `travels(from:to:departingAt:)`, which such services
/// answer in one request per origin; nothing else in dispatch changes.
public protocol TravelTimeProvider: Sendable {
    func travel(from origin: GeoPoint, to destination: GeoPoint, departingAt time: Date) -> Travel
    /// From one origin to each of `destinations`, leaving at `time`: a row of the planning matrix (planning
    /// asks row by row, so a day of thousands of stops never holds more than the matrix it builds).
    func travels(from origin: GeoPoint, to destinations: [GeoPoint], departingAt time: Date) -> [Travel]
}

/// One leg: road metres and driving seconds.
public struct Travel: Equatable, Sendable {
    public var metres: Double
    public var seconds: Double

    public init(metres: Double, seconds: Double) {
        self.metres = metres
        self.seconds = seconds
    }
}

extension TravelTimeProvider {
    public func travels(from origin: GeoPoint, to destinations: [GeoPoint], departingAt time: Date) -> [Travel] {
        destinations.map { travel(from: origin, to: $0, departingAt: time) }
    }
}

/// The built-in, offline model of a Chinese city: great-circle distance × a detour factor, at a speed that
/// depends on the local hour, slowed further by traffic factors (`TrafficUpdate`s, issue 11 item 5).
///
/// Calibration (Shenzhen, assumptions to replace with a road-network matrix when one is plugged in): road
/// distance is 1.35 × the straight line, the usual circuity of a dense grid city (Boscoe et al. 2012
/// measured 1.3–1.4 for US and European cities); a van averages 25 km/h between 09:00 and 17:00 and 18
/// km/h in the 07–09 and 17–19 rush hours (Amap's quarterly reports put Shenzhen's peak-hour car speed
/// near 28–30 km/h; a van adds parking and residential gates), and 35 km/h at night (22–06).
public struct CityTravelTimes: TravelTimeProvider {
    public var detourFactor = 1.35
    /// km/h per local hour 0–23.
    public var hourlySpeedKmh: [Double]
    /// Hours east of UTC of the city's clock.
    public var utcOffsetHours = 8.0
    /// Slowdowns in force, by zone and period.
    public var traffic: [TrafficSlowdown] = []

    public init(rush: Double = 18, day: Double = 25, night: Double = 35) {
        hourlySpeedKmh = (0..<24).map { hour in
            (7..<9).contains(hour) || (17..<19).contains(hour) ? rush : (hour >= 22 || hour < 6) ? night : day
        }
    }

    public func localHour(_ time: Date) -> Int {
        let seconds = time.timeIntervalSince1970 + utcOffsetHours * 3600
        let day = seconds - (seconds / 86_400).rounded(.down) * 86_400
        return min(23, Int(day / 3600))
    }

    public func travel(from origin: GeoPoint, to destination: GeoPoint, departingAt time: Date) -> Travel {
        let metres = origin.distanceMetres(to: destination) * detourFactor
        var speed = hourlySpeedKmh[localHour(time)]
        for slowdown in traffic where slowdown.applies(at: time, from: origin, to: destination) { speed /= slowdown.factor }
        return Travel(metres: metres, seconds: metres / 1000 / speed * 3600)
    }
}

/// Traffic slower by `factor` (2 = twice the time) from `from` to `to`, within `radiusMetres` of `centre`
/// (a zone: an accident's surroundings) or, when `corridor` has points, of that polyline (a road: a jam
/// along Shennan Boulevard; `radiusMetres` is then half its width and `centre` its first point).
public struct TrafficSlowdown: Codable, Equatable, Sendable {
    public var centre: GeoPoint
    public var radiusMetres: Double
    public var factor: Double
    public var from: Date
    public var to: Date
    public var corridor: [GeoPoint]

    public init(centre: GeoPoint, radiusMetres: Double, factor: Double, from: Date, to: Date, corridor: [GeoPoint] = []) {
        self.centre = centre
        self.radiusMetres = radiusMetres
        self.factor = factor
        self.from = from
        self.to = to
        self.corridor = corridor
    }

    /// A leg is slowed when it leaves within the period and starts, ends or passes its midpoint in the zone.
    public func applies(at time: Date, from origin: GeoPoint, to destination: GeoPoint) -> Bool {
        guard time >= from, time < to else { return false }
        let middle = GeoPoint(latitude: (origin.latitude + destination.latitude) / 2, longitude: (origin.longitude + destination.longitude) / 2)
        return [origin, middle, destination].contains(where: contains)
    }

    /// Whether `point` is in the zone or the corridor.
    public func contains(_ point: GeoPoint) -> Bool {
        guard corridor.count >= 2 else { return point.distanceMetres(to: centre) <= radiusMetres }
        return zip(corridor, corridor.dropFirst()).contains { Self.metres(from: point, toSegment: $0, $1) <= radiusMetres }
    }

    /// Distance to a segment a few km long, on a local flat projection (error far below a road's width).
    static func metres(from point: GeoPoint, toSegment a: GeoPoint, _ b: GeoPoint) -> Double {
        let perLongitude = 111_320 * cos(a.latitude * .pi / 180), perLatitude = 110_540.0
        let (px, py) = ((point.longitude - a.longitude) * perLongitude, (point.latitude - a.latitude) * perLatitude)
        let (bx, by) = ((b.longitude - a.longitude) * perLongitude, (b.latitude - a.latitude) * perLatitude)
        let length = bx * bx + by * by
        let t = length == 0 ? 0 : max(0, min(1, (px * bx + py * by) / length))
        let (dx, dy) = (px - t * bx, py - t * by)
        return (dx * dx + dy * dy).squareRoot()
    }
}
