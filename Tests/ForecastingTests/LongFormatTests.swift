import Foundation
import Testing
@testable import Forecasting

@Suite("long-format CSV")
struct LongFormatTests {
    @Test("rows in any order are grouped by series and sorted by date; the frequency is inferred")
    func parse() throws {
        let text = "series,date,value\nb,2024-02-01,5\na,2024-02-01,2\na,2024-01-01,1\nb,2024-01-01,4\na,2024-03-01,3\nb,2024-03-01,6\n"
        let series = try LongFormatCSV.parse(text)
        #expect(series.map(\.id) == ["b", "a"])
        #expect(series[1].values == [1, 2, 3])
        #expect(LongFormatCSV.frequency(of: series) == .monthly)
        let next = LongFormatCSV.futureDates(after: series[1].dates.last!, frequency: .monthly, horizon: 2)
        #expect(next.map(LongFormatCSV.formatDate) == ["2024-04-01", "2024-05-01"])
    }

    @Test("bad input names the line and the reason", arguments: [
        ("id,when,qty\na,2024-01-01,1\n", "header"),
        ("series,date,value\na,2024-13-01,1\n", "line 2"),
        ("series,date,value\na,2024-01-01,many\n", "line 2"),
        ("series,date,value\na,2024-01-01,1\na,2024-01-01,2\n", "twice"),
        ("series,date,value\na,2024-01-01\n", "3 fields"),
    ])
    func errors(text: String, mention: String) {
        do {
            _ = try LongFormatCSV.parse(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect("\(error)".contains(mention))
        }
    }
}
