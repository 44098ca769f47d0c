import AsyncHTTPClient
import Foundation
import HTTPTypes
import Logistics
import NIOCore
import Testing
import TestSupport

@Suite("Over real sockets")
struct LiveTests {
    @Test("a flash sale over real HTTP: 120 concurrent buyers, 12 units, exactly 12 orders", arguments: TestDatabase.available)
    func flashSale(_ database: TestDatabase) async throws {
        try await withApp(database, setup: .live) { app in
            let port = try #require(app.client.port)
            try await app.fixtures.receive(12, of: "PC-3KW-16A")
            var buyers: [(String, String)] = []
            for index in 0..<30 {
                let (token, _) = try await app.customer("fan\(index)")
                buyers.append((token, try await app.address(token: token)))
            }
            var configuration = HTTPClient.Configuration()
            configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            // Shut down whatever happens: a client dropped unshut traps and takes the whole test run with it.
            let outcome: Result<[UInt: Int], any Error>
            do { outcome = .success(try await withThrowingTaskGroup(of: UInt.self) { group in
                for attempt in 0..<120 {
                    let (token, address) = buyers[attempt % buyers.count]
                    group.addTask {
                        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/orders")
                        request.method = .POST
                        request.headers.add(name: "Authorization", value: "Bearer \(token)")
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.body = .bytes(ByteBuffer(string: #"{"lines":[{"sku":"PC-3KW-16A","quantity":1}],"addressId":"\#(address)"}"#))
                        let response = try await http.execute(request, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        return response.status.code
                    }
                }
                var counts: [UInt: Int] = [:]
                for try await status in group { counts[status, default: 0] += 1 }
                return counts
            }) } catch { outcome = .failure(error) }
            try await http.shutdown()
            let statuses = try outcome.get()
            #expect(statuses[201] == 12, "\(statuses)")
            #expect(statuses[409] == 108, "\(statuses)")
            #expect(try await app.fixtures.level("PC-3KW-16A").available == 0)
            #expect(try await app.fixtures.store.ledgerDiscrepancies().isEmpty)
        }
    }
}
