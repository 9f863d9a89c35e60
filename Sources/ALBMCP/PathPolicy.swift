import Foundation

/// Which files the tools may read: paths must lie inside the directories the client granted as MCP roots or the
/// server's `--allow-dir` directories (by default, the server's working directory). Paths are compared after
/// resolving `.`, `..` and symbolic links, so neither can lead outside.
public struct PathPolicy: Sendable, Hashable {
    /// The directories allowed, resolved.
    public var directories: [String]
    /// The directory relative paths are resolved against.
    public var workingDirectory: String

    /// The policy for one tool call: the `--allow-dir` directories plus the client's roots; with neither, the
    /// working directory alone.
    public init(configuration: MCPServerConfiguration, clientRoots: [String]) {
        workingDirectory = configuration.workingDirectory
        var granted = configuration.allowedDirectories + clientRoots
        if granted.isEmpty { granted = [configuration.workingDirectory] }
        directories = granted.map { PathPolicy.resolve($0, relativeTo: configuration.workingDirectory) }
    }

    /// Checks one path given to `tool`; returns it unchanged (the engine reads it as the CLI would).
    ///
    /// - Throws: ``ToolError`` naming the path and the allowed directories when it lies outside them, and for
    ///   `-` (standard input carries the MCP messages).
    @discardableResult
    public func check(_ path: String, tool: String) throws(ToolError) -> String {
        if path == "-" {
            throw ToolError(
                message:
                    "\(tool): '-' (standard input) cannot be read here: it carries the MCP messages; give a file path"
            )
        }
        let resolved = PathPolicy.resolve(path, relativeTo: workingDirectory)
        let inside = directories.contains { root in
            root == "/" || resolved == root || resolved.hasPrefix(root.hasSuffix("/") ? root : root + "/")
        }
        guard inside else {
            throw ToolError(
                message:
                    "\(tool): refused: \(path) is outside the directories this server may read (\(directories.joined(separator: ", "))); grant its directory as an MCP root or start the server with --allow-dir DIR"
            )
        }
        return path
    }

    /// Checks every path.
    public func check(_ paths: [String], tool: String) throws(ToolError) {
        for path in paths { try check(path, tool: tool) }
    }

    /// The absolute path the kernel would open: `realpath` for an existing path; for a missing one, `.`/`..`
    /// removed and links resolved through its deepest existing parent (nothing can be read from it anyway).
    public static func resolve(_ path: String, relativeTo base: String) -> String {
        var p = path
        if p.hasPrefix("file://"), let url = URL(string: p) { p = url.path }
        if !p.hasPrefix("/") { p = base + "/" + p }
        // An existing path: exactly what the kernel opens (links resolved before any `..`).
        if let real = realPath(p) { return real }
        var parts: [Substring] = []
        for part in p.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        // Resolve links on the longest existing prefix, then append the rest.
        var existing = parts.count
        while existing > 0 {
            let prefix = "/" + parts[0..<existing].joined(separator: "/")
            if let real = realPath(prefix) {
                let rest = parts[existing...].joined(separator: "/")
                if rest.isEmpty { return real }
                return real == "/" ? "/" + rest : real + "/" + rest
            }
            existing -= 1
        }
        return "/" + parts.joined(separator: "/")
    }

    private static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
