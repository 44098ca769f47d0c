import Foundation
import Routing

/// The routes drawn over the clients' coordinates: one colour per route, depots as squares.
struct RouteMap {
    var problem: ProblemData
    var solution: Solution
    var title: String

    func render(size: Double = 800) -> String {
        let points = (0..<problem.locationCount).map(problem.coordinates)
        let minX = points.map(\.x).min() ?? 0, maxX = points.map(\.x).max() ?? 1
        let minY = points.map(\.y).min() ?? 0, maxY = points.map(\.y).max() ?? 1
        let span = max(maxX - minX, maxY - minY, 1e-9)
        let margin = 20.0, top = 30.0
        func sx(_ x: Double) -> Double { margin + (x - minX) / span * (size - 2 * margin) }
        func sy(_ y: Double) -> Double { top + (maxY - y) / span * (size - 2 * margin) }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(size))" height="\(Int(size + top))" font-family="sans-serif" font-size="13">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(Int(margin))" y="20">\(title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")), \(solution.routes.count) routes</text>

            """
        let radius = problem.clientCount > 2_000 ? 0.8 : 2.5
        for (k, route) in solution.routes.enumerated() {
            let type = problem.vehicleTypes[route.vehicleType]
            let stops = [type.startDepot] + route.visits + [type.endDepot]
            let hue = Double(k) * 137.508
            let line = stops.map { String(format: "%.1f,%.1f", sx(points[$0].x), sy(points[$0].y)) }.joined(separator: " ")
            svg += String(format: "<polyline points=\"%@\" fill=\"none\" stroke=\"hsl(%.0f,70%%,45%%)\" stroke-width=\"1.2\" stroke-opacity=\"0.85\"/>\n",
                          line, hue.truncatingRemainder(dividingBy: 360))
        }
        for l in problem.depotCount..<problem.locationCount {
            svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"#333\"/>\n", sx(points[l].x), sy(points[l].y), radius)
        }
        for d in 0..<problem.depotCount {
            svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"#d62728\"/>\n", sx(points[d].x) - 5, sy(points[d].y) - 5)
        }
        return svg + "</svg>\n"
    }
}
