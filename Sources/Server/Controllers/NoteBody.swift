import Hummingbird

/// The body of an acknowledge or resolve: a note, optional, as is the body itself.
struct NoteBody: Decodable {
    var note: String?

    /// The note, or nil when there is no body (no content type) or no note in it.
    static func note(in request: Request, context: AppRequestContext) async throws -> String? {
        guard request.headers[.contentType] != nil else { return nil }
        return try await JSONCoding.decode(NoteBody.self, from: request, context: context).note
    }
}
