import ArgumentParser
import Forecasting
import Foundation
import SolverSupport

/// `chargemall bench surge`: detection delay and false alarms of the surge detector on generated demand.
struct BenchSurge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "surge",
        abstract: "Surge detector: detection rate and delay on injected surges, false alarms per 100 series-years.",
        discussion: """
            Generates daily demand (see SurgeScenario): --series series with surges (about --surges-per-year
            each) and as many without, for --years years, seeded. An alarm within a surge or up to 7 days
            after it is a detection; any other alarm is false.
            Example: chargemall bench surge --series 500 --years 3 --seed 1
            """)

    @Option(help: "Series with surges (the same number without).") var series = 500
    @Option(help: "Years of daily demand per series.") var years = 3.0
    @Option(help: "Mean surges per series-year.") var surgesPerYear = 2.0
    @Option(help: "Seed of the generated data.") var seed: UInt64 = 1
    @Option(help: "CUSUM threshold.") var threshold: Double?
    @Option(help: "Single-period alarm at this many standard deviations.") var spikeZ: Double?

    func run() {
        var detector = SurgeDetector()
        if let threshold { detector.threshold = threshold }
        if let spikeZ { detector.spikeZ = spikeZ }
        let days = Int(years * 365)
        var generator = SeededGenerator(seed: seed)
        var falseAlarms = 0, surgesTotal = 0, detected = 0
        var delays: [Double] = []
        var quietFalseAlarms = 0
        for index in 0..<(2 * series) {
            let withSurges = index < series
            let scenario = SurgeScenario.generate(days: days, surgesPerYear: withSurges ? surgesPerYear : 0, generator: &generator)
            let alarms = detector.alarms(scenario.values)
            var matched = Set<Int>()
            for alarm in alarms {
                if let s = scenario.surges.firstIndex(where: { alarm.index >= $0.start && alarm.index < $0.start + $0.length + 7 }) {
                    if !matched.contains(s) && alarm.index < scenario.surges[s].start + scenario.surges[s].length {
                        matched.insert(s)
                        delays.append(Double(alarm.index - scenario.surges[s].start))
                    }
                } else {
                    falseAlarms += 1
                    if !withSurges { quietFalseAlarms += 1 }
                }
            }
            surgesTotal += scenario.surges.count
            detected += matched.count
            if (index + 1) % max(1, series / 10) == 0 {
                FileHandle.standardError.write(Data("\r\(index + 1)/\(2 * series) series".utf8))
            }
        }
        FileHandle.standardError.write(Data("\n".utf8))
        let seriesYears = Double(2 * series) * Double(days - detector.warmUp) / 365
        let quietYears = Double(series) * Double(days - detector.warmUp) / 365
        delays.sort()
        print("surge detector: \(2 * series) series × \(years) years daily (seed \(seed)), threshold \(detector.threshold), spike z \(detector.spikeZ)")
        print("| surges | detected | mean delay (days) | median delay | 90th pct delay | false alarms | per 100 series-years | on surge-free series, per 100 series-years |")
        print("|---|---|---|---|---|---|---|---|")
        print(String(format: "| %d | %.1f %% | %.2f | %.0f | %.0f | %d | %.2f | %.2f |", surgesTotal,
                     100 * Double(detected) / Double(max(surgesTotal, 1)), Statistics.mean(delays),
                     Statistics.quantile(delays, 0.5), Statistics.quantile(delays, 0.9), falseAlarms,
                     100 * Double(falseAlarms) / seriesYears, 100 * Double(quietFalseAlarms) / quietYears))
    }
}
