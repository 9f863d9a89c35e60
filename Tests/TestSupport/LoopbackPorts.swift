#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Loopback ports for tests that need a port in a given state: free (closed), or "black-holed" (SYNs dropped).
public enum LoopbackPorts {
    /// A TCP port on 127.0.0.1 that nothing listens on (the OS picked it, then it was closed).
    public static func closedPort() throws -> Int {
        let fd = try boundSocket()
        defer { close(fd) }
        return try port(of: fd)
    }

    /// Runs `body` with a port that refuses connections (TCP RST): a socket bound to it but not listening holds it
    /// for the whole body, so no other server of the test process can take it meanwhile (unlike `closedPort()`).
    public static func withRefusingPort<T>(_ body: (Int) async throws -> T) async throws -> T {
        let holder = try boundSocket()
        defer { close(holder) }
        return try await body(try port(of: holder))
    }

    /// Runs `body` with a port whose SYNs are dropped, so a connect to it times out like a firewalled target.
    ///
    /// A listener with backlog 0 that never accepts, whose accept queue is already full: Linux then drops
    /// new SYNs silently. Both sockets are closed afterwards.
    public static func withBlackholePort<T>(_ body: (Int) async throws -> T) async throws -> T {
        let listener = try boundSocket()
        defer { close(listener) }
        guard listen(listener, 0) == 0 else { throw LoopbackServerError.socket("listen: errno \(errno)") }
        let port = try port(of: listener)
        // Fill the accept queue with one completed connection that is never accepted.
        let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard filler >= 0 else { throw LoopbackServerError.socket("socket: errno \(errno)") }
        defer { close(filler) }
        var address = loopbackAddress(port: port)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(filler, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw LoopbackServerError.socket("connect filler: errno \(errno)") }
        return try await body(port)
    }

    static func boundSocket() throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LoopbackServerError.socket("socket: errno \(errno)") }
        var address = loopbackAddress(port: 0)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            close(fd)
            throw LoopbackServerError.socket("bind: errno \(errno)")
        }
        return fd
    }

    static func port(of fd: Int32) throws -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw LoopbackServerError.socket("getsockname: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func loopbackAddress(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port` now.
    public static func isListening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = loopbackAddress(port: port)
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return result == 0
    }
}
