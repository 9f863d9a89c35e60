import ALBWire

/// The parts of a TLS ClientHello that matter for a back-end handshake diagnosis.
public struct TLSClientHello: Sendable, Hashable, Codable {
    /// `legacy_version` of the hello.
    public var legacyVersion: TLSVersion
    /// Versions from the `supported_versions` extension (GREASE removed); empty when absent.
    public var supportedVersions: [TLSVersion]
    /// Offered cipher suite code points, in order (GREASE removed).
    public var cipherSuites: [UInt16]
    /// The SNI host name, if sent.
    public var serverName: String?

    /// The versions actually offered: `supported_versions` if present, else the legacy version.
    public var offeredVersions: [TLSVersion] {
        supportedVersions.isEmpty ? [legacyVersion] : supportedVersions
    }

    /// The highest offered version.
    public var maximumVersion: TLSVersion { offeredVersions.max() ?? legacyVersion }
}

/// The parts of a TLS ServerHello: the chosen version and suite.
public struct TLSServerHello: Sendable, Hashable, Codable {
    /// The negotiated version (from `supported_versions` when present).
    public var version: TLSVersion
    /// The chosen cipher suite.
    public var cipherSuite: UInt16
    /// `true` when this is a HelloRetryRequest (TLS 1.3).
    public var isHelloRetryRequest: Bool
}

/// Parsers of TLS handshake message bodies (after the 4-byte handshake header).
public enum TLSHandshakeParser {
    private struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var offset = 0
        var remaining: Int { bytes.count - offset }
        mutating func u8() -> UInt8? {
            guard remaining >= 1 else { return nil }
            defer { offset += 1 }
            return bytes[offset]
        }
        mutating func u16() -> UInt16? {
            guard remaining >= 2 else { return nil }
            defer { offset += 2 }
            return UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
        }
        mutating func skip(_ n: Int) -> Bool {
            guard n >= 0, remaining >= n else { return false }
            offset += n
            return true
        }
        mutating func slice(_ n: Int) -> UnsafeRawBufferPointer? {
            guard n >= 0, remaining >= n else { return nil }
            defer { offset += n }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)])
        }
    }

    private static func isGREASE(_ value: UInt16) -> Bool {
        value & 0x0F0F == 0x0A0A && value >> 8 == value & 0xFF
    }

    /// Parses a ClientHello body.
    public static func clientHello(_ body: UnsafeRawBufferPointer) -> TLSClientHello? {
        var c = Cursor(bytes: body)
        guard let legacy = c.u16(), c.skip(32), let sessionLength = c.u8(), c.skip(Int(sessionLength)),
            let suitesLength = c.u16(), let suitesBytes = c.slice(Int(suitesLength))
        else { return nil }
        var suites: [UInt16] = []
        var i = 0
        while i + 1 < suitesBytes.count {
            let code = UInt16(suitesBytes[i]) << 8 | UInt16(suitesBytes[i + 1])
            if !isGREASE(code) { suites.append(code) }
            i += 2
        }
        var hello = TLSClientHello(
            legacyVersion: TLSVersion(rawValue: legacy),
            supportedVersions: [],
            cipherSuites: suites,
            serverName: nil
        )
        guard let compressionLength = c.u8(), c.skip(Int(compressionLength)) else { return hello }
        guard let extensionsLength = c.u16(), let extensions = c.slice(Int(extensionsLength)) else { return hello }
        var e = Cursor(bytes: extensions)
        while e.remaining >= 4 {
            guard let type = e.u16(), let length = e.u16(), let data = e.slice(Int(length)) else { break }
            var d = Cursor(bytes: data)
            switch type {
            case 0x0000:  // server_name
                guard d.u16() != nil, let nameType = d.u8(), nameType == 0, let nameLength = d.u16(),
                    let name = d.slice(Int(nameLength))
                else { continue }
                hello.serverName = String(decoding: name, as: UTF8.self)
            case 0x002B:  // supported_versions
                guard let listLength = d.u8(), let list = d.slice(Int(listLength)) else { continue }
                var l = Cursor(bytes: list)
                while let version = l.u16() {
                    if !isGREASE(version) { hello.supportedVersions.append(TLSVersion(rawValue: version)) }
                }
            default:
                break
            }
        }
        return hello
    }

    /// Parses a ServerHello body.
    public static func serverHello(_ body: UnsafeRawBufferPointer) -> TLSServerHello? {
        var c = Cursor(bytes: body)
        guard let legacy = c.u16(), let random = c.slice(32), let sessionLength = c.u8(), c.skip(Int(sessionLength)),
            let suite = c.u16(), c.u8() != nil
        else { return nil }
        // HelloRetryRequest random (RFC 8446 §4.1.3): SHA-256 of "HelloRetryRequest".
        let hrr: [UInt8] = [
            0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
            0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
        ]
        var hello = TLSServerHello(
            version: TLSVersion(rawValue: legacy),
            cipherSuite: suite,
            isHelloRetryRequest: random.elementsEqual(hrr)
        )
        guard let extensionsLength = c.u16(), let extensions = c.slice(Int(extensionsLength)) else { return hello }
        var e = Cursor(bytes: extensions)
        while e.remaining >= 4 {
            guard let type = e.u16(), let length = e.u16(), let data = e.slice(Int(length)) else { break }
            if type == 0x002B, data.count >= 2 {
                hello.version = TLSVersion(rawValue: UInt16(data[0]) << 8 | UInt16(data[1]))
            }
        }
        return hello
    }
}
