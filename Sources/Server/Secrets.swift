import Foundation

/// Secrets come from the environment; in demo mode a missing one is generated once and kept in the
/// data folder (never in the repository), so tokens survive restarts.
public enum Secrets {
    public static func value(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment, folder: String) throws -> String {
        if let value = environment[name], !value.isEmpty { return value }
        let path = folder + "/" + name.lowercased() + ".secret"
        if let stored = try? String(contentsOfFile: path, encoding: .utf8), !stored.isEmpty {
            return stored.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let secret = Hex.random(bytes: 32)
        // A secret that is not kept would change on every start and sign everyone out.
        guard FileManager.default.createFile(atPath: path, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ConfigurationError("cannot write the generated secret to \(path)")
        }
        return secret
    }
}
