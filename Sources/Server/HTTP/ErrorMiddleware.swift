import Foundation
import HTTPTypes
import Hummingbird
import Logistics
import Metrics
import Storage

/// Turns every error into the JSON error shape; anything unexpected becomes a logged 500.
/// Also echoes the request id, so a customer's complaint can be matched to the log line.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = Self.response(for: error, context: context)
        }
        response.headers[.requestID] = context.id
        return response
    }

    static func response(for error: any Error, context: Context) -> Response {
        let status: HTTPResponse.Status
        var body: ErrorBody.Content
        var headers = HTTPFields()
        switch error {
        case let error as LogisticsError:
            status = error.httpStatus
            body = .init(code: error.code, message: error.message, details: error.details)
            if case .tooManyRequests(let seconds) = error { headers[.retryAfter] = String(seconds) }
        case let error as DatabaseUnavailable:
            // The same request may succeed later: a 503 the client can retry, never a 500. Nothing changed,
            // unless the database went away mid-commit: then only the retry (same Idempotency-Key) can say.
            status = .serviceUnavailable
            let (code, message) =
                switch error.reason {
                case .unreachable: ("database_unavailable", "the database is unavailable; nothing was changed, try again shortly")
                case .storageFull: ("storage_full", "the server's disk is full; nothing was changed, try again later")
                case .storageFailed: ("storage_failed", "the server could not write to its disk; nothing was changed, try again later")
                case .outcomeUnknown:
                    ("outcome_unknown",
                     "the database went away while committing: the change may or may not have been made; send the same request again (with the same Idempotency-Key) shortly to learn which")
                }
            body = .init(code: code, message: message, details: ["retryAfterSeconds": String(error.retryAfterSeconds)])
            headers[.retryAfter] = String(error.retryAfterSeconds)
            context.logger.debug("database unavailable", metadata: ["reason": "\(error.reason.rawValue)", "error": "\(error.underlying)"])
            Counter(label: "chargemall_database_unavailable_total", dimensions: [("reason", error.reason.rawValue)]).increment()
        case let error as APIError:
            status = error.status
            body = .init(code: error.code, message: error.message, details: error.details)
        case let error as HTTPError:
            status = error.status
            let code: String =
                switch error.status {
                case .notFound: "not_found"
                case .methodNotAllowed: "method_not_allowed"
                case .contentTooLarge: "payload_too_large"
                case .unauthorized: "unauthorized"
                default: error.status.code < 500 ? "bad_request" : "internal"
                }
            body = .init(code: code, message: error.body ?? error.status.reasonPhrase, details: [:])
        default:
            status = .internalServerError
            body = .init(code: "internal", message: "internal error; quote request id \(context.id)", details: [:])
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            Counter(label: "chargemall_internal_errors_total").increment()
        }
        if status.code >= 500, !(error is LogisticsError), !(error is DatabaseUnavailable) {
            context.logger.error("request failed", metadata: ["status": "\(status.code)", "error": "\(error)"])
        }
        headers[.contentType] = "application/json; charset=utf-8"
        let data = (try? JSONEncoder().encode(ErrorBody(error: body))) ?? Data(#"{"error":{"code":"internal","message":"encoding failed","details":{}}}"#.utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-Id")!
    static let idempotencyKey = Self("Idempotency-Key")!
    static let paymentTimestamp = Self("X-Payment-Timestamp")!
    static let paymentSignature = Self("X-Payment-Signature")!
    static let carrierTimestamp = Self("X-Carrier-Timestamp")!
    static let carrierSignature = Self("X-Carrier-Signature")!
}
