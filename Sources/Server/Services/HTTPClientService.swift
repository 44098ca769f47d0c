import AsyncHTTPClient
import ServiceLifecycle

/// Shuts the webhook HTTP client down with the application.
struct HTTPClientService: Service {
    let client: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}
