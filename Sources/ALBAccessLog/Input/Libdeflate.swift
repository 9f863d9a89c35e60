#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// libdeflate loaded at run time with `dlopen("libdeflate.so.0")`, using our own declarations of the
/// three functions we call; `nil` when the library is not installed (zlib is used then).
struct Libdeflate: @unchecked Sendable {
    typealias Alloc = @convention(c) () -> OpaquePointer?
    typealias Free = @convention(c) (OpaquePointer?) -> Void
    typealias GzipDecompressEx =
        @convention(c) (
            OpaquePointer?, UnsafeRawPointer?, Int, UnsafeMutableRawPointer?, Int,
            UnsafeMutablePointer<Int>?, UnsafeMutablePointer<Int>?
        ) -> Int32

    /// `enum libdeflate_result`.
    static let success: Int32 = 0
    static let badData: Int32 = 1
    static let shortOutput: Int32 = 2
    static let insufficientSpace: Int32 = 3

    let alloc: Alloc
    let free: Free
    let gzipDecompressEx: GzipDecompressEx

    /// The process-wide instance (loaded once), or `nil`.
    static let shared: Libdeflate? = load()

    static func load() -> Libdeflate? {
        if let v = getenv("ALB_DOCTOR_NO_LIBDEFLATE"), v.pointee != 0 { return nil }
        for name in ["libdeflate.so.0", "libdeflate.so"] {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            guard let a = dlsym(handle, "libdeflate_alloc_decompressor"),
                let f = dlsym(handle, "libdeflate_free_decompressor"),
                let g = dlsym(handle, "libdeflate_gzip_decompress_ex")
            else {
                dlclose(handle)
                continue
            }
            return Libdeflate(
                alloc: unsafeBitCast(a, to: Alloc.self),
                free: unsafeBitCast(f, to: Free.self),
                gzipDecompressEx: unsafeBitCast(g, to: GzipDecompressEx.self)
            )
        }
        return nil
    }
}
