import Foundation
import Testing
@testable import Logistics

@Suite("Service levels and canned replies")
struct ServiceDeskTests {
    let day = PlanningDay(containing: Date(timeIntervalSince1970: 1_800_000_000))
    let hours = BusinessHours.standard

    func at(_ hour: Int, _ minute: Int = 0, dayOffset: Int = 0) -> Date { PlanningDay(days: day.days + dayOffset).at(minute: hour * 60 + minute) }

    @Test("business time: counted only while the desk is open, across nights")
    func businessTime() {
        #expect(hours.adding(minutes: 15, to: at(10)) == at(10, 15))
        #expect(hours.adding(minutes: 15, to: at(7)) == at(9, 15), "a question before opening is timed from opening")
        #expect(hours.adding(minutes: 30, to: at(20, 50)) == at(9, 20, dayOffset: 1), "ten minutes tonight, twenty tomorrow")
        #expect(hours.adding(minutes: 30, to: at(23)) == at(9, 30, dayOffset: 1))
        #expect(hours.adding(minutes: 48 * 60, to: at(10)) == at(10, dayOffset: 4), "48 business hours are four 12-hour days")
        #expect(hours.adding(minutes: 12 * 60, to: at(9)) == at(21), "a whole day ends at closing, not the next morning")
        #expect(hours.minutes(from: at(20), to: at(10, dayOffset: 1)) == 120)
        #expect(hours.minutes(from: at(22), to: at(8, dayOffset: 1)) == 0)
        #expect(hours.minutes(from: at(10), to: at(9)) == 0)
        #expect(BusinessHours(parsing: "08:30-18:00") == BusinessHours(opens: 510, closes: 1080))
        #expect(BusinessHours(parsing: "18:00-08:00") == nil && BusinessHours(parsing: "9-21") == nil && BusinessHours(parsing: "25:00-26:00") == nil)
        #expect(BusinessHours.standard.description == "09:00-21:00")
    }

    func conversation(createdAt: Date, firstResponseAt: Date? = nil, state: ConversationState = .open, solvedAt: Date? = nil) -> Conversation {
        Conversation(id: "cnv_1", customerId: "usr_1", orderId: nil, category: .whereIsMyOrder, state: state, createdAt: createdAt, updatedAt: createdAt,
                     firstResponseAt: firstResponseAt, solvedAt: solvedAt)
    }

    @Test("a clock runs, is at risk in its last fifth, breaches when due; an answer stops it, met or late")
    func clocks() {
        let level = ServiceLevel.standard(.whereIsMyOrder)  // 15 minutes, 4 hours
        let asked = at(10)
        let running = ServiceLevelRules.evaluate(conversation(createdAt: asked), level: level, hours: hours, now: at(10, 5))
        #expect(running.firstResponse == ServiceClock(dueAt: at(10, 15), state: .running, minutesLeft: 10))
        #expect(running.resolution.dueAt == at(14) && running.resolution.state == .running)
        #expect(ServiceLevelRules.evaluate(conversation(createdAt: asked), level: level, hours: hours, now: at(10, 12)).firstResponse.state == .atRisk)
        let late = ServiceLevelRules.evaluate(conversation(createdAt: asked), level: level, hours: hours, now: at(10, 20))
        #expect(late.firstResponse.state == .breached && late.firstResponse.minutesLeft == -5 && late.worst == .breached)
        #expect(ServiceLevelRules.evaluate(conversation(createdAt: asked, firstResponseAt: at(10, 14)), level: level, hours: hours, now: at(11)).firstResponse
                == ServiceClock(dueAt: at(10, 15), state: .met, minutesLeft: nil))
        #expect(ServiceLevelRules.evaluate(conversation(createdAt: asked, firstResponseAt: at(10, 16)), level: level, hours: hours, now: at(11)).firstResponse.state
                == .breached, "a late answer stays late")
        let settled = ServiceLevelRules.evaluate(conversation(createdAt: asked, state: .solved, solvedAt: at(10, 1)), level: level, hours: hours, now: at(12))
        #expect(settled.firstResponse.state == .met && settled.resolution.state == .met && settled.worst == .met,
                "the assistant settled it: no person had to answer")
        let overnight = ServiceLevelRules.evaluate(conversation(createdAt: at(22)), level: level, hours: hours, now: at(8, dayOffset: 1))
        #expect(overnight.firstResponse.state == .running && overnight.firstResponse.minutesLeft == 15, "nobody is late while the desk is closed")
    }

    @Test("canned replies: placeholders filled from the order's facts, the missing ones listed and left visible, typos caught")
    func cannedReplies() {
        let reply = CannedReply(id: "rpl_1", title: "进度", text: "订单 {orderNumber}：{status}，预计 {eta}。{delayReason}。单号 {waybill}（{carrier}）",
                                category: .whereIsMyOrder, createdBy: "usr_a", createdAt: at(9))
        let facts = ReplyFacts(status: "订单已发货", eta: "2027-01-15 14:00–16:00", delayReason: "暂无延误", orderNumber: "CM1")
        let filled = CannedReplyRules.fill(reply, with: facts)
        #expect(filled.text == "订单 CM1：订单已发货，预计 2027-01-15 14:00–16:00。暂无延误。单号 {waybill}（{carrier}）")
        #expect(filled.missing == ["waybill", "carrier"])
        #expect(CannedReplyRules.placeholders(in: "{a}{b} {a} {unclosed") == ["a", "b", "a"])
        #expect(CannedReplyRules.unknownPlaceholders(in: "{status} {stauts} {eta}") == ["stauts"])
        #expect(CannedReplyRules.unknownPlaceholders(in: "no placeholders") == [])
    }
}
