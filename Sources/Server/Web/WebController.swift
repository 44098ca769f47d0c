import Foundation
import HTTPTypes
import Hummingbird

/// Serves the staff console at `/console/` and the customers' H5 pages at `/m/`: one HTML shell each for
/// every address below it (the pages route in the browser, so a shared or reloaded URL opens the same
/// screen), and their scripts, styles and icons under `/assets/`.
struct WebController {
    let assets: WebAssets

    /// No inline script or style, nothing from another origin; images may be blobs (an authorised fetch of
    /// a plan's map or a delivery photo) or data URLs.
    static let contentSecurityPolicy = [
        "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' blob: data:", "connect-src 'self'",
        "font-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
    ].joined(separator: "; ")

    func register(to router: Router<AppRequestContext>) {
        router.get("/") { _, _ in Response(status: .found, headers: [.location: "/console/"]) }
        for app in ["console", "m"] {
            let shell = "/\(app)/index.html"
            // The router treats "/console" and "/console/" as one path.
            router.get("/\(app)") { request, _ in try serve(shell, request) }
            router.get("/\(app)/**") { request, _ in try serve(shell, request) }
        }
        router.get("/assets/**") { request, _ in try serve(request.uri.path, request) }
        router.get("/favicon.ico") { request, _ in try serve("/assets/icon.svg", request) }
    }

    func serve(_ path: String, _ request: Request) throws -> Response {
        guard !path.contains(".."), let file = assets.files[path] else {
            throw APIError(.notFound, code: "not_found", message: "no such page or file: \(request.uri.path)")
        }
        var headers = Self.securityHeaders
        headers[.contentType] = file.contentType
        headers[.eTag] = file.etag
        // Revalidated every time (a 304 costs a round trip, not the file): a new release shows at once.
        headers[.cacheControl] = "no-cache"
        if let match = request.headers[.ifNoneMatch], match == file.etag {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(file.body.readableBytes)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: file.body))
    }

    static var securityHeaders: HTTPFields {
        var headers = HTTPFields()
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return headers
    }
}
