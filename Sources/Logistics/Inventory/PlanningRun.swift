import Foundation

/// One pass of forecasting and replenishment over every stocked SKU × warehouse, nightly or on request.
public struct PlanningRun: Codable, Equatable, Sendable {
    public var id: String
    public var status: PlanningRunStatus
    public var trigger: PlanningRunTrigger
    public var requestedBy: String?
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    public var figures: PlanningFigures?
    public var error: String?

    public init(id: String, status: PlanningRunStatus, trigger: PlanningRunTrigger, requestedBy: String?, createdAt: Date,
                startedAt: Date? = nil, finishedAt: Date? = nil, figures: PlanningFigures? = nil, error: String? = nil) {
        self.id = id
        self.status = status
        self.trigger = trigger
        self.requestedBy = requestedBy
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.figures = figures
        self.error = error
    }
}

public enum PlanningRunStatus: String, Codable, CaseIterable, Sendable {
    case queued, running, done, failed
}

public enum PlanningRunTrigger: String, Codable, CaseIterable, Sendable {
    case request, nightly
}

/// What a run did, for the run's page and the logs.
public struct PlanningFigures: Codable, Equatable, Sendable {
    /// SKU × warehouse pairs planned.
    public var series: Int
    public var purchaseSuggestions: Int
    public var transferSuggestions: Int
    public var alertsRaised: Int
    /// Alerts raised by kind.
    public var alertsByKind: [String: Int]
    /// How many series each model got.
    public var models: [String: Int]
    public var seconds: Double

    public init(series: Int, purchaseSuggestions: Int, transferSuggestions: Int, alertsRaised: Int, alertsByKind: [String: Int] = [:], models: [String: Int], seconds: Double) {
        self.alertsByKind = alertsByKind
        self.series = series
        self.purchaseSuggestions = purchaseSuggestions
        self.transferSuggestions = transferSuggestions
        self.alertsRaised = alertsRaised
        self.models = models
        self.seconds = seconds
    }

    enum CodingKeys: String, CodingKey { case series, purchaseSuggestions, transferSuggestions, alertsRaised, alertsByKind, models, seconds }

    /// Runs stored before alerts were counted by kind read with none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(series: try c.decode(Int.self, forKey: .series), purchaseSuggestions: try c.decode(Int.self, forKey: .purchaseSuggestions),
                  transferSuggestions: try c.decode(Int.self, forKey: .transferSuggestions), alertsRaised: try c.decode(Int.self, forKey: .alertsRaised),
                  alertsByKind: try c.decodeIfPresent([String: Int].self, forKey: .alertsByKind) ?? [:],
                  models: try c.decode([String: Int].self, forKey: .models), seconds: try c.decode(Double.self, forKey: .seconds))
    }
}
