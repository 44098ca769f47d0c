import Foundation
import HTTPTypes
import Logistics
import Server
import Testing
import TestSupport

@Suite("Customer service")
struct SupportTests {
    @Test("where is my order: the assistant answers at once, hands over when asked; an agent answers, notes, solves; the customer rates",
          arguments: TestDatabase.available)
    func conversation(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (token, customerId) = try await app.customer()
            let orderId = try #require(try await app.placeOrder(token: token, addressId: try await app.address(token: token))["id"] as? String)
            let opened = try await app.call(.post, "/api/v1/conversations", token: token,
                                            body: #"{"orderId":"\#(orderId)","category":"whereIsMyOrder","text":"我的订单到哪了？"}"#)
            #expect(opened.status == .created, "\(opened.text)")
            let id = try #require(opened["id"] as? String)
            #expect(opened.headers[.location] == "/api/v1/conversations/\(id)")
            let first = opened["messages"] as? [[String: Any]] ?? []
            #expect(first.map { $0["author"] as? String } == ["customer", "bot"] && first.map { $0["sequence"] as? Int } == [1, 2])
            #expect((first.last?["text"] as? String)?.hasPrefix("订单待付款") == true, "the assistant's answer is the order's explanation: \(first)")
            #expect(opened["state"] as? String == "open" && opened["handedOver"] as? Bool == false && opened["customerId"] as? String == customerId)

            let human = try await app.call(.post, "/api/v1/conversations/\(id)/messages", token: token, body: #"{"text":"转人工"}"#)
            #expect(human.status == .created && human.items.map { $0["author"] as? String } == ["customer", "bot"], "\(human.text)")

            let agent = try await app.staff(.agent)
            let inbox = try await app.call(.get, "/api/v1/admin/conversations?state=open&category=whereIsMyOrder", token: agent)
            #expect(inbox.items.map { $0["id"] as? String } == [id] && inbox.items.first?["handedOver"] as? Bool == true)
            #expect(try await app.call(.post, "/api/v1/admin/conversations/\(id)/assign", token: agent)["assigneeId"] as? String != nil)
            #expect(try await app.call(.post, "/api/v1/conversations/\(id)/messages", token: agent, body: #"{"text":"VIP, be quick","internal":true}"#).status == .created)
            let reply = try await app.call(.post, "/api/v1/conversations/\(id)/messages", token: agent, body: #"{"text":"您好，订单付款后今天发货。"}"#)
            #expect(reply.items.count == 1 && reply.items.first?["sequence"] as? Int == 6, "\(reply.text)")

            let seen = try await app.call(.get, "/api/v1/conversations/\(id)", token: token)
            let texts = (seen["messages"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
            #expect(!texts.contains("VIP, be quick") && texts.last == "您好，订单付款后今天发货。", "customers never see internal notes")
            #expect(seen["state"] as? String == "pending" && seen["firstResponseAt"] as? String != nil)
            let thanks = try await app.call(.post, "/api/v1/conversations/\(id)/messages", token: token, body: #"{"text":"好的，谢谢"}"#)
            #expect(thanks.items.map { $0["author"] as? String } == ["customer"], "a thank-you waits for the agent; the assistant stays quiet")
            let agentView = try await app.call(.get, "/api/v1/conversations/\(id)", token: agent)
            #expect((agentView["messages"] as? [[String: Any]] ?? []).count == 7)

            #expect(try await app.call(.post, "/api/v1/conversations/\(id)/rating", token: token, body: #"{"score":5}"#).errorCode == "conversation_state",
                    "rated once solved")
            #expect(try await app.call(.post, "/api/v1/admin/conversations/\(id)/solve", token: agent)["state"] as? String == "solved")
            let rated = try await app.call(.post, "/api/v1/conversations/\(id)/rating", token: token, body: #"{"score":5,"comment":"快"}"#)
            #expect(rated["state"] as? String == "closed" && rated["rating"] as? Int == 5, "\(rated.text)")
            #expect(try await app.call(.post, "/api/v1/conversations/\(id)/messages", token: token, body: #"{"text":"还有一个问题"}"#).errorCode == "conversation_state")
            #expect(try await app.call(.get, "/api/v1/conversations", token: token).items.map { $0["id"] as? String } == [id])

            // A second question the assistant settles alone: half the conversations were self-service.
            let settled = try await app.call(.post, "/api/v1/conversations", token: token,
                                             body: #"{"orderId":"\#(orderId)","category":"whereIsMyOrder","text":"什么时候到"}"#)
            #expect((settled["messages"] as? [[String: Any]])?.count == 2)
            let figures = try await app.call(.get, "/api/v1/admin/service/metrics", token: agent)
            #expect(figures.status == .ok, "\(figures.text)")
            #expect(figures["conversations"] as? Int == 2 && figures["ordersPlaced"] as? Int == 1 && figures["conversationsPer100Orders"] as? Double == 200)
            #expect(figures["selfServiceShare"] as? Double == 0.5 && figures["rated"] as? Int == 1 && figures["satisfactionMean"] as? Double == 5)
            #expect((figures["firstResponseMinutesMedian"] as? Double ?? -1) >= 0 && (figures["resolutionMinutesP90"] as? Double ?? -1) >= 0, "\(figures.text)")
            #expect(try await app.call(.get, "/api/v1/admin/service/metrics", token: token).status == .forbidden)
            let metrics = try await app.call(.get, "/metrics")
            #expect(metrics.text.contains("chargemall_conversations_opened_total") && metrics.text.contains("chargemall_chat_messages_total"))
        }
    }

    @Test("others' conversations and orders are 404; bad input is refused and stores nothing; only agents work the inbox", arguments: TestDatabase.available)
    func refusals(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (token, _) = try await app.customer()
            let orderId = try #require(try await app.placeOrder(token: token, addressId: try await app.address(token: token))["id"] as? String)
            let id = try #require(try await app.call(.post, "/api/v1/conversations", token: token, body: #"{"category":"invoice","text":"需要发票"}"#)["id"] as? String)
            let (stranger, _) = try await app.customer("stranger")
            #expect(try await app.call(.get, "/api/v1/conversations/\(id)", token: stranger).status == .notFound)
            #expect(try await app.call(.post, "/api/v1/conversations/\(id)/messages", token: stranger, body: #"{"text":"hi"}"#).status == .notFound)
            let foreign = try await app.call(.post, "/api/v1/conversations", token: stranger,
                                         body: #"{"orderId":"\#(orderId)","category":"whereIsMyOrder","text":"where is it"}"#)
            #expect(foreign.status == .notFound, "\(foreign.text)")
            #expect(try await app.call(.post, "/api/v1/conversations", token: token, body: #"{"category":"invoice","text":"   "}"#).status == .badRequest)
            #expect(try await app.call(.post, "/api/v1/conversations", token: token,
                                       body: #"{"category":"invoice","text":"\#(String(repeating: "长", count: 2001))"}"#).status == .badRequest)
            #expect(try await app.call(.post, "/api/v1/conversations", token: token, body: #"{"category":"gossip","text":"hi"}"#).status == .badRequest)
            #expect(try await app.call(.post, "/api/v1/conversations/\(id)/messages", token: token, body: #"{"text":"note","internal":true}"#).status
                    == .unprocessableContent, "customers write no internal notes")
            #expect(try await app.call(.get, "/api/v1/conversations", token: token).items.count == 1)
            #expect(try await app.call(.get, "/api/v1/admin/conversations", token: token).status == .forbidden)
            #expect(try await app.call(.get, "/api/v1/admin/conversations", token: try await app.staff(.warehouse)).status == .forbidden)
            let agent = try await app.staff(.agent)
            #expect(try await app.call(.post, "/api/v1/admin/conversations/\(id)/assign", token: agent, body: #"{"agentId":"usr_nobody"}"#).status
                    == .unprocessableContent)
            #expect(try await app.call(.post, "/api/v1/conversations", token: agent, body: #"{"category":"invoice","text":"x"}"#).status == .forbidden)
            // A question without an order, and not about one: no assistant reply, it waits for an agent.
            let invoice = try await app.call(.get, "/api/v1/conversations/\(id)", token: agent)
            #expect((invoice["messages"] as? [[String: Any]] ?? []).count == 1)
        }
    }
}
