import Foundation
import Logistics

/// The report drawn: daily delivery time and stock at cost (baseline against ours, mean over the runs), and the
/// sample day's routes side by side (the first run). Plain SVG, no script, readable offline.
public enum SimulationCharts {
    static let baselineColour = "#d9822b", oursColour = "#2b7bd9"

    /// File name → SVG.
    public static func all(_ report: SimulationReport) -> [String: String] {
        [
            "delivery-hours.svg": line(title: "Paid → delivered, mean hours of the orders delivered each day", unit: "h",
                                       series: [("baseline", baselineColour, daily(report.baseline.runs) { $0.dailyDeliveryHours }),
                                                ("ours", oursColour, daily(report.ours.runs) { $0.dailyDeliveryHours })]),
            "stock-value.svg": line(title: "Stock at cost at each day's close (yuan)", unit: "¥",
                                    series: [("baseline", baselineColour, daily(report.baseline.runs) { $0.dailyInventoryValueCents.map { $0 / 100 } }),
                                             ("ours", oursColour, daily(report.ours.runs) { $0.dailyInventoryValueCents.map { $0 / 100 } })]),
            "routes.svg": routes(baseline: report.baseline.runs.first?.sampleDayRoutes ?? [], ours: report.ours.runs.first?.sampleDayRoutes ?? []),
        ]
    }

    /// Day by day, the mean over the runs of the days that have a value.
    static func daily(_ runs: [RunFigures], _ values: (RunFigures) -> [Double?]) -> [Double?] {
        let all = runs.map(values)
        let days = all.map(\.count).max() ?? 0
        return (0..<days).map { day in
            let present = all.compactMap { day < $0.count ? $0[day] : nil }
            return present.isEmpty ? nil : present.reduce(0, +) / Double(present.count)
        }
    }

    static func line(title: String, unit: String, series: [(name: String, colour: String, values: [Double?])]) -> String {
        let width = 720.0, height = 320.0, left = 70.0, right = 20.0, top = 40.0, bottom = 40.0
        let days = series.map(\.values.count).max() ?? 0
        let values = series.flatMap { $0.values.compactMap { $0 } }
        let high = max(values.max() ?? 1, 1e-9) * 1.1
        func x(_ day: Int) -> Double { left + (width - left - right) * (days <= 1 ? 0.5 : Double(day) / Double(days - 1)) }
        func y(_ value: Double) -> Double { top + (height - top - bottom) * (1 - value / high) }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(left)" y="20" font-size="14">\(escape(title))</text>

            """
        for tick in 0...4 {
            let value = high * Double(tick) / 4
            svg += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(f(y(value)))\" y2=\"\(f(y(value)))\" stroke=\"#e5e5e5\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(f(y(value) + 4))\" text-anchor=\"end\">\(escape(label(value, unit)))</text>\n"
        }
        for day in stride(from: 0, to: days, by: max(1, days / 10)) {
            svg += "<text x=\"\(f(x(day)))\" y=\"\(height - bottom + 16)\" text-anchor=\"middle\">day \(day + 1)</text>\n"
        }
        for (index, s) in series.enumerated() {
            var path = "", pen = false
            for (day, value) in s.values.enumerated() {
                guard let value else { pen = false; continue }
                path += "\(pen ? "L" : "M")\(f(x(day))),\(f(y(value))) "
                pen = true
            }
            svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(s.colour)\" stroke-width=\"2\"/>\n"
            svg += "<rect x=\"\(width - right - 150)\" y=\"\(top + Double(index) * 18)\" width=\"12\" height=\"12\" fill=\"\(s.colour)\"/>"
            svg += "<text x=\"\(width - right - 132)\" y=\"\(top + Double(index) * 18 + 10)\">\(escape(s.name))</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// Two maps of Shenzhen, the baseline's vans on the left, ours on the right, warehouses as squares.
    static func routes(baseline: [[[Double]]], ours: [[[Double]]]) -> String {
        let panel = 400.0, gap = 20.0, top = 40.0
        let points = (baseline + ours).flatMap { $0 } + DemoCatalog.warehouses.map { [$0.location.latitude, $0.location.longitude] }
        let lats = points.map { $0[0] }, lons = points.map { $0[1] }
        let south = (lats.min() ?? 22.4) - 0.01, north = (lats.max() ?? 22.8) + 0.01
        let west = (lons.min() ?? 113.8) - 0.01, east = (lons.max() ?? 114.5) + 0.01
        let scale = min(panel / (east - west), panel / (north - south))
        let height = (north - south) * scale
        func xy(_ p: [Double], _ offset: Double) -> String { "\(f(offset + (p[1] - west) * scale)),\(f(top + (north - p[0]) * scale))" }
        let colours = ["#2b7bd9", "#d9822b", "#3a9d5d", "#b5473a", "#7b5bb5", "#8c6d31", "#c2589b", "#4b8f8c", "#6b6b6b", "#a3a32b"]
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(2 * panel + gap))" height="\(Int(height + top + 10))" font-family="sans-serif" font-size="13">
            <rect width="100%" height="100%" fill="white"/>
            <text x="0" y="20">baseline: \(baseline.count) routes</text><text x="\(f(panel + gap))" y="20">ours: \(ours.count) routes</text>

            """
        for (offset, paths) in [(0.0, baseline), (panel + gap, ours)] {
            svg += "<rect x=\"\(f(offset))\" y=\"\(top)\" width=\"\(panel)\" height=\"\(f(height))\" fill=\"none\" stroke=\"#ccc\"/>\n"
            for (index, path) in paths.enumerated() where path.count > 1 {
                svg += "<polyline points=\"\(path.map { xy($0, offset) }.joined(separator: " "))\" fill=\"none\" stroke=\"\(colours[index % colours.count])\" stroke-width=\"1.5\" stroke-opacity=\"0.8\"/>\n"
            }
            for warehouse in DemoCatalog.warehouses {
                let p = xy([warehouse.location.latitude, warehouse.location.longitude], offset).split(separator: ",").compactMap { Double($0) }
                svg += "<rect x=\"\(f(p[0] - 5))\" y=\"\(f(p[1] - 5))\" width=\"10\" height=\"10\" fill=\"black\"><title>\(escape(warehouse.name))</title></rect>\n"
            }
        }
        return svg + "</svg>\n"
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    static func label(_ value: Double, _ unit: String) -> String {
        unit == "¥" ? (value >= 10_000 ? String(format: "¥%.0fk", value / 1000) : String(format: "¥%.0f", value)) : String(format: "%.1f", value) + " " + unit
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
