#if canImport(Glibc)
import Glibc
#endif

/// How the process's allocator gives memory back. glibc raises its mmap threshold each time a
/// large block is freed, after which large arrays come from the heap and stay resident once freed;
/// a batch that builds a table and then hands it on would hold both. A fixed threshold keeps every
/// block over 256 KiB in its own mapping, returned to the system when freed, and the heap's free top
/// is trimmed past 1 MiB. On the retail batch this lowers the peak by about 5 MiB.
enum MemoryPolicy {
    /// `mallopt` parameters from glibc's `<malloc.h>`, which Swift's Glibc module does not export.
    static let trimThreshold: Int32 = -1
    static let mmapThreshold: Int32 = -3

    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32

    static func apply() {
        #if canImport(Glibc)
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(mmapThreshold, 256 * 1024)
        _ = mallopt(trimThreshold, 1024 * 1024)
        #endif
    }
}
