/// An append-only array of plain values in manually managed memory.
///
/// Used on the per-record path instead of `Array`, whose every write checks uniqueness and bounds.
/// Indices are trusted: callers only read ids they were handed by the same structure.
struct GrowableBuffer<Element: BitwiseCopyable>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 64) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The first element's address: valid until the buffer grows or is emptied.
    var start: UnsafePointer<Element> { UnsafePointer(base) }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow(to: capacity * 2) }
        base[count] = value
        count += 1
    }

    mutating func reserveCapacity(_ minimum: Int) {
        if minimum > capacity { grow(to: minimum) }
    }

    private mutating func grow(to newCapacity: Int) {
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// A copy of the elements as an `Array`.
    func array() -> [Element] {
        Array(UnsafeBufferPointer(start: base, count: count))
    }

    /// The elements as an `Array`; this buffer is left empty and gives its memory back, so that
    /// handing over many buffers never holds two copies of all of them.
    mutating func takeArray() -> [Element] {
        let elements = array()
        removeAll()
        return elements
    }

    /// Empties the buffer and gives its memory back.
    mutating func removeAll() {
        base.deallocate()
        capacity = 16
        base = .allocate(capacity: capacity)
        count = 0
    }

    /// This buffer's elements then `other`'s, except `other`'s positions in `skipping` (ascending),
    /// each of `other`'s passed through `transform`; both buffers are left empty.
    mutating func takeArray(appending other: inout GrowableBuffer<Element>, skipping: [Int],
                            _ transform: (Element) -> Element) -> [Element] {
        let total = count + other.count - skipping.count
        let elements = [Element](unsafeUninitializedCapacity: total) { buffer, initialized in
            guard let out = buffer.baseAddress else { return }
            out.initialize(from: base, count: count)
            var written = count
            var nextSkip = 0
            for index in 0..<other.count {
                if nextSkip < skipping.count && skipping[nextSkip] == index {
                    nextSkip += 1
                    continue
                }
                (out + written).initialize(to: transform(other.base[index]))
                written += 1
            }
            initialized = written
        }
        removeAll()
        other.removeAll()
        return elements
    }
}

extension GrowableBuffer where Element == Int32 {
    /// `takeArray(appending:skipping:_:)` for dictionary codes: `other`'s codes are replaced by
    /// their entries in `map` (-1, null, stays).
    mutating func takeArray(appending other: inout GrowableBuffer<Int32>, mapping map: [Int32], skipping: [Int]) -> [Int32] {
        if other.count == 0 { return takeArray() }
        return map.withUnsafeBufferPointer { map in
            takeArray(appending: &other, skipping: skipping) { $0 < 0 ? $0 : map[Int($0)] }
        }
    }
}
