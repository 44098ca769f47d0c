import Foundation

/// A WGS-84 position.
public struct GeoPoint: Codable, Equatable, Sendable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Great-circle distance in metres (haversine), accurate enough to rank warehouses by nearness.
    public func distanceMetres(to other: GeoPoint) -> Double {
        let earthRadius = 6_371_000.0
        let dLat = (other.latitude - latitude) * .pi / 180
        let dLon = (other.longitude - longitude) * .pi / 180
        let sinLat = sin(dLat / 2), sinLon = sin(dLon / 2)
        let cosProduct: Double = cos(latitude * .pi / 180) * cos(other.latitude * .pi / 180)
        let a: Double = sinLat * sinLat + cosProduct * sinLon * sinLon
        return 2 * earthRadius * asin(min(1, a.squareRoot()))
    }

    public var isValid: Bool { (-90...90).contains(latitude) && (-180...180).contains(longitude) }
}
