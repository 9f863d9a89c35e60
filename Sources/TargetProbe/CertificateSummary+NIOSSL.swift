import ALBWire
import NIOSSL

extension CertificateSummary {
    /// Summarises a peer certificate: subject, validity and key type (read from the SubjectPublicKeyInfo).
    init(_ certificate: NIOSSLCertificate) {
        let keyType: String
        if let spki = try? certificate.extractPublicKey().toSPKIBytes() {
            keyType = Self.keyType(spki: spki)
        } else {
            keyType = "unknown"
        }
        // NIOSSL describes a certificate as "<NIOSSLCertificate;serial_number=…;common_name=…;alternative_names=…>".
        var fields: [String: String] = [:]
        for part in certificate.description.trimmingCharacters(in: "<>").split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
        }
        var subject = fields["common_name"].map { "CN=\($0)" } ?? "no common name"
        if let names = fields["alternative_names"] { subject += ", SAN \(names)" }
        if let serial = fields["serial_number"] { subject += ", serial \(serial)" }
        self.init(
            subject: subject,
            notValidAfter: Int64(certificate.notValidAfter),
            notValidBefore: Int64(certificate.notValidBefore),
            keyType: keyType
        )
    }

    /// Names the key in a DER SubjectPublicKeyInfo: `RSA 2048`, `EC P-256`, `Ed25519`, or the algorithm OID.
    static func keyType(spki: [UInt8]) -> String {
        var reader = DERReader(spki[...])
        guard let outer = reader.read(tag: 0x30) else { return "unknown" }
        var outerReader = DERReader(outer)
        guard let algorithm = outerReader.read(tag: 0x30), let bitString = outerReader.read(tag: 0x03) else {
            return "unknown"
        }
        var algorithmReader = DERReader(algorithm)
        guard let oid = algorithmReader.read(tag: 0x06) else { return "unknown" }
        let parameters = algorithmReader.read(tag: 0x06)
        switch Array(oid) {
        case [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]:
            var keyReader = DERReader(bitString.dropFirst())
            guard let key = keyReader.read(tag: 0x30) else { return "RSA" }
            var integers = DERReader(key)
            guard let modulus = integers.read(tag: 0x02) else { return "RSA" }
            let significant = modulus.drop(while: { $0 == 0 })
            guard let top = significant.first else { return "RSA" }
            return "RSA \((significant.count - 1) * 8 + (8 - top.leadingZeroBitCount))"
        case [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]:
            switch parameters.map(Array.init) {
            case [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]: return "EC P-256"
            case [0x2B, 0x81, 0x04, 0x00, 0x22]: return "EC P-384"
            case [0x2B, 0x81, 0x04, 0x00, 0x23]: return "EC P-521"
            default: return "EC"
            }
        case [0x2B, 0x65, 0x70]: return "Ed25519"
        case [0x2B, 0x65, 0x71]: return "Ed448"
        default: return "OID " + oid.map { String($0, radix: 16) }.joined(separator: ".")
        }
    }
}

/// Minimal DER TLV reader for the SubjectPublicKeyInfo fields the probe names.
struct DERReader {
    private var bytes: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    /// Reads the next element if it has `tag`; returns its value bytes.
    mutating func read(tag: UInt8) -> ArraySlice<UInt8>? {
        guard bytes.count >= 2, bytes[bytes.startIndex] == tag else { return nil }
        var index = bytes.startIndex + 1
        var length = Int(bytes[index])
        index += 1
        if length & 0x80 != 0 {
            let count = length & 0x7F
            guard count >= 1, count <= 4, bytes.endIndex - index >= count else { return nil }
            length = 0
            for _ in 0..<count {
                length = length << 8 | Int(bytes[index])
                index += 1
            }
        }
        guard bytes.endIndex - index >= length else { return nil }
        let value = bytes[index..<(index + length)]
        bytes = bytes[(index + length)...]
        return value
    }
}

extension StringProtocol {
    func trimmingCharacters(in characters: String) -> String {
        var view = Substring(self)
        while let first = view.first, characters.contains(first) { view.removeFirst() }
        while let last = view.last, characters.contains(last) { view.removeLast() }
        return String(view)
    }
}
