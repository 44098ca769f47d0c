import Foundation

/// Travel distance or duration between locations, in the problem's integer units.
///
/// Dense for up to a few thousand locations; above that, computed from coordinates on demand so memory
/// stays linear in the number of locations (the granular neighbourhood keeps only a few neighbours each).
public enum TravelMatrix: Sendable, Codable, Equatable {
    case dense(values: [Int], size: Int)
    /// Euclidean distance × `scale`, truncated (`truncate`) or rounded to an integer.
    case euclidean(x: [Double], y: [Double], scale: Double, truncate: Bool)

    public var size: Int {
        switch self {
        case .dense(_, let size): size
        case .euclidean(let x, _, _, _): x.count
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
        }
    }

    /// A dense copy of a coordinate matrix when that is affordable (≤ 5,000 locations), for speed.
    public func densified(limit: Int = 5_000) -> TravelMatrix {
        guard case .euclidean = self, size <= limit else { return self }
        var values = [Int](repeating: 0, count: size * size)
        for i in 0..<size { for j in 0..<size { values[i * size + j] = self[i, j] } }
        return .dense(values: values, size: size)
    }
}
