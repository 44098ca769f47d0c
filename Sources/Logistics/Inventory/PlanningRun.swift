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
    /// How many series each model got.
    public var models: [String: Int]
    public var seconds: Double

    public init(series: Int, purchaseSuggestions: Int, transferSuggestions: Int, alertsRaised: Int, models: [String: Int], seconds: Double) {
        self.series = series
        self.purchaseSuggestions = purchaseSuggestions
        self.transferSuggestions = transferSuggestions
        self.alertsRaised = alertsRaised
        self.models = models
        self.seconds = seconds
    }
}
