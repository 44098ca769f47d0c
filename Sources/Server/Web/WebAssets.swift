import Crypto
import Foundation
import NIOCore

/// The console's and the H5 pages' files (`Sources/Server/Public`), read once at start-up and served from
/// memory: a few dozen small files, each with its content type and an ETag.
public struct WebAssets: Sendable {
    public struct File: Sendable {
        public var body: ByteBuffer
        public var contentType: String
        public var etag: String
    }

    /// By path below the root, with a leading slash ("/assets/lib/api.js").
    public let files: [String: File]
    public let root: String?

    /// `root` nil finds the files beside the executable (the package's resource bundle) or in the source tree.
    public init(root: String? = nil) {
        let found = root ?? Self.locate()
        self.root = found
        var files: [String: File] = [:]
        if let found, let walker = FileManager.default.enumerator(atPath: found) {
            while let relative = walker.nextObject() as? String {
                let path = found + "/" + relative
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                    let data = FileManager.default.contents(atPath: path), let type = Self.contentType(of: relative)
                else { continue }
                let digest = SHA256.hash(data: data).prefix(12).map { String(format: "%02x", $0) }.joined()
                files["/" + relative] = File(body: ByteBuffer(bytes: data), contentType: type, etag: "\"\(digest)\"")
            }
        }
        self.files = files
    }

    /// Where the pages are: `CHARGEMALL_WEB_ROOT`, else the resource bundle SwiftPM puts beside the
    /// executable (`swift run`, tests), else the source tree when run from the package's folder.
    static func locate() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let root = environment["CHARGEMALL_WEB_ROOT"], !root.isEmpty { return root }
        var candidates: [String] = []
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() {
            candidates.append(executable.appendingPathComponent("chargemall_Server.resources/Public").path)
        }
        candidates.append(FileManager.default.currentDirectoryPath + "/Sources/Server/Public")
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/console/index.html") }
    }

    static func contentType(of path: String) -> String? {
        switch (path as NSString).pathExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "json": "application/json"
        case "webmanifest": "application/manifest+json"
        default: nil
        }
    }
}
