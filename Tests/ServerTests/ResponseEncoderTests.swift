import Foundation
import Logistics
import Testing

@testable import Server

/// The server's JSON writer must say exactly what Foundation's `JSONEncoder` (sorted keys, ISO 8601 times)
/// would: the same document once parsed, for the real response types and for every container shape.
@Suite struct ResponseEncoderTests {
    static let foundation: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601.string(from: date))
        }
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    func parsed(_ data: Data) throws -> NSObject {
        try #require(JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? NSObject)
    }

    func expectSame<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ours = try ResponseEncoder().encode(value), theirs = try Self.foundation.encode(value)
        #expect(try parsed(ours) == parsed(theirs), "\(String(decoding: ours, as: UTF8.self))\nvs\n\(String(decoding: theirs, as: UTF8.self))",
                sourceLocation: sourceLocation)
    }

    @Test func aPageOfConversationsIsTheSameDocument() throws {
        let now = Date(timeIntervalSince1970: 1_790_000_000.123)
        var conversation = Conversation(id: "cnv_1", customerId: "usr_1", orderId: nil, category: .invoice, state: .pending, assigneeId: "usr_a",
                                        handedOver: true, createdAt: now, updatedAt: now.addingTimeInterval(61), firstResponseAt: now.addingTimeInterval(5),
                                        solvedAt: nil, rating: 4, ratingComment: "很好 \"quoted\" / slash\n")
        conversation.serviceLevel = ServiceLevelRules.evaluate(conversation, level: .standard(.invoice), hours: .standard, now: now.addingTimeInterval(600))
        var message = ChatMessage(id: "msg_1", conversationId: "cnv_1", author: .agent, authorId: "usr_a", text: "发票已开具\t\u{1}", createdAt: now)
        message.attachment = PhotoAttachment(id: "pho_1", format: .jpeg, bytes: 1234)
        conversation.messages = [message]
        try expectSame(Page(items: [conversation, conversation], nextCursor: "cnv_0"))
        try expectSame(Page<Conversation>(items: [], nextCursor: nil))
        // The exact bytes of a small document, so that key order and escaping are pinned too.
        let text = String(decoding: try ResponseEncoder().encode(Page(items: ["a/b\"c"], nextCursor: nil)), as: UTF8.self)
        #expect(text == #"{"items":["a\/b\"c"],"nextCursor":null}"#)
    }

    struct Shapes: Encodable {
        var numbers: [Double] = [0, -0.5, 3, 1e-7, 12345678.9, 1e21]
        var integers: [Int] = [0, -1, Int.max, Int.min]
        var unsigned: UInt64 = .max
        var flags: [Bool?] = [true, false, nil]
        var nested: [String: [String: Int]] = ["b": ["y": 2, "x": 1], "a": [:]]
        var byNumber: [Int: String] = [2: "two", 10: "ten"]
        var absent: String? = nil
        var url = URL(string: "https://example.test/a?b=1")!
        var bytes = Data([0, 1, 2, 250])
        var empty = Empty()
        var custom = Custom()

        struct Empty: Encodable {}

        struct Custom: Encodable {
            enum Keys: String, CodingKey { case a, inner, list, base }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode("first", forKey: .a)
                var inner = container.nestedContainer(keyedBy: Keys.self, forKey: .inner)
                try inner.encodeNil(forKey: .a)
                var list = container.nestedUnkeyedContainer(forKey: .list)
                try list.encode(1)
                var row = list.nestedContainer(keyedBy: Keys.self)
                try row.encode(true, forKey: .a)
                var deeper = list.nestedUnkeyedContainer()
                try deeper.encode("x")
                try "base".encode(to: container.superEncoder(forKey: .base))
                try container.encode("again", forKey: .a)
            }
        }
    }

    @Test func everyContainerShapeIsTheSameDocument() throws {
        try expectSame(Shapes())
        try expectSame([[1, 2], [], [3]])
        try expectSame("only a string")
        try expectSame(Optional<Int>.none)
    }

    @Test func numbersThatJSONCannotHoldAreRefused() {
        #expect(throws: EncodingError.self) { try ResponseEncoder().encode(["x": Double.nan]) }
        #expect(throws: EncodingError.self) { try ResponseEncoder().encode([Double.infinity]) }
    }
}
