import Hummingbird
import Logistics

/// An error of the HTTP layer itself (bad body, bad header); domain errors are `LogisticsError`.
public struct APIError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var details: [String: String]

    public init(_ status: HTTPResponse.Status, code: String, message: String, details: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }
}

/// The one JSON error shape of DESIGN.md: `{"error": {"code", "message", "details"}}`.
struct ErrorBody: Codable {
    struct Content: Codable {
        var code: String
        var message: String
        var details: [String: String]
    }
    var error: Content
}

extension LogisticsError {
    /// The HTTP status for each domain error, decided once here.
    var httpStatus: HTTPResponse.Status {
        switch self {
        // A SKU that names no product is a missing resource, like an unknown address or warehouse.
        case .notFound, .unknownSKU: .notFound
        case .validation, .amountMismatch, .idempotencyKeyReused: .unprocessableContent
        case .insufficientStock, .forbiddenTransition, .orderNotPayable, .conflict, .refused: .conflict
        case .transitionNotPermitted, .forbidden: .forbidden
        case .unauthorized: .unauthorized
        case .tooManyRequests: .tooManyRequests
        case .tooLarge: .contentTooLarge
        case .unsupportedMedia: .unsupportedMediaType
        }
    }
}
