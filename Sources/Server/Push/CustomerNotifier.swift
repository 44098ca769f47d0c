import Foundation
import Logging
import Logistics

/// One line to a customer about one of their orders, e.g. a WeChat mini-program subscribe message or an SMS.
public struct CustomerMessage: Sendable, Equatable {
    public var customerId: String
    public var orderId: String
    public var eventId: String
    public var text: String
}

/// The customer message channel. Production plugs in the WeChat subscribe-message API or an SMS gateway;
/// a thrown error is retried with back-off like a webhook.
public protocol CustomerNotifier: Sendable {
    func send(_ message: CustomerMessage) async throws
}

/// Writes each message to the log instead of sending it: the default until a provider is configured.
public struct LoggingCustomerNotifier: CustomerNotifier {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func send(_ message: CustomerMessage) async throws {
        logger.info("customer message", metadata: ["customer": "\(message.customerId)", "order": "\(message.orderId)", "text": "\(message.text)"])
    }
}
