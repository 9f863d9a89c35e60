import ALBWire
import CZlib

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Streaming reader of classic pcap and pcapng captures, plain or gzip-compressed, from a file or stdin.
///
/// Memory is bounded by the largest record (≤ 16 MiB) plus a 1 MiB buffer. Classic pcap is read in
/// both byte orders with microsecond or nanosecond timestamps; pcapng with several sections (each with
/// its own byte order), several interfaces (each with its own link type, `if_tsresol` and
/// `if_tsoffset`), enhanced, simple and obsolete packet blocks; other blocks are skipped.
///
/// Damaged input stops reading with a ``PacketCaptureError`` that names the file, the packet index and
/// the byte offset; packets returned before stay valid results.
public final class PcapReader {
    /// The name used in errors (`-` for stdin).
    public let name: String
    /// The container format, known after the first header.
    public private(set) var format: CaptureFormat = .pcapMicroseconds
    /// Packets returned so far.
    public private(set) var packetsRead = 0
    /// pcapng blocks skipped because their type is not a packet or interface block.
    public private(set) var blocksSkipped = 0
    /// Uncompressed bytes consumed so far.
    public var bytesConsumed: Int64 { bufferFileOffset + Int64(start) }

    /// Largest record or block accepted.
    public static let maximumRecordSize = 16 * 1024 * 1024

    private var file: gzFile?
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    private var start = 0
    private var end = 0
    private var bufferFileOffset: Int64 = 0
    private var endOfInput = false
    private var headerRead = false

    // classic pcap
    private var swapped = false
    private var nanosecond = false
    private var classicLinkType = LinkType.ethernet
    private var classicSnapLength = 0

    // pcapng
    private struct Interface {
        var linkType: LinkType
        var snapLength: Int
        var resolutionIsPowerOfTwo: Bool
        var resolutionExponent: Int
        var offsetSeconds: Int64
    }
    private var interfaces: [Interface] = []

    /// Opens a file (`-` reads standard input); gzip is detected from the content.
    public convenience init(path: String) throws(PacketCaptureError) {
        let fd: Int32
        if path == "-" {
            fd = dup(0)
        } else {
            fd = open(path, O_RDONLY)
        }
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw PacketCaptureError(
                code: .ioError,
                file: path,
                packetIndex: nil,
                byteOffset: 0,
                reason: "cannot open: \(reason)"
            )
        }
        try self.init(fileDescriptor: fd, name: path)
    }

    /// Reads from an open file descriptor, which the reader takes over and closes.
    public init(fileDescriptor: Int32, name: String) throws(PacketCaptureError) {
        self.name = name
        capacity = 1 << 20
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        guard let handle = gzdopen(fileDescriptor, "rb") else {
            close(fileDescriptor)
            throw PacketCaptureError(
                code: .ioError,
                file: name,
                packetIndex: nil,
                byteOffset: 0,
                reason: "cannot open the stream"
            )
        }
        gzbuffer(handle, 1 << 18)
        file = handle
    }

    deinit {
        if let file { gzclose(file) }
        buffer.deallocate()
    }

    // MARK: - Buffer

    /// Makes `count` bytes available at `start`; returns false at end of input with fewer bytes.
    private func ensure(_ count: Int) throws(PacketCaptureError) -> Bool {
        if end - start >= count { return true }
        if count > capacity {
            let newCapacity = max(count, capacity * 2)
            let newBuffer = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
            newBuffer.copyMemory(from: buffer + start, byteCount: end - start)
            buffer.deallocate()
            buffer = newBuffer
            capacity = newCapacity
            bufferFileOffset += Int64(start)
            end -= start
            start = 0
        } else if start > 0 {
            let remaining = end - start
            if remaining > 0 { memmove(buffer, buffer + start, remaining) }
            bufferFileOffset += Int64(start)
            end = remaining
            start = 0
        }
        while end - start < count && !endOfInput {
            guard let file else {
                endOfInput = true
                break
            }
            let want = UInt32(min(capacity - end, Int(Int32.max)))
            let got = gzread(file, buffer + end, want)
            if got < 0 {
                var errnum: Int32 = 0
                let message = gzerror(file, &errnum).map { String(cString: $0) } ?? "read error"
                throw PacketCaptureError(
                    code: errnum == Z_ERRNO ? .ioError : .badCompression,
                    file: name,
                    packetIndex: packetsRead + 1,
                    byteOffset: bytesConsumed,
                    reason: "cannot read further: \(message)"
                )
            }
            if got == 0 {
                endOfInput = true
                // zlib reports a gzip stream cut short only through gzerror after EOF.
                var errnum: Int32 = 0
                _ = gzerror(file, &errnum)
                if errnum == Z_BUF_ERROR || errnum == Z_DATA_ERROR {
                    throw PacketCaptureError(
                        code: .badCompression,
                        file: name,
                        packetIndex: packetsRead + 1,
                        byteOffset: bufferFileOffset + Int64(end),
                        reason: "the gzip stream ends early or is corrupt"
                    )
                }
                break
            }
            end += Int(got)
        }
        return end - start >= count
    }

    @inline(__always)
    private func u16(_ offset: Int, swap: Bool) -> UInt16 {
        let v = (buffer + start + offset).loadUnaligned(as: UInt16.self)
        return swap ? v.byteSwapped : v
    }

    @inline(__always)
    private func u32(_ offset: Int, swap: Bool) -> UInt32 {
        let v = (buffer + start + offset).loadUnaligned(as: UInt32.self)
        return swap ? v.byteSwapped : v
    }

    private func error(_ code: PacketCaptureError.Code, packet: Int?, _ reason: String) -> PacketCaptureError {
        PacketCaptureError(code: code, file: name, packetIndex: packet, byteOffset: bytesConsumed, reason: reason)
    }

    // MARK: - Header

    private func readFileHeader() throws(PacketCaptureError) {
        headerRead = true
        guard try ensure(4) else {
            if end - start == 0 {
                throw error(.notACapture, packet: nil, "the file is empty")
            }
            throw error(.notACapture, packet: nil, "only \(end - start) bytes: too short for a capture header")
        }
        let magic = u32(0, swap: false)
        switch magic {
        case 0xA1B2_C3D4, 0xD4C3_B2A1, 0xA1B2_3C4D, 0x4D3C_B2A1:
            swapped = magic == 0xD4C3_B2A1 || magic == 0x4D3C_B2A1
            nanosecond = magic == 0xA1B2_3C4D || magic == 0x4D3C_B2A1
            format = nanosecond ? .pcapNanoseconds : .pcapMicroseconds
            guard try ensure(24) else {
                throw error(.truncated, packet: nil, "the pcap file header is cut short (\(end - start) of 24 bytes)")
            }
            classicSnapLength = Int(u32(16, swap: swapped))
            classicLinkType = LinkType(rawValue: u32(20, swap: swapped) & 0x0FFF_FFFF)
            start += 24
        case 0x0A0D_0D0A:
            format = .pcapng
        default:
            let shown = ByteEscaping.escape(UnsafeRawBufferPointer(start: buffer + start, count: min(4, end - start)))
            throw error(
                .notACapture,
                packet: nil,
                "not a pcap or pcapng file (first bytes \"\(shown)\"; expected a pcap magic A1B2C3D4/A1B23C4D or a pcapng section header 0A0D0D0A)"
            )
        }
    }

    // MARK: - Packets

    /// The next packet, or `nil` at the end of the capture.
    public func next() throws(PacketCaptureError) -> CapturedPacket? {
        if !headerRead { try readFileHeader() }
        switch format {
        case .pcapMicroseconds, .pcapNanoseconds: return try nextClassic()
        case .pcapng: return try nextBlock()
        }
    }

    private func nextClassic() throws(PacketCaptureError) -> CapturedPacket? {
        let index = packetsRead + 1
        guard try ensure(16) else {
            if end - start == 0 { return nil }
            throw error(
                .truncated,
                packet: index,
                "the capture ends inside a record header (\(end - start) of 16 bytes) — was tcpdump killed or the disk full?"
            )
        }
        let seconds = Int64(u32(0, swap: swapped))
        let fraction = Int64(u32(4, swap: swapped))
        let captured = Int(u32(8, swap: swapped))
        let original = Int(u32(12, swap: swapped))
        if captured > Self.maximumRecordSize || (classicSnapLength > 0 && captured > max(classicSnapLength, 262_144)) {
            throw error(
                .badLength,
                packet: index,
                "record header says \(captured) captured bytes, more than the snap length \(classicSnapLength) — the file is damaged or not a capture from here on"
            )
        }
        if fraction >= (nanosecond ? 1_000_000_000 : 1_000_000) {
            throw error(
                .badLength,
                packet: index,
                "record timestamp fraction \(fraction) is out of range — the file is damaged from here on"
            )
        }
        guard try ensure(16 + captured) else {
            throw error(
                .truncated,
                packet: index,
                "record says \(captured) captured bytes but only \(end - start - 16) remain — the capture was cut short (tcpdump killed or disk full?)"
            )
        }
        let offset = bytesConsumed
        let data = UnsafeRawBufferPointer(start: buffer + start + 16, count: captured)
        start += 16 + captured
        packetsRead = index
        return CapturedPacket(
            index: index,
            byteOffset: offset,
            timestampNanoseconds: seconds * 1_000_000_000 + (nanosecond ? fraction : fraction * 1000),
            linkType: classicLinkType,
            data: data,
            originalLength: original,
            interfaceID: 0
        )
    }

    private func nextBlock() throws(PacketCaptureError) -> CapturedPacket? {
        while true {
            let index = packetsRead + 1
            guard try ensure(12) else {
                if end - start == 0 { return nil }
                throw error(
                    .truncated,
                    packet: index,
                    "the capture ends inside a block header (\(end - start) bytes) — cut short?"
                )
            }
            let rawType = u32(0, swap: false)
            if rawType == 0x0A0D_0D0A {
                // Section header: byte-order magic decides the order of this section.
                let bom = u32(8, swap: false)
                if bom == 0x1A2B_3C4D {
                    swapped = false
                } else if bom == 0x4D3C_2B1A {
                    swapped = true
                } else {
                    throw error(.notACapture, packet: nil, "pcapng section header with an unknown byte-order magic")
                }
                interfaces.removeAll(keepingCapacity: true)
            }
            let type = u32(0, swap: swapped)
            let length = Int(u32(4, swap: swapped))
            guard length >= 12, length % 4 == 0, length <= Self.maximumRecordSize else {
                throw error(
                    .badLength,
                    packet: index,
                    "pcapng block of type \(hex(type)) has an impossible length \(length) (must be ≥ 12, a multiple of 4, ≤ 16 MiB)"
                )
            }
            guard try ensure(length) else {
                throw error(
                    .truncated,
                    packet: index,
                    "pcapng block of type \(hex(type)) says \(length) bytes but only \(end - start) remain — the capture was cut short"
                )
            }
            guard Int(u32(length - 4, swap: swapped)) == length else {
                throw error(
                    .badLength,
                    packet: index,
                    "pcapng block of type \(hex(type)): trailing length \(u32(length - 4, swap: swapped)) differs from leading length \(length)"
                )
            }
            let offset = bytesConsumed
            switch type {
            case 0x0A0D_0D0A:
                start += length
            case 0x0000_0001:
                try readInterface(length: length, index: index)
                start += length
            case 0x0000_0006, 0x0000_0002:
                // Enhanced (6) and obsolete (2) packet blocks share the layout after the interface id.
                guard length >= 32 else {
                    throw error(.badLength, packet: index, "packet block of \(length) bytes is too short")
                }
                let interfaceID = type == 6 ? Int(u32(8, swap: swapped)) : Int(u16(8, swap: swapped))
                guard interfaceID < interfaces.count else {
                    throw error(
                        .unknownInterface,
                        packet: index,
                        "packet on interface \(interfaceID), but the section describes \(interfaces.count) interface(s)"
                    )
                }
                let ticks = UInt64(u32(12, swap: swapped)) << 32 | UInt64(u32(16, swap: swapped))
                let captured = Int(u32(20, swap: swapped))
                let original = Int(u32(24, swap: swapped))
                guard captured <= length - 32 else {
                    throw error(
                        .badLength,
                        packet: index,
                        "packet block says \(captured) captured bytes, more than its block holds (\(length - 32))"
                    )
                }
                let interface = interfaces[interfaceID]
                let data = UnsafeRawBufferPointer(start: buffer + start + 28, count: captured)
                start += length
                packetsRead = index
                return CapturedPacket(
                    index: index,
                    byteOffset: offset,
                    timestampNanoseconds: nanoseconds(ticks: ticks, interface: interface),
                    linkType: interface.linkType,
                    data: data,
                    originalLength: original,
                    interfaceID: interfaceID
                )
            case 0x0000_0003:
                guard let interface = interfaces.first else {
                    throw error(
                        .unknownInterface,
                        packet: index,
                        "simple packet block before any interface description"
                    )
                }
                let original = Int(u32(8, swap: swapped))
                var captured = min(original, length - 16)
                if interface.snapLength > 0 { captured = min(captured, interface.snapLength) }
                let data = UnsafeRawBufferPointer(start: buffer + start + 12, count: captured)
                start += length
                packetsRead = index
                return CapturedPacket(
                    index: index,
                    byteOffset: offset,
                    timestampNanoseconds: 0,
                    linkType: interface.linkType,
                    data: data,
                    originalLength: original,
                    interfaceID: 0
                )
            default:
                blocksSkipped += 1
                start += length
            }
        }
    }

    private func readInterface(length: Int, index: Int) throws(PacketCaptureError) {
        guard length >= 20 else {
            throw error(.badLength, packet: index, "interface description block of \(length) bytes is too short")
        }
        var interface = Interface(
            linkType: LinkType(rawValue: UInt32(u16(8, swap: swapped))),
            snapLength: Int(u32(12, swap: swapped)),
            resolutionIsPowerOfTwo: false,
            resolutionExponent: 6,
            offsetSeconds: 0
        )
        var option = 16
        let optionsEnd = length - 4
        while option + 4 <= optionsEnd {
            let code = u16(option, swap: swapped)
            let optionLength = Int(u16(option + 2, swap: swapped))
            if code == 0 { break }
            guard option + 4 + optionLength <= optionsEnd else { break }
            if code == 9 && optionLength >= 1 {
                let value = (buffer + start + option + 4).load(as: UInt8.self)
                interface.resolutionIsPowerOfTwo = value & 0x80 != 0
                interface.resolutionExponent = Int(value & 0x7F)
            } else if code == 14 && optionLength >= 8 {
                let raw = (buffer + start + option + 4).loadUnaligned(as: UInt64.self)
                interface.offsetSeconds = Int64(bitPattern: swapped ? raw.byteSwapped : raw)
            }
            option += 4 + (optionLength + 3) & ~3
        }
        interfaces.append(interface)
    }

    private func nanoseconds(ticks: UInt64, interface: Interface) -> Int64 {
        let base = interface.offsetSeconds &* 1_000_000_000
        if interface.resolutionIsPowerOfTwo {
            let exponent = interface.resolutionExponent
            guard exponent < 64 else { return base }
            let seconds = ticks >> UInt64(exponent)
            let remainder = ticks & ((1 << UInt64(exponent)) - 1)
            let fraction = Double(remainder) / Double(UInt64(1) << UInt64(exponent))
            return base &+ Int64(truncatingIfNeeded: seconds) &* 1_000_000_000 &+ Int64(fraction * 1e9)
        }
        let exponent = interface.resolutionExponent
        if exponent <= 9 {
            var multiplier: UInt64 = 1
            for _ in 0..<(9 - exponent) { multiplier *= 10 }
            return base &+ Int64(truncatingIfNeeded: ticks &* multiplier)
        }
        var divisor: UInt64 = 1
        for _ in 0..<min(19, exponent - 9) { divisor *= 10 }
        return base &+ Int64(truncatingIfNeeded: ticks / divisor)
    }

    private func hex(_ value: UInt32) -> String {
        "0x" + String(value, radix: 16, uppercase: true)
    }
}
