import Foundation

/// A plan drawn as SVG: the warehouse as a square, each route in its own colour from the warehouse through
/// its numbered stops (and charging stops, yellow diamonds) and back, orders left out as grey crosses. Longitude is scaled by cos(latitude) so
/// distances look right at Shenzhen's latitude.
public struct PlanMap: Sendable {
    public var plan: DispatchPlan
    public var warehouse: Warehouse
    /// Where the unassigned orders are, when known.
    public var unassignedLocations: [String: GeoPoint] = [:]

    public init(plan: DispatchPlan, warehouse: Warehouse, unassignedLocations: [String: GeoPoint] = [:]) {
        self.plan = plan
        self.warehouse = warehouse
        self.unassignedLocations = unassignedLocations
    }

    static let colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"]

    public func render(width: Double = 800) -> String {
        let points = [warehouse.location] + plan.routes.flatMap { $0.stops.map(\.location) + $0.chargingStops.map(\.location) }
            + Array(unassignedLocations.values)
        let scale = cos(warehouse.location.latitude * .pi / 180)
        let xs = points.map { $0.longitude * scale }, ys = points.map(\.latitude)
        let minX = xs.min()!, maxX = xs.max()!, minY = ys.min()!, maxY = ys.max()!
        let span = max(maxX - minX, maxY - minY, 0.005)
        let margin = 24.0, top = 40.0, inner = width - 2 * margin
        let height = top + margin + inner * (maxY - minY) / span
        func x(_ p: GeoPoint) -> String { String(format: "%.1f", margin + (p.longitude * scale - minX) / span * inner) }
        func y(_ p: GeoPoint) -> String { String(format: "%.1f", top + (maxY - p.latitude) / span * inner) }
        let title = "\(warehouse.name) · \(plan.date) · \(plan.routes.count) routes, \(plan.figures.stops) stops, "
            + String(format: "%.0f km, on time %.0f %%", plan.figures.km, plan.figures.onTimeShare * 100)
            + { $0 == 0 ? "" : ", \($0) charging stop\($0 == 1 ? "" : "s")" }(plan.routes.reduce(0) { $0 + $1.chargingStops.count })
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"10\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
            + "<text x=\"\(margin)\" y=\"20\" font-size=\"14\">\(Self.escape(title))</text>\n"
        for (k, route) in plan.routes.enumerated() {
            let colour = Self.colours[k % Self.colours.count]
            let path = ([warehouse.location] + Self.drivingOrder(route) + [warehouse.location]).map { "\(x($0)),\(y($0))" }.joined(separator: " ")
            svg += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" stroke-opacity=\"0.8\"><title>\(Self.escape(route.vehicleId))</title></polyline>\n"
            for stop in route.stops {
                // A pickup is a ring: the van collects returned goods there.
                let paint = stop.kind == .pickup ? "fill=\"white\" stroke=\"\(colour)\" stroke-width=\"2\"" : "fill=\"\(colour)\""
                svg += "<circle cx=\"\(x(stop.location))\" cy=\"\(y(stop.location))\" r=\"3.5\" \(paint)><title>\(Self.escape(stop.orderId))\(stop.kind == .pickup ? " pickup" : "")</title></circle>"
                svg += "<text x=\"\(x(stop.location))\" y=\"\(y(stop.location))\" dx=\"4\" dy=\"-3\" fill=\"\(colour)\">\(stop.sequence)</text>\n"
            }
            for charge in route.chargingStops {
                let label = "\(charge.name): " + String(format: "%.1f kWh in %d min", charge.kWh, charge.minutes)
                svg += "<rect class=\"charging\" x=\"\(x(charge.location))\" y=\"\(y(charge.location))\" width=\"8\" height=\"8\" "
                    + "transform=\"rotate(45 \(x(charge.location)) \(y(charge.location))) translate(-4,-4)\" fill=\"#f5c400\" stroke=\"\(colour)\" stroke-width=\"1.5\">"
                    + "<title>\(Self.escape(label))</title></rect>\n"
            }
        }
        for (orderId, location) in unassignedLocations.sorted(by: { $0.key < $1.key }) {
            svg += "<text x=\"\(x(location))\" y=\"\(y(location))\" text-anchor=\"middle\" dy=\"3\" fill=\"#999\">×<title>\(Self.escape(orderId)) not planned</title></text>\n"
        }
        svg += "<rect x=\"\(x(warehouse.location))\" y=\"\(y(warehouse.location))\" width=\"10\" height=\"10\" transform=\"translate(-5,-5)\" fill=\"black\">"
            + "<title>\(Self.escape(warehouse.name))</title></rect>\n</svg>\n"
        return svg
    }

    /// The places a route visits in driving order: its stops, each charging stop after the stop it follows.
    static func drivingOrder(_ route: PlannedRoute) -> [GeoPoint] {
        var points = route.chargingStops.filter { $0.afterStop == 0 }.map(\.location)
        for stop in route.stops.sorted(by: { $0.sequence < $1.sequence }) {
            points.append(stop.location)
            points += route.chargingStops.filter { $0.afterStop == stop.sequence }.map(\.location)
        }
        return points
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
