/// A stocking location; also a depot for dispatch.
public struct Warehouse: Codable, Equatable, Sendable {
    public var id: String
    public var code: String
    public var name: String
    public var address: String
    public var location: GeoPoint

    public init(id: String, code: String, name: String, address: String, location: GeoPoint) {
        self.id = id
        self.code = code
        self.name = name
        self.address = address
        self.location = location
    }
}
