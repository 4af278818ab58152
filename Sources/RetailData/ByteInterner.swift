/// Maps byte strings to dense ids `0, 1, 2, ...` in first-seen order, keeping one copy of each.
///
/// Open addressing with linear probing over 8-byte slots (32-bit hash tag + id); lookups compare
/// the bytes, so ids are exact. Two shortcuts avoid the table for predictable values: the last id
/// returned is tried first (runs of equal values, such as an invoice's rows), and callers may pass
/// a `hint` id (such as the description last seen with a stock code).
/// Keys of up to 8 bytes also go through a small direct-mapped cache that holds the key itself,
/// so a hit touches one cache line instead of table, offsets and storage.
/// Non-copyable, so its memory has one owner and no dynamic exclusivity checks are needed.
struct ByteInterner: ~Copyable {
    private struct Slot {
        var tag: UInt32
        var id: Int32
    }

    /// A short key (its bytes packed by `ByteHash.loadShort`) and its id; length -1 = empty.
    private struct ShortEntry {
        var word: UInt64
        var length: Int32
        var id: Int32
    }

    private static let shortCacheBits = 10
    private var shortCache: UnsafeMutablePointer<ShortEntry>

    private var storage: UnsafeMutablePointer<UInt8>
    private var storageCapacity: Int
    private var storageUsed = 0
    private var offsets: UnsafeMutablePointer<Int>
    private var hashes: UnsafeMutablePointer<UInt64>
    private var keyCapacity: Int
    private var table: UnsafeMutablePointer<Slot>
    private var mask: Int
    private var lastID: Int32 = -1
    private var lastStart: UnsafeMutablePointer<UInt8>
    private var lastLength = -1
    /// Number of distinct keys.
    private(set) var count = 0

    init(expectedKeys: Int = 64) {
        keyCapacity = max(16, expectedKeys)
        storageCapacity = keyCapacity * 16
        storage = .allocate(capacity: storageCapacity)
        offsets = .allocate(capacity: keyCapacity + 1)
        offsets[0] = 0
        hashes = .allocate(capacity: keyCapacity)
        var tableSize = 16
        while tableSize < keyCapacity * 2 { tableSize <<= 1 }
        table = .allocate(capacity: tableSize)
        table.initialize(repeating: Slot(tag: 0, id: -1), count: tableSize)
        mask = tableSize - 1
        lastStart = storage
        shortCache = .allocate(capacity: 1 << ByteInterner.shortCacheBits)
        shortCache.initialize(repeating: ShortEntry(word: 0, length: -1, id: -1), count: 1 << ByteInterner.shortCacheBits)
    }

    deinit {
        storage.deallocate()
        offsets.deallocate()
        hashes.deallocate()
        table.deallocate()
        shortCache.deallocate()
    }

    /// The bytes of key `id`.
    @inline(__always)
    func key(_ id: Int32) -> UnsafeBufferPointer<UInt8> {
        let start = offsets[Int(id)]
        return UnsafeBufferPointer(start: storage + start, count: offsets[Int(id) + 1] - start)
    }

    /// True when key `id` equals `bytes`.
    @inline(__always)
    private func matches(_ id: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = offsets[Int(id)]
        return offsets[Int(id) + 1] - start == bytes.count && ByteInterner.equal(storage + start, bytes)
    }

    /// The id of `bytes`, adding it when new (then the id equals the previous `count`).
    /// The id returned last is tried first, then `hint` (when it is a valid id), then the table.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, hint: Int32 = -1) -> Int32 {
        if bytes.count == lastLength && ByteInterner.equal(lastStart, bytes) { return lastID }
        if hint >= 0 && Int(hint) < count && matches(hint, bytes) {
            remember(hint)
            return hint
        }
        if bytes.count <= 8, let base = bytes.baseAddress {
            let word = ByteHash.loadShort(UnsafeRawPointer(base), bytes.count)
            let mixed = (word ^ UInt64(bytes.count)) &* 0x9E37_79B9_7F4A_7C15
            let index = Int(truncatingIfNeeded: mixed >> UInt64(64 - ByteInterner.shortCacheBits))
            let entry = shortCache[index]
            if entry.word == word && Int(entry.length) == bytes.count {
                remember(entry.id)
                return entry.id
            }
            let id = lookUp(bytes)
            shortCache[index] = ShortEntry(word: word, length: Int32(bytes.count), id: id)
            return id
        }
        return lookUp(bytes)
    }

    @inline(__always)
    private mutating func remember(_ id: Int32) {
        lastID = id
        let start = offsets[Int(id)]
        lastStart = storage + start
        lastLength = offsets[Int(id) + 1] - start
    }

    /// The hash-table path of `intern`.
    @inline(never)
    private mutating func lookUp(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = ByteHash.hash(bytes.baseAddress, bytes.count)
        let tag = UInt32(truncatingIfNeeded: h >> 32)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = table[slot]
            if entry.id < 0 { break }
            if entry.tag == tag && matches(entry.id, bytes) {
                remember(entry.id)
                return entry.id
            }
            slot = (slot + 1) & mask
        }
        let id = insert(bytes, hash: h, slot: slot)
        remember(id)
        return id
    }

    /// The id of `bytes`, or nil when it was never interned (nothing is added).
    func existingID(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let h = ByteHash.hash(bytes.baseAddress, bytes.count)
        let tag = UInt32(truncatingIfNeeded: h >> 32)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = table[slot]
            if entry.id < 0 { return nil }
            if entry.tag == tag && matches(entry.id, bytes) { return entry.id }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    private static func equal(_ stored: UnsafeMutablePointer<UInt8>, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        return ByteHash.equal(UnsafeRawPointer(stored), UnsafeRawPointer(base), bytes.count)
    }

    private mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, slot: Int) -> Int32 {
        if count == keyCapacity { growKeys() }
        if storageUsed + bytes.count > storageCapacity { growStorage(minimum: storageUsed + bytes.count) }
        if let base = bytes.baseAddress, bytes.count > 0 {
            (storage + storageUsed).update(from: base, count: bytes.count)
        }
        storageUsed += bytes.count
        let id = Int32(count)
        hashes[count] = hash
        offsets[count + 1] = storageUsed
        count += 1
        table[slot] = Slot(tag: UInt32(truncatingIfNeeded: hash >> 32), id: id)
        if count * 2 > mask { growTable() }
        return id
    }

    private mutating func growKeys() {
        let newCapacity = keyCapacity * 2
        let newOffsets = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity + 1)
        newOffsets.update(from: offsets, count: count + 1)
        offsets.deallocate()
        offsets = newOffsets
        let newHashes = UnsafeMutablePointer<UInt64>.allocate(capacity: newCapacity)
        newHashes.update(from: hashes, count: count)
        hashes.deallocate()
        hashes = newHashes
        keyCapacity = newCapacity
    }

    private mutating func growStorage(minimum: Int) {
        var newCapacity = storageCapacity * 2
        while newCapacity < minimum { newCapacity *= 2 }
        let newStorage = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newStorage.update(from: storage, count: storageUsed)
        storage.deallocate()
        storage = newStorage
        storageCapacity = newCapacity
    }

    private mutating func growTable() {
        let newSize = (mask + 1) * 2
        table.deallocate()
        table = .allocate(capacity: newSize)
        table.initialize(repeating: Slot(tag: 0, id: -1), count: newSize)
        mask = newSize - 1
        for id in 0..<count {
            var slot = Int(truncatingIfNeeded: hashes[id]) & mask
            while table[slot].id >= 0 { slot = (slot + 1) & mask }
            table[slot] = Slot(tag: UInt32(truncatingIfNeeded: hashes[id] >> 32), id: Int32(id))
        }
    }
}
