import Foundation

/// A recorded or scripted sequence of traffic changes (`chargemall traffic replay FILE`), for demos, tests
/// and rehearsing a bad evening: each update starts some minutes after the replay starts and lasts a while.
///
///     {"name": "…", "updates": [{"afterMinutes": 0, "center": {"latitude": 22.541, "longitude": 114.055},
///       "radiusKm": 3, "factor": 2.5, "minutes": 90, "reason": "深南大道事故"}]}
public struct TrafficFeed: Codable, Equatable, Sendable {
    public struct Update: Codable, Equatable, Sendable {
        public var afterMinutes: Double
        public var center: GeoPoint
        public var radiusKm: Double
        public var factor: Double
        /// How long the slowdown lasts from when it is replayed.
        public var minutes: Double
        public var reason: String
    }

    public var name: String
    public var updates: [Update]

    /// Reads a feed, its updates sorted by start; a feed that cannot be replayed is refused whole.
    public static func decode(_ data: Data) throws -> TrafficFeed {
        var feed: TrafficFeed
        do {
            feed = try JSONDecoder().decode(TrafficFeed.self, from: data)
        } catch {
            throw LogisticsError.validation(field: "feed", message: "not a traffic feed: \(error)")
        }
        for (index, update) in feed.updates.enumerated() {
            guard update.afterMinutes >= 0, update.minutes > 0, update.center.isValid else {
                throw LogisticsError.validation(field: "updates[\(index)]", message: "afterMinutes ≥ 0, minutes > 0, a position on Earth")
            }
        }
        feed.updates.sort { $0.afterMinutes < $1.afterMinutes }
        return feed
    }

    /// Reports each update through `traffic` when its time comes: `speed` feed minutes per real minute,
    /// waiting with `sleep` (seconds). `report` hears each outcome.
    public func replay(through traffic: TrafficService, speed: Double, clock: @Sendable () -> Date = { Date() },
                       sleep: (Double) async throws -> Void, report: (Update, TrafficService.Outcome) -> Void) async throws {
        let feedUser = User(id: "traffic-feed", email: "feed@traffic.local", name: name, phone: "0", role: .dispatcher, createdAt: clock())
        var elapsed = 0.0
        for update in updates {
            let wait = (update.afterMinutes - elapsed) * 60 / max(speed, 1e-9)
            if wait > 0 { try await sleep(wait) }
            elapsed = update.afterMinutes
            let now = clock()
            let outcome = try await traffic.report(centre: update.center, radiusKm: update.radiusKm, factor: update.factor, from: now,
                                                   to: now.addingTimeInterval(update.minutes * 60), reason: update.reason, by: feedUser)
            report(update, outcome)
        }
    }
}
