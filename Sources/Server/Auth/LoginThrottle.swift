import Foundation
import Logistics

/// Slows password guessing: after N failures for one e-mail (or 4N from one address) within the window,
/// further attempts are refused with 429 until the window passes. Per instance, in memory.
actor LoginThrottle {
    private let allowed: Int
    private let window: Double
    private var failures: [String: [Date]] = [:]

    init(allowedFailures: Int, windowSeconds: Double) {
        self.allowed = allowedFailures
        self.window = windowSeconds
    }

    func check(email: String, peer: String) throws(LogisticsError) {
        let now = Date()
        for (key, limit) in [("e:" + email, allowed), ("p:" + peer, allowed * 4)] {
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
            failures[key] = recent
            if recent.count >= limit, let oldest = recent.first {
                throw .tooManyRequests(retryAfterSeconds: max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up))))
            }
        }
    }

    func recordFailure(email: String, peer: String) {
        failures["e:" + email, default: []].append(Date())
        failures["p:" + peer, default: []].append(Date())
        if failures.count > 100_000 { failures.removeAll() }  // bound memory under a spray of e-mails
    }

    func recordSuccess(email: String) {
        failures["e:" + email] = nil
    }
}
