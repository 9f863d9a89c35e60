import ALBSamples
import Foundation

/// Finds the bundled `Samples/` directory for `alb-doctor demo`, or writes a fresh copy.
public enum SampleLocator {
    /// Looks in `./Samples`, then next to the executable and up to five parent directories.
    public static func find(executablePath: String = CommandLine.arguments.first ?? "") -> String? {
        let fm = FileManager.default
        var candidates = ["Samples"]
        var dir = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent("Samples").path)
            dir = dir.deletingLastPathComponent()
        }
        for c in candidates {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: c + "/AWSLogs", isDirectory: &isDir), isDir.boolValue {
                return relative(c, to: fm.currentDirectoryPath)
            }
        }
        return nil
    }

    /// `path` relative to `directory` when it lies inside it (`/repo/Samples` from `/repo` → `Samples`), so that
    /// reports name the samples the same way on every machine; else `path` as it is.
    static func relative(_ path: String, to directory: String) -> String {
        let full = URL(fileURLWithPath: path).standardizedFileURL.path
        let base = URL(fileURLWithPath: directory).standardizedFileURL.path
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : path
    }

    /// `dir/AWSLogs` when it exists (so README.md and manifest.json beside it are not read as logs), else `dir`.
    public static func logDirectory(in dir: String) -> String {
        var isDir: ObjCBool = false
        let logs = dir + "/AWSLogs"
        return FileManager.default.fileExists(atPath: logs, isDirectory: &isDir) && isDir.boolValue ? logs : dir
    }

    /// Writes the sample set (plain `.log` files) into a new temporary directory (under `TMPDIR`) and returns it;
    /// `removeGenerated(_:)` deletes it. This is how `demo` runs from the release binary, with no checkout.
    public static func generate() throws -> String {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("alb-doctor-samples-\(ProcessInfo.processInfo.globallyUniqueString)")
        let set = SampleLogGenerator().generate()
        for file in set.files + set.loadBalancerLogs {
            let url = root.appendingPathComponent(String(file.path.dropLast(3)))
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(file.text.utf8).write(to: url)
        }
        return root.path
    }

    /// Deletes a directory made by `generate()`.
    public static func removeGenerated(_ dir: String) {
        try? FileManager.default.removeItem(atPath: dir)
    }
}
