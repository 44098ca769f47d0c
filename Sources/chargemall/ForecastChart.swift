import Forecasting
import Foundation

/// Small multiples: each series' recent history, its forecast and the 80 % / 95 % intervals, as SVG.
struct ForecastChart {
    var series: [LongFormatSeries]
    var forecasts: [Forecast]
    var frequency: Frequency

    let panelWidth = 360.0, panelHeight = 200.0, columns = 3
    let margin = (left: 48.0, right: 12.0, top: 24.0, bottom: 22.0)

    func render() -> String {
        let rows = (series.count + columns - 1) / columns
        let width = panelWidth * Double(columns), height = panelHeight * Double(max(rows, 1)) + 30
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="11">
            <rect width="100%" height="100%" fill="white"/>
            <text x="8" y="18" font-size="13">History (grey), forecast (blue), 80 % and 95 % intervals (shaded); \(frequency.rawValue)</text>

            """
        for (index, (s, f)) in zip(series, forecasts).enumerated() {
            let x0 = Double(index % columns) * panelWidth, y0 = 30 + Double(index / columns) * panelHeight
            svg += panel(s, f, x0: x0, y0: y0)
        }
        return svg + "</svg>\n"
    }

    private func panel(_ s: LongFormatSeries, _ f: Forecast, x0: Double, y0: Double) -> String {
        let history = Array(s.values.suffix(max(3 * f.horizon, 24)))
        let outer = f.interval(0.95), inner = f.interval(0.8)
        let all = history + f.mean + (outer?.lower ?? []) + (outer?.upper ?? [])
        var lo = all.min() ?? 0, hi = all.max() ?? 1
        if hi - lo < 1e-9 { hi = lo + 1; lo -= 1 }
        let plotW = panelWidth - margin.left - margin.right, plotH = panelHeight - margin.top - margin.bottom
        let count = Double(history.count + f.horizon - 1)
        func x(_ i: Int) -> Double { x0 + margin.left + plotW * Double(i) / max(count, 1) }
        func y(_ v: Double) -> Double { y0 + margin.top + plotH * (1 - (v - lo) / (hi - lo)) }
        func polyline(_ values: [Double], from start: Int) -> String {
            values.enumerated().map { String(format: "%.1f,%.1f", x(start + $0.offset), y($0.element)) }.joined(separator: " ")
        }
        func band(_ interval: PredictionInterval) -> String {
            let start = history.count
            let upper = polyline(interval.upper, from: start)
            let lower = interval.lower.enumerated().reversed().map { String(format: "%.1f,%.1f", x(start + $0.offset), y($0.element)) }
            return upper + " " + lower.joined(separator: " ")
        }
        var out = "<g>\n"
        out += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#ddd\"/>\n",
                      x0 + margin.left, y0 + margin.top, plotW, plotH)
        out += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-weight=\"bold\">%@</text>\n", x0 + margin.left, y0 + 16, escape(s.id))
        out += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%@</text>\n", x0 + margin.left - 4, y(hi) + 4, label(hi))
        out += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%@</text>\n", x0 + margin.left - 4, y(lo), label(lo))
        if let outer { out += "<polygon points=\"\(band(outer))\" fill=\"#1f77b4\" fill-opacity=\"0.15\"/>\n" }
        if let inner { out += "<polygon points=\"\(band(inner))\" fill=\"#1f77b4\" fill-opacity=\"0.25\"/>\n" }
        out += "<polyline points=\"\(polyline(history, from: 0))\" fill=\"none\" stroke=\"#555\" stroke-width=\"1.2\"/>\n"
        out += "<polyline points=\"\(polyline([history.last ?? 0] + f.mean, from: history.count - 1))\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.8\"/>\n"
        let last = LongFormatCSV.formatDate(s.dates.last!)
        out += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#777\">%@</text>\n",
                      x(history.count - 1), y0 + panelHeight - 6, last)
        return out + "</g>\n"
    }

    private func label(_ v: Double) -> String { abs(v) >= 1000 ? String(format: "%.0f", v) : String(format: "%.3g", v) }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
