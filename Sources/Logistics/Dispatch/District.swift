/// A city district, the unit of the zone rule ("this van keeps to Futian and Luohu").
///
/// An order's district is the one whose centre is nearest (a Voronoi cut of the city): addresses' free-text
/// regions are too unreliable to key a rule on, and a district boundary a few hundred metres off matters
/// little for a rule that exists to keep vans in familiar streets. A merchant in another city replaces
/// `shenzhen` with its own list.
public struct District: Sendable, Equatable {
    public var code: String
    public var name: String
    public var centre: GeoPoint

    public init(code: String, name: String, centre: GeoPoint) {
        self.code = code
        self.name = name
        self.centre = centre
    }

    /// Shenzhen's ten districts, centres at their government seats.
    public static let shenzhen: [District] = [
        District(code: "futian", name: "福田区", centre: GeoPoint(latitude: 22.5223, longitude: 114.0553)),
        District(code: "luohu", name: "罗湖区", centre: GeoPoint(latitude: 22.5482, longitude: 114.1315)),
        District(code: "nanshan", name: "南山区", centre: GeoPoint(latitude: 22.5333, longitude: 113.9304)),
        District(code: "yantian", name: "盐田区", centre: GeoPoint(latitude: 22.5578, longitude: 114.2366)),
        District(code: "baoan", name: "宝安区", centre: GeoPoint(latitude: 22.5553, longitude: 113.8830)),
        District(code: "longgang", name: "龙岗区", centre: GeoPoint(latitude: 22.7209, longitude: 114.2470)),
        District(code: "longhua", name: "龙华区", centre: GeoPoint(latitude: 22.6968, longitude: 114.0448)),
        District(code: "pingshan", name: "坪山区", centre: GeoPoint(latitude: 22.6907, longitude: 114.3464)),
        District(code: "guangming", name: "光明区", centre: GeoPoint(latitude: 22.7489, longitude: 113.9357)),
        District(code: "dapeng", name: "大鹏新区", centre: GeoPoint(latitude: 22.5930, longitude: 114.4793)),
    ]

    public static var codes: [String] { shenzhen.map(\.code) }

    /// The district `point` lies in.
    public static func containing(_ point: GeoPoint, in districts: [District] = shenzhen) -> District {
        districts.min { $0.centre.distanceMetres(to: point) < $1.centre.distanceMetres(to: point) }!
    }
}
