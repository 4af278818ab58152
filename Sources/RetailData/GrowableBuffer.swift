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
        base.deallocate()
        capacity = 16
        base = .allocate(capacity: capacity)
        count = 0
        return elements
    }
}
