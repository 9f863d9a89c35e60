/// Decodes link, IP and TCP/ICMP headers of a captured packet without copying.
///
/// Link types: BSD loopback (NULL/LOOP), Ethernet with 802.1Q/802.1ad tags, Linux cooked v1/v2, raw
/// IP. IPv4 (options, fragments skipped unless first) and IPv6 (hop-by-hop, routing, destination
/// options, fragment and AH extension headers).
public enum PacketDecoder {
    /// Decodes `data` captured with `linkType`. Unsupported link types must be rejected by the caller.
    public static func decode(_ data: UnsafeRawBufferPointer, linkType: LinkType) -> DecodedPacket {
        let count = data.count
        switch linkType.rawValue {
        case 1:  // Ethernet
            guard count >= 14 else { return .malformed }
            var type = be16(data, 12)
            var offset = 14
            var tags = 0
            while (type == 0x8100 || type == 0x88A8 || type == 0x9100) && tags < 3 {
                guard count >= offset + 4 else { return .malformed }
                type = be16(data, offset + 2)
                offset += 4
                tags += 1
            }
            return network(data, from: offset, etherType: type)
        case 113:  // Linux SLL v1
            guard count >= 16 else { return .malformed }
            return network(data, from: 16, etherType: be16(data, 14))
        case 276:  // Linux SLL v2
            guard count >= 20 else { return .malformed }
            return network(data, from: 20, etherType: be16(data, 0))
        case 0, 108:  // BSD loopback
            guard count >= 4 else { return .malformed }
            let raw = data.loadUnaligned(as: UInt32.self)
            let family = min(raw, raw.byteSwapped)
            switch family {
            case 2: return ipv4(data, from: 4)
            case 10, 24, 28, 30: return ipv6(data, from: 4)
            default: return .other
            }
        case 12, 101, 228, 229:
            guard count >= 1 else { return .malformed }
            switch data[0] >> 4 {
            case 4: return ipv4(data, from: 0)
            case 6: return ipv6(data, from: 0)
            default: return .malformed
            }
        default:
            return .other
        }
    }

    @inline(__always)
    static func be16(_ data: UnsafeRawBufferPointer, _ offset: Int) -> UInt16 {
        UInt16(data[offset]) << 8 | UInt16(data[offset + 1])
    }

    @inline(__always)
    static func be32(_ data: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        data.loadUnaligned(fromByteOffset: offset, as: UInt32.self).bigEndian
    }

    @inline(__always)
    static func be64(_ data: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        data.loadUnaligned(fromByteOffset: offset, as: UInt64.self).bigEndian
    }

    private static func network(_ data: UnsafeRawBufferPointer, from offset: Int, etherType: UInt16) -> DecodedPacket {
        switch etherType {
        case 0x0800: return ipv4(data, from: offset)
        case 0x86DD: return ipv6(data, from: offset)
        default: return .other
        }
    }

    private struct IPHeader {
        var source: IPAddress
        var destination: IPAddress
        var proto: UInt8
        var payloadStart: Int
        var payloadEnd: Int  // captured end
        var wirePayloadLength: Int
        var isIPv6: Bool
    }

    private static func parseIPv4(_ data: UnsafeRawBufferPointer, from offset: Int) -> IPHeader?? {
        let count = data.count
        guard count >= offset + 20 else { return .some(nil) }
        let versionIHL = data[offset]
        guard versionIHL >> 4 == 4 else { return .some(nil) }
        let headerLength = Int(versionIHL & 0x0F) * 4
        guard headerLength >= 20, count >= offset + headerLength else { return .some(nil) }
        var totalLength = Int(be16(data, offset + 2))
        if totalLength == 0 { totalLength = count - offset }  // TSO: length not filled in
        guard totalLength >= headerLength else { return .some(nil) }
        let fragment = be16(data, offset + 6)
        if fragment & 0x1FFF != 0 { return nil }  // non-first fragment: not analysed
        let proto = data[offset + 9]
        let source = IPAddress(ipv4: be32(data, offset + 12))
        let destination = IPAddress(ipv4: be32(data, offset + 16))
        let payloadStart = offset + headerLength
        let wireEnd = offset + totalLength
        return IPHeader(
            source: source,
            destination: destination,
            proto: proto,
            payloadStart: payloadStart,
            payloadEnd: min(count, wireEnd),
            wirePayloadLength: totalLength - headerLength,
            isIPv6: false
        )
    }

    private static func parseIPv6(_ data: UnsafeRawBufferPointer, from offset: Int) -> IPHeader?? {
        let count = data.count
        guard count >= offset + 40, data[offset] >> 4 == 6 else { return .some(nil) }
        var payloadLength = Int(be16(data, offset + 4))
        if payloadLength == 0 { payloadLength = count - offset - 40 }  // jumbogram / TSO
        var next = data[offset + 6]
        let source = IPAddress(high: be64(data, offset + 8), low: be64(data, offset + 16))
        let destination = IPAddress(high: be64(data, offset + 24), low: be64(data, offset + 32))
        var cursor = offset + 40
        let wireEnd = offset + 40 + payloadLength
        var hops = 0
        while hops < 8 {
            switch next {
            case 0, 43, 60:
                guard count >= cursor + 8 else { return .some(nil) }
                let length = (Int(data[cursor + 1]) + 1) * 8
                next = data[cursor]
                cursor += length
            case 44:
                guard count >= cursor + 8 else { return .some(nil) }
                let fragmentOffset = be16(data, cursor + 2) >> 3
                if fragmentOffset != 0 { return nil }
                next = data[cursor]
                cursor += 8
            case 51:
                guard count >= cursor + 8 else { return .some(nil) }
                let length = (Int(data[cursor + 1]) + 2) * 4
                next = data[cursor]
                cursor += length
            default:
                hops = 8
                continue
            }
            hops += 1
        }
        guard cursor <= wireEnd else { return .some(nil) }
        return IPHeader(
            source: source,
            destination: destination,
            proto: next,
            payloadStart: cursor,
            payloadEnd: min(count, wireEnd),
            wirePayloadLength: wireEnd - cursor,
            isIPv6: true
        )
    }

    private static func ipv4(_ data: UnsafeRawBufferPointer, from offset: Int) -> DecodedPacket {
        switch parseIPv4(data, from: offset) {
        case .none: return .other
        case .some(.none): return .malformed
        case .some(.some(let header)): return transport(data, header)
        }
    }

    private static func ipv6(_ data: UnsafeRawBufferPointer, from offset: Int) -> DecodedPacket {
        switch parseIPv6(data, from: offset) {
        case .none: return .other
        case .some(.none): return .malformed
        case .some(.some(let header)): return transport(data, header)
        }
    }

    private static func transport(_ data: UnsafeRawBufferPointer, _ ip: IPHeader) -> DecodedPacket {
        let offset = ip.payloadStart
        switch ip.proto {
        case 6:
            guard ip.payloadEnd >= offset + 20 else { return .malformed }
            let dataOffset = Int(data[offset + 12] >> 4) * 4
            guard dataOffset >= 20, ip.payloadEnd >= offset + dataOffset, ip.wirePayloadLength >= dataOffset else {
                return .malformed
            }
            let payloadStart = offset + dataOffset
            let payload = UnsafeRawBufferPointer(rebasing: data[payloadStart..<ip.payloadEnd])
            return .tcp(
                TCPSegment(
                    source: Endpoint(address: ip.source, port: be16(data, offset)),
                    destination: Endpoint(address: ip.destination, port: be16(data, offset + 2)),
                    sequence: be32(data, offset + 4),
                    acknowledgement: be32(data, offset + 8),
                    flags: TCPFlags(rawValue: data[offset + 13] & 0x1F),
                    payload: payload,
                    wirePayloadLength: ip.wirePayloadLength - dataOffset
                )
            )
        case 1 where !ip.isIPv6, 58 where ip.isIPv6:
            guard ip.payloadEnd >= offset + 8 else { return .malformed }
            let type = data[offset]
            let code = data[offset + 1]
            let unreachable = ip.isIPv6 ? type == 1 : type == 3
            guard unreachable else { return .other }
            let embedded = UnsafeRawBufferPointer(rebasing: data[(offset + 8)..<ip.payloadEnd])
            let inner: IPHeader??
            if ip.isIPv6 {
                inner = parseIPv6(embedded, from: 0)
            } else {
                inner = parseIPv4(embedded, from: 0)
            }
            guard case .some(.some(let header)) = inner, header.proto == 6, embedded.count >= header.payloadStart + 4
            else {
                return .other
            }
            return .icmpUnreachable(
                ICMPUnreachable(
                    reporter: ip.source,
                    originalSource: Endpoint(address: header.source, port: be16(embedded, header.payloadStart)),
                    originalDestination: Endpoint(
                        address: header.destination,
                        port: be16(embedded, header.payloadStart + 2)
                    ),
                    isICMPv6: ip.isIPv6,
                    code: code
                )
            )
        default:
            return .other
        }
    }
}
