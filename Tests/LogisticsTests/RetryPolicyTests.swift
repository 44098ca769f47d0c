import Testing
import Logistics

@Suite("Retry policy")
struct RetryPolicyTests {
    @Test("waits double from the base, stay within half to all of the step, are capped, and give up at the last attempt")
    func backoff() {
        let policy = RetryPolicy(baseDelay: 5, maximumDelay: 3600, maximumAttempts: 15)
        #expect(policy.delay(afterAttempts: 1, unit: 0) == 2.5)
        #expect(policy.delay(afterAttempts: 1, unit: 1) == 5)
        #expect(policy.delay(afterAttempts: 4, unit: 1) == 40)
        #expect(policy.delay(afterAttempts: 4, unit: 0.5) == 30)
        #expect(policy.delay(afterAttempts: 12, unit: 1) == 3600, "capped at an hour")
        #expect(policy.delay(afterAttempts: 40, unit: 0) == 1800)
        let total = (1..<15).map { policy.delay(afterAttempts: $0, unit: 1) }.reduce(0, +)
        #expect(total > 8 * 3600 && total < 10 * 3600, "about nine hours before a delivery is dead")
        #expect(!policy.isLast(14) && policy.isLast(15))
    }
}
