import Foundation

/// Travel distance or duration between locations, in the problem's integer units.
///
/// Dense for up to a few thousand locations; above that, computed from coordinates on demand so memory
/// stays linear in the number of locations (the granular neighbourhood keeps only a few neighbours each).
public enum TravelMatrix: Sendable, Codable, Equatable {
    case dense(values: [Int], size: Int)
    /// Euclidean distance × `scale`, truncated (`truncate`) or rounded to an integer.
    case euclidean(x: [Double], y: [Double], scale: Double, truncate: Bool)
    /// Great-circle distance between latitude/longitude points (degrees) in metres, divided by
    /// `metresPerUnit`: 1 for a distance in metres, a speed in m/s for a duration in seconds.
    case haversine(latitude: [Double], longitude: [Double], metresPerUnit: Double)

    public var size: Int {
        switch self {
        case .dense(_, let size): size
        case .euclidean(let x, _, _, _): x.count
        case .haversine(let latitude, _, _): latitude.count
        }
    }

    @inline(__always)
    public subscript(from: Int, to: Int) -> Int {
        switch self {
        case .dense(let values, let size):
            return values[from * size + to]
        case .euclidean(let x, let y, let scale, let truncate):
            let dx = x[from] - x[to], dy = y[from] - y[to]
            let d = (dx * dx + dy * dy).squareRoot() * scale
            // The tiny offset keeps exact decimals (e.g. 10.0 stored as 9.999…) on the right side of the cut.
            return truncate ? Int(d + 1e-9) : Int(d.rounded())
        case .haversine(let latitude, let longitude, let metresPerUnit):
            let radians = Double.pi / 180
            let dLat = (latitude[to] - latitude[from]) * radians, dLon = (longitude[to] - longitude[from]) * radians
            let a = sin(dLat / 2) * sin(dLat / 2)
                + cos(latitude[from] * radians) * cos(latitude[to] * radians) * sin(dLon / 2) * sin(dLon / 2)
            let metres = 2 * 6_371_008.8 * asin(min(1, a.squareRoot()))
            return Int((metres / metresPerUnit).rounded())
        }
    }

    /// A dense copy of a coordinate matrix when that is affordable (≤ 5,000 locations), for speed.
    public func densified(limit: Int = 5_000) -> TravelMatrix {
        if case .dense = self { return self }
        guard size <= limit else { return self }
        var values = [Int](repeating: 0, count: size * size)
        for i in 0..<size { for j in 0..<size { values[i * size + j] = self[i, j] } }
        return .dense(values: values, size: size)
    }
}
