import Foundation

/// How long an order may sit in a status without any event before it counts as stuck.
public struct AlertRules: Sendable, Equatable {
    public var stuckHours: [OrderStatus: Double]

    public init(stuckHours: [OrderStatus: Double] = [.paid: 4, .allocated: 6, .picking: 4, .packed: 4, .shipped: 36, .outForDelivery: 8]) {
        self.stuckHours = stuckHours
    }
}

/// Finds late, stuck and failed orders before the customer complains, tells the customer why (a
/// `delayed` tracking event, which the outbox pushes), and runs the staff alert board.
public struct AlertService: Sendable {
    let store: any AlertStore
    let eta: any ETAEstimator
    public var rules: AlertRules
    let clock: @Sendable () -> Date

    public init(store: any AlertStore, eta: any ETAEstimator, rules: AlertRules = AlertRules(), clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.eta = eta
        self.rules = rules
        self.clock = clock
    }

    /// One pass over every watched order; returns the alerts raised.
    public func scan(now: Date? = nil) async throws -> [Alert] {
        let now = now ?? clock()
        var raised: [Alert] = []
        var after: String?
        while true {
            let batch = try await store.watchedOrders(afterId: after, limit: 500)
            let estimates = try await eta.estimates(for: batch.map(\.order), now: now)
            for watched in batch {
                for finding in Self.findings(watched, estimate: estimates[watched.order.id], now: now, rules: rules)
                where !watched.activeAlerts.contains(finding.kind) {
                    let alert = Alert(id: Identifier.make("alr", at: now), orderId: watched.order.id, kind: finding.kind, state: .open,
                                      reason: finding.reason, detail: finding.detail, raisedAt: now)
                    let event = TrackingEvent(
                        id: Identifier.make("evt", at: now), orderId: watched.order.id, status: watched.order.status,
                        message: finding.reason.sentence(in: .en), actor: "alerts", source: .system, occurredAt: now,
                        note: finding.reason.rawValue, tag: .delayed)
                    if try await store.raise(alert, event: event) { raised.append(alert) }
                }
            }
            guard batch.count == 500, let last = batch.last else { break }
            after = last.order.id
        }
        return raised
    }

    struct Finding: Equatable {
        var kind: AlertKind
        var reason: DelayReason
        var detail: String
    }

    /// What is wrong with one order now; pure, so the rules are tested without a database.
    static func findings(_ watched: WatchedOrder, estimate: DeliveryEstimate?, now: Date, rules: AlertRules) -> [Finding] {
        let order = watched.order
        var found: [Finding] = []
        if order.status == .deliveryFailed {
            found.append(Finding(kind: .deliveryFailed, reason: .deliveryFailed, detail: "delivery failed"))
        }
        if watched.lastCarrierTag == .exception {
            found.append(Finding(kind: .carrierException, reason: .carrierException, detail: "the carrier's latest scan is an exception"))
        }
        let stageReason: DelayReason =
            switch order.status {
            case .paid, .allocated: .warehouseBacklog
            case .picking, .packed: .slowInWarehouse
            case .outForDelivery: .slowLastMile
            default: .slowInTransit
            }
        if let estimate, let promised = order.promisedDate, estimate.expectedAt > promised {
            let hours = estimate.expectedAt.timeIntervalSince(promised) / 3600
            found.append(Finding(kind: .predictedLate, reason: stageReason,
                                 detail: "ETA \(ISO8601DateFormatter().string(from: estimate.expectedAt)) is \(String(format: "%.1f", hours)) h past the promise"))
        }
        if let limit = rules.stuckHours[order.status] {
            let idle = now.timeIntervalSince(watched.lastEventAt) / 3600
            if idle > limit {
                found.append(Finding(kind: .stuck, reason: stageReason == .warehouseBacklog ? .slowInWarehouse : stageReason,
                                     detail: "\(order.status.rawValue) for \(String(format: "%.1f", idle)) h without an event (limit \(String(format: "%.0f", limit)) h)"))
            }
        }
        return found
    }

    public func alerts(state: AlertState?, kind: AlertKind?, orderId: String?, before: String?, limit: Int, by user: User) async throws -> [Alert] {
        guard user.role.isStaff else { throw LogisticsError.forbidden("staff only") }
        return try await store.alerts(state: state, kind: kind, orderId: orderId, beforeId: before, limit: limit)
    }

    /// Someone is on it: the board shows who.
    public func acknowledge(id: String, by user: User, note: String?) async throws -> Alert {
        try await move(id: id, from: [.open], to: .acknowledged, by: user, note: note)
    }

    public func resolve(id: String, by user: User, note: String?) async throws -> Alert {
        try await move(id: id, from: [.open, .acknowledged], to: .resolved, by: user, note: note)
    }

    private func move(id: String, from: Set<AlertState>, to: AlertState, by user: User, note: String?) async throws -> Alert {
        guard user.role.isStaff else { throw LogisticsError.forbidden("staff only") }
        if let note, note.count > 500 { throw LogisticsError.validation(field: "note", message: "at most 500 characters") }
        guard let current = try await store.alert(id: id) else { throw LogisticsError.notFound("alert \(id)") }
        guard let moved = try await store.updateAlert(id: id, from: from, to: to, by: user.id, at: clock(), note: note) else {
            throw LogisticsError.conflict(.alertState, message: "the alert is \(current.state.rawValue); it cannot become \(to.rawValue)")
        }
        return moved
    }
}
