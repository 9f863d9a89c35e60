import Crypto

/// What the signature says about the request body.
public enum SigV4Payload: Sendable, Hashable {
    /// The body bytes; their SHA-256 is signed.
    case bytes([UInt8])
    /// `UNSIGNED-PAYLOAD`: the body is not covered by the signature (S3 only).
    case unsigned
    /// A precomputed lowercase hex SHA-256 of the body.
    case hash(String)

    /// The empty body.
    public static let empty = SigV4Payload.bytes([])

    /// Hex SHA-256 of the empty string.
    public static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The value that goes into the canonical request (and `x-amz-content-sha256`).
    public var payloadHash: String {
        switch self {
        case .bytes(let bytes): return bytes.isEmpty ? Self.emptyHash : SigV4Hex.encode(SHA256.hash(data: bytes))
        case .unsigned: return "UNSIGNED-PAYLOAD"
        case .hash(let hash): return hash
        }
    }
}

/// Lowercase hex encoding.
enum SigV4Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
