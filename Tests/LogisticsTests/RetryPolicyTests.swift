import Testing
import Logistics

@Suite("Retry policy")
struct RetryPolicyTests {
    @Test("waits double from the base, stay within half to all of the step, are capped, and give up at the last attempt")
    func backoff() {
        let policy = RetryPolicy()
        #expect(policy.delay(afterAttempts: 1, unit: 0) == 2.5)
        #expect(policy.delay(afterAttempts: 1, unit: 1) == 5)
        #expect(policy.delay(afterAttempts: 4, unit: 1) == 40)
        #expect(policy.delay(afterAttempts: 4, unit: 0.5) == 30)
        #expect(policy.delay(afterAttempts: 12, unit: 1) == 3600, "capped at an hour")
        #expect(policy.delay(afterAttempts: 40, unit: 0) == 1800)
        let longest = (1..<18).map { policy.delay(afterAttempts: $0, unit: 1) }.reduce(0, +)
        let shortest = (1..<18).map { policy.delay(afterAttempts: $0, unit: 0) }.reduce(0, +)
        #expect(longest / 3600 > 8.3 && longest / 3600 < 8.5, "at most 8.4 hours before a delivery is dead")
        #expect(shortest == longest / 2)
        #expect(!policy.isLast(17) && policy.isLast(18))
    }
}
