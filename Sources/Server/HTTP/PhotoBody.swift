import Foundation
import Hummingbird
import Logistics
import NIOCore

/// Photos in and out: an upload's bytes read up to their limit (413 beyond it), and a kept photo's bytes
/// served with the headers every photo gets.
enum PhotoBody {
    static func read(_ request: Request, limit: Int) async throws -> Data {
        do {
            return Data(buffer: try await request.body.collect(upTo: limit))
        } catch {
            throw LogisticsError.tooLarge(what: "a photo", limitBytes: limit)
        }
    }

    static func response(id: String, format: PhotoFormat, data: Data) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = format.mediaType
        // A photo never changes once kept; the id names its content.
        headers[.cacheControl] = "private, max-age=31536000, immutable"
        headers[.contentDisposition] = "inline; filename=\"\(id).\(format == .png ? "png" : "jpg")\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
