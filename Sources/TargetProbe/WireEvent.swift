import NIOCore
import NIOSSL

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Something that happened on a probe connection, with the time it was seen.
enum WireEvent: Sendable {
    case data([UInt8], at: NIODeadline)
    case tlsHandshakeCompleted(at: NIODeadline)
    case serverHello(version: UInt16, cipherSuite: UInt16)
    case serverAlert(level: UInt8, description: UInt8)
    case failure(WireFailure, at: NIODeadline)
    case closed(at: NIODeadline)
    case timer(Int)
}

/// An error seen on a probe connection, classified by what it means on the wire.
struct WireFailure: Sendable, Hashable {
    enum Kind: String, Sendable, Hashable {
        /// TCP RST from the target (`ECONNRESET`).
        case reset
        /// The TLS connection ended with a TCP FIN but no `close_notify`.
        case uncleanTLSShutdown
        /// The TLS handshake failed (alert, no shared version/suite, bad message).
        case tlsHandshake
        /// Anything else.
        case other
    }

    var kind: Kind
    var errno: Int32?
    var message: String

    init(_ error: any Error) {
        if let ioError = error as? IOError {
            errno = ioError.errnoCode
            kind = ioError.errnoCode == ECONNRESET || ioError.errnoCode == EPIPE ? .reset : .other
            message = ioError.description
        } else if let sslError = error as? NIOSSLError {
            errno = nil
            switch sslError {
            case .uncleanShutdown:
                kind = .uncleanTLSShutdown
                message = "TCP FIN without TLS close_notify"
            case .handshakeFailed(let boringError):
                kind = .tlsHandshake
                message = Self.describe(boringError)
            default:
                kind = .other
                message = "\(sslError)"
            }
        } else if let boringError = error as? BoringSSLError {
            errno = nil
            kind = .tlsHandshake
            message = Self.describe(boringError)
        } else {
            errno = nil
            kind = .other
            message = "\(error)"
        }
    }

    /// Turns BoringSSL's error stack into its reason names (e.g. `NO_SHARED_CIPHER`, `TLSV1_ALERT_PROTOCOL_VERSION`).
    static func describe(_ error: BoringSSLError) -> String {
        switch error {
        case .sslError(let stack), .unknownError(let stack):
            // Each entry reads "Error: <code> error:<hex>:SSL routines:OPENSSL_internal:<REASON> at <file>:<line>".
            let reasons = stack.map { entry -> String in
                let text = entry.description
                let tokens = text.split(separator: " ")
                guard let at = tokens.lastIndex(of: "at"), at > 0,
                    let reason = tokens[at - 1].split(separator: ":").last
                else { return text }
                return String(reason)
            }
            return reasons.isEmpty ? "TLS error" : reasons.joined(separator: ", ")
        case .syscallError:
            return "connection closed during the TLS handshake"
        default:
            return "\(error)"
        }
    }
}
