import CZlib
import Foundation

/// Deterministic gzip compression (zlib, level 9, no file name, mtime 0).
enum GzipWriter {
    struct Failure: Error, CustomStringConvertible {
        let code: Int32
        var description: String { "zlib deflate failed with code \(code)" }
    }

    static func compress(_ input: Data) throws -> Data {
        var stream = z_stream()
        let windowBits: Int32 = 15 + 16  // gzip wrapper
        var rc = deflateInit2_(
            &stream,
            9,
            Z_DEFLATED,
            windowBits,
            8,
            Z_DEFAULT_STRATEGY,
            ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size)
        )
        guard rc == Z_OK else { throw Failure(code: rc) }
        defer { deflateEnd(&stream) }
        var output = Data()
        var inputBytes = [UInt8](input)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        try inputBytes.withUnsafeMutableBufferPointer { inBuf in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = UInt32(inBuf.count)
            repeat {
                try buffer.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = UInt32(outBuf.count)
                    rc = deflate(&stream, Z_FINISH)
                    guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else { throw Failure(code: rc) }
                    if let base = outBuf.baseAddress {
                        output.append(base, count: outBuf.count - Int(stream.avail_out))
                    }
                }
            } while rc != Z_STREAM_END
        }
        return output
    }
}
