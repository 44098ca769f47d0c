import Foundation
import Synchronization
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

    @Test("live chat: the agent's answer reaches the customer's WebSocket, notes only agents; chatSince= replays what was missed",
          arguments: TestDatabase.available)
    func liveChat(_ database: TestDatabase) async throws {
        try await withApp(database, setup: .live, configure: { $0.pushPollSeconds = 0.2 }) { app in
            let port = try #require(app.client.port)
            let (token, _) = try await app.customer("alice")
            let (other, _) = try await app.customer("bob")
            let agent = try await app.staff(.agent)
            let customerStream = try await StreamClient.open(port: port, token: token)
            let agentStream = try await StreamClient.open(port: port, token: agent)
            let otherStream = try await StreamClient.open(port: port, token: other)
            let dispatcherStream = try await StreamClient.open(port: port, token: try await app.staff(.dispatcher))
            defer { [customerStream, agentStream, otherStream, dispatcherStream].forEach { $0.close() } }
            let start = try #require(customerStream.helloChatPosition)
            #expect(dispatcherStream.helloChatPosition == nil, "staff outside customer service get no chat")

            let id = try #require(try await app.call(.post, "/api/v1/conversations", token: token, body: #"{"category":"invoice","text":"需要发票"}"#)["id"] as? String)
            try await agentStream.waitFor { $0.contains { $0["type"] as? String == "chat" && $0.chatText == "需要发票" } }
            #expect(agentStream.chat.first?["conversationId"] as? String == id)
            #expect(try await app.call(.post, "/api/v1/conversations/\(id)/messages", token: agent, body: #"{"text":"check the tax id","internal":true}"#).status == .created)
            #expect(try await app.call(.post, "/api/v1/conversations/\(id)/messages", token: agent, body: #"{"text":"发票已开具"}"#).status == .created)
            try await customerStream.waitFor { $0.contains { $0.chatText == "发票已开具" } }
            try await agentStream.waitFor { $0.filter { $0["type"] as? String == "chat" }.count >= 3 }
            try await Task.sleep(for: .milliseconds(300))  // anything else that would arrive, arrives
            #expect(customerStream.chat.map(\.chatText) == ["需要发票", "发票已开具"], "the customer never sees the internal note")
            #expect(agentStream.chat.map(\.chatText) == ["需要发票", "check the tax id", "发票已开具"])
            #expect(otherStream.chat.isEmpty && dispatcherStream.chat.isEmpty, "nobody else's chat")
            let positions = agentStream.chat.map(\.chatPosition)
            #expect(positions == positions.sorted() && Set(positions).count == 3 && positions.allSatisfy { $0 > start })
            let message = try #require(customerStream.chat.last?["message"] as? [String: Any])
            #expect(message["author"] as? String == "agent" && message["sequence"] as? Int == 3)

            // A page that lost its connection after the question gets exactly the answer on reconnecting.
            let first = try #require(customerStream.chat.first).chatPosition
            let resumed = try await StreamClient.open(port: port, token: token, chatSince: first)
            defer { resumed.close() }
            try await resumed.waitFor { $0.contains { $0["type"] as? String == "chat" } }
            try await Task.sleep(for: .milliseconds(200))
            #expect(resumed.chat.map(\.chatText) == ["发票已开具"] && resumed.helloChatPosition == first)
            let badCursor = try await app.call(.get, "/api/v1/stream?chatSince=x", token: token)
            #expect(badCursor.status == .badRequest && badCursor.errorCode == "invalid_query")
        }
    }

    @Test("service levels: clocks in business time beside each conversation, agents warned live once per clock as it nears and passes its due time",
          arguments: TestDatabase.available)
    func serviceLevels(_ database: TestDatabase) async throws {
        let clock = ManualClock(PlanningDay(containing: Date()).at(minute: 10 * 60))
        try await withApp(database, setup: .live, configure: {
            $0.pushPollSeconds = 0.2
            $0.serviceLevelWatchSeconds = 0.2
            $0.clock = clock.now
        }) { app in
            let port = try #require(app.client.port)
            let (token, _) = try await app.customer()
            let agent = try await app.staff(.agent), admin = try await app.staff(.admin)
            let levels = try await app.call(.get, "/api/v1/admin/service/levels", token: agent)
            #expect(levels["businessHours"] as? String == "09:00-21:00" && levels.items.count == ConversationCategory.allCases.count, "\(levels.text)")
            #expect(try await app.call(.put, "/api/v1/admin/service/levels/damaged", token: agent, body: #"{"firstResponseMinutes":5,"resolutionMinutes":60}"#).status
                    == .forbidden)
            #expect(try await app.call(.put, "/api/v1/admin/service/levels/damaged", token: admin, body: #"{"firstResponseMinutes":90,"resolutionMinutes":60}"#).status
                    == .unprocessableContent)
            #expect(try await app.call(.put, "/api/v1/admin/service/levels/gossip", token: admin, body: #"{"firstResponseMinutes":5,"resolutionMinutes":60}"#).status
                    == .notFound)
            let set = try await app.call(.put, "/api/v1/admin/service/levels/invoice", token: admin, body: #"{"firstResponseMinutes":10,"resolutionMinutes":60}"#)
            #expect(set.status == .ok && set["firstResponseMinutes"] as? Int == 10, "\(set.text)")

            let agentStream = try await StreamClient.open(port: port, token: agent)
            defer { agentStream.close() }
            let id = try #require(try await app.call(.post, "/api/v1/conversations", token: token, body: #"{"category":"invoice","text":"需要发票"}"#)["id"] as? String)
            var seen = try await app.call(.get, "/api/v1/conversations/\(id)", token: agent)
            var first = try #require((seen["serviceLevel"] as? [String: Any])?["firstResponse"] as? [String: Any])
            #expect(first["state"] as? String == "running" && first["minutesLeft"] as? Double == 10, "\(seen.text)")
            #expect(try await app.call(.get, "/api/v1/conversations/\(id)", token: token)["serviceLevel"] == nil, "customers do not see the desk's clocks")

            clock.advance(minutes: 8)
            try await agentStream.waitFor { $0.contains { $0.chatText.contains("SLA at risk: first response") } }
            clock.advance(minutes: 5)
            try await agentStream.waitFor { $0.contains { $0.chatText.contains("SLA breached: first response") } }
            try await Task.sleep(for: .milliseconds(600))  // more watch rounds: no warning twice
            let warnings = agentStream.chat.filter { $0.chatText.hasPrefix("⚠") }
            #expect(warnings.count == 2 && warnings.allSatisfy { ($0["message"] as? [String: Any])?["internal"] as? Bool == true }, "\(warnings)")
            seen = try await app.call(.get, "/api/v1/admin/conversations?state=open", token: agent)
            first = try #require(((seen.items.first?["serviceLevel"] as? [String: Any])?["firstResponse"]) as? [String: Any])
            #expect(first["state"] as? String == "breached" && first["minutesLeft"] as? Double == -3)
            let customerView = try await app.call(.get, "/api/v1/conversations/\(id)", token: token)
            #expect((customerView["messages"] as? [[String: Any]])?.count == 1, "the warnings are internal")
            let metrics = try await app.call(.get, "/metrics")
            #expect(metrics.text.contains("chargemall_service_level_warnings_total"))
        }
    }

    @Test("canned replies: placeholders checked when saved and filled from the order's live data when picked", arguments: TestDatabase.available)
    func cannedReplies(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (token, _) = try await app.customer()
            let agent = try await app.staff(.agent)
            let order = try await app.placeOrder(token: token, addressId: try await app.address(token: token))
            let orderId = try #require(order["id"] as? String), number = try #require(order["number"] as? String)
            let id = try #require(try await app.call(.post, "/api/v1/conversations", token: token,
                                                     body: #"{"orderId":"\#(orderId)","category":"whereIsMyOrder","text":"人工"}"#)["id"] as? String)
            let typo = try await app.call(.post, "/api/v1/admin/service/replies", token: agent, body: #"{"title":"进度","text":"状态：{stauts}"}"#)
            #expect(typo.status == .unprocessableContent && typo.text.contains("stauts"), "\(typo.text)")
            #expect(try await app.call(.post, "/api/v1/admin/service/replies", token: token, body: #"{"title":"x","text":"y"}"#).status == .forbidden)
            let general = try await app.call(.post, "/api/v1/admin/service/replies", token: agent, body: #"{"title":"单号","text":"运单号 {waybill}"}"#)
            #expect(general.status == .created, "\(general.text)")
            let progress = try await app.call(.post, "/api/v1/admin/service/replies", token: agent,
                                              body: #"{"title":"进度","text":"订单 {orderNumber}：{status}。{delayReason}。","category":"whereIsMyOrder"}"#)
            #expect(progress.status == .created)
            let filled = try await app.call(.get, "/api/v1/admin/conversations/\(id)/replies", token: agent)
            #expect(filled.items.map { $0["title"] as? String } == ["进度", "单号"], "the conversation's queue first: \(filled.text)")
            #expect(filled.items.first?["text"] as? String == "订单 \(number)：订单待付款。暂无延误。" && (filled.items.first?["missing"] as? [String]) == [])
            #expect(filled.items.last?["text"] as? String == "运单号 {waybill}" && (filled.items.last?["missing"] as? [String]) == ["waybill"],
                    "not with a carrier: the placeholder stays for the agent")
            let english = try await app.call(.get, "/api/v1/admin/conversations/\(id)/replies", token: agent, headers: [.acceptLanguage: "en"])
            #expect((english.items.first?["text"] as? String)?.contains("waiting for payment") == true)
            let replyId = try #require(general["id"] as? String)
            #expect(try await app.call(.delete, "/api/v1/admin/service/replies/\(replyId)", token: agent).status == .noContent)
            #expect(try await app.call(.delete, "/api/v1/admin/service/replies/\(replyId)", token: agent).status == .notFound)
            #expect(try await app.call(.get, "/api/v1/admin/service/replies", token: agent).items.count == 1)
            #expect(try await app.call(.get, "/api/v1/admin/conversations/cnv_nope/replies", token: agent).status == .notFound)
        }
    }

    @Test("photos in a chat: checked by content and size, kept with their message, shown to the conversation's customer and agents only",
          arguments: TestDatabase.available)
    func photos(_ database: TestDatabase) async throws {
        try await withApp(database) { app in
            let (token, _) = try await app.customer()
            let agent = try await app.staff(.agent)
            let id = try #require(try await app.call(.post, "/api/v1/conversations", token: token, body: #"{"category":"damaged","text":"箱子破了"}"#)["id"] as? String)
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D] + Array("IHDR".utf8) + [UInt8](repeating: 7, count: 40)
            let sent = try await app.upload("/api/v1/conversations/\(id)/attachments", token: token, bytes: png, contentType: "image/jpeg")
            #expect(sent.status == .created, "\(sent.text)")
            let attachment = try #require(sent.items.first?["attachment"] as? [String: Any])
            #expect(attachment["format"] as? String == "png" && attachment["bytes"] as? Int == png.count, "the content decides the type, not the header")
            let photoId = try #require(attachment["id"] as? String)
            for reader in [token, agent] {
                let fetched = try await app.call(.get, "/api/v1/conversations/\(id)/attachments/\(photoId)", token: reader)
                #expect(fetched.status == .ok && fetched.headers[.contentType] == "image/png" && Array(fetched.text.utf8).count > 0)
            }
            let seen = try await app.call(.get, "/api/v1/conversations/\(id)", token: agent)
            #expect(((seen["messages"] as? [[String: Any]])?.last?["attachment"] as? [String: Any])?["id"] as? String == photoId)
            let (stranger, _) = try await app.customer("stranger")
            #expect(try await app.call(.get, "/api/v1/conversations/\(id)/attachments/\(photoId)", token: stranger).status == .notFound)
            #expect(try await app.upload("/api/v1/conversations/\(id)/attachments", token: stranger, bytes: png, contentType: "image/png").status == .notFound)
            let text = try await app.upload("/api/v1/conversations/\(id)/attachments", token: token, bytes: Array("not a photo".utf8), contentType: "image/png")
            #expect(text.status == .unsupportedMediaType)
            let huge = try await app.upload("/api/v1/conversations/\(id)/attachments", token: token,
                                            bytes: png + [UInt8](repeating: 0, count: PhotoAttachment.maximumBytes), contentType: "image/png")
            #expect(huge.status == .contentTooLarge)
            #expect((try await app.call(.get, "/api/v1/conversations/\(id)", token: token)["messages"] as? [[String: Any]])?.count == 2, "refused uploads store nothing")
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

/// A domain clock that a test moves by hand.
final class ManualClock: Sendable {
    private let time: Mutex<Date>

    init(_ start: Date) { time = Mutex(start) }

    var now: @Sendable () -> Date { { [self] in time.withLock { $0 } } }

    func advance(minutes: Double) { time.withLock { $0 = $0.addingTimeInterval(minutes * 60) } }
}
