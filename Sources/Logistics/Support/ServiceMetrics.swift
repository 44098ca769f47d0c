import Foundation

/// One conversation as the service figures need it.
public struct ConversationFacts: Sendable, Equatable {
    public var createdAt: Date
    public var firstResponseAt: Date?
    public var solvedAt: Date?
    public var rating: Int?
    public var handedOver: Bool
    /// The assistant answered at least once.
    public var botAnswered: Bool

    public init(createdAt: Date, firstResponseAt: Date?, solvedAt: Date?, rating: Int?, handedOver: Bool, botAnswered: Bool) {
        self.createdAt = createdAt
        self.firstResponseAt = firstResponseAt
        self.solvedAt = solvedAt
        self.rating = rating
        self.handedOver = handedOver
        self.botAnswered = botAnswered
    }
}

/// Customer service over a period: how fast agents answer and solve, how much the assistant settles by
/// itself, how satisfied customers are, and how many questions orders raise.
public struct ServiceMetrics: Codable, Equatable, Sendable {
    public var from: String
    public var to: String
    public var conversations: Int
    public var ordersPlaced: Int
    /// Conversations per 100 orders placed in the period; nil without orders.
    public var conversationsPer100Orders: Double?
    public var firstResponseMinutesMedian: Double?
    public var firstResponseMinutesP90: Double?
    public var resolutionMinutesMedian: Double?
    public var resolutionMinutesP90: Double?
    /// Answered by the assistant, never by an agent, and no person asked for.
    public var selfServiceShare: Double?
    public var rated: Int
    public var satisfactionMean: Double?

    public static func compute(_ facts: [ConversationFacts], ordersPlaced: Int, from: PlanningDay, to: PlanningDay) -> ServiceMetrics {
        let firstResponses = facts.compactMap { f in f.firstResponseAt.map { $0.timeIntervalSince(f.createdAt) / 60 } }.sorted()
        let resolutions = facts.compactMap { f in f.solvedAt.map { $0.timeIntervalSince(f.createdAt) / 60 } }.sorted()
        let ratings = facts.compactMap(\.rating)
        let selfServed = facts.filter { $0.botAnswered && $0.firstResponseAt == nil && !$0.handedOver }.count
        return ServiceMetrics(
            from: from.description, to: to.description, conversations: facts.count, ordersPlaced: ordersPlaced,
            conversationsPer100Orders: ordersPlaced > 0 ? 100 * Double(facts.count) / Double(ordersPlaced) : nil,
            firstResponseMinutesMedian: quantile(firstResponses, 0.5), firstResponseMinutesP90: quantile(firstResponses, 0.9),
            resolutionMinutesMedian: quantile(resolutions, 0.5), resolutionMinutesP90: quantile(resolutions, 0.9),
            selfServiceShare: facts.isEmpty ? nil : Double(selfServed) / Double(facts.count),
            rated: ratings.count, satisfactionMean: ratings.isEmpty ? nil : Double(ratings.reduce(0, +)) / Double(ratings.count))
    }

    /// The nearest-rank quantile of sorted values.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}
