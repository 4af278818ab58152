/// An exact set of row keys (the eight raw-field ids of a record), for duplicate detection.
///
/// Keys are stored once, in arrival order, in one flat array. Equal rows necessarily share their
/// invoice, so each invoice id has its own small open-addressing index of positions in that
/// array. The rows of an invoice usually arrive together, so the index in use and the keys it
/// points at stay in cache, where one large table would miss the cache on nearly every row.
/// Lookups compare whole keys: there are no false positives; the hash only places them.
struct RowKeySet: ~Copyable {
    /// Eight 32-bit ids packed in four words.
    struct Key: Equatable {
        /// The id at `position` (0-7, in `init`'s order).
        @inline(__always)
        func id(_ position: Int) -> Int32 {
            let word: UInt64
            switch position >> 1 {
            case 0: word = a
            case 1: word = b
            case 2: word = c
            default: word = d
            }
            return Int32(bitPattern: UInt32(truncatingIfNeeded: position & 1 == 0 ? word : word >> 32))
        }

        var a: UInt64
        var b: UInt64
        var c: UInt64
        var d: UInt64

        @inline(__always)
        init(_ ids: (Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32)) {
            a = UInt64(UInt32(bitPattern: ids.0)) | UInt64(UInt32(bitPattern: ids.1)) << 32
            b = UInt64(UInt32(bitPattern: ids.2)) | UInt64(UInt32(bitPattern: ids.3)) << 32
            c = UInt64(UInt32(bitPattern: ids.4)) | UInt64(UInt32(bitPattern: ids.5)) << 32
            d = UInt64(UInt32(bitPattern: ids.6)) | UInt64(UInt32(bitPattern: ids.7)) << 32
        }

        @inline(__always)
        var hash: UInt64 { ByteHash.hash(a, b, c, d) }
    }

    /// One invoice's index: slots hold a key position + 1 (0 = empty).
    private struct Group {
        var slots: UnsafeMutablePointer<UInt32>?
        var mask = 0
        var count = 0
    }

    private var keys: GrowableBuffer<Key>
    private var groups: UnsafeMutablePointer<Group>
    private var groupCapacity: Int

    /// Keys in the set.
    var count: Int { keys.count }

    init(groupCapacity: Int = 1 << 10, keyCapacity: Int = 1 << 12) {
        self.groupCapacity = max(16, groupCapacity)
        groups = .allocate(capacity: self.groupCapacity)
        groups.initialize(repeating: Group(), count: self.groupCapacity)
        keys = GrowableBuffer(capacity: keyCapacity)
    }

    deinit {
        for index in 0..<groupCapacity { groups[index].slots?.deallocate() }
        groups.deallocate()
    }

    /// Room for about `count` keys without regrowing.
    mutating func reserveCapacity(_ count: Int) {
        keys.reserveCapacity(count)
    }

    /// Adds `key` to group `group` (a non-negative id); false when it was already there.
    @inline(__always)
    mutating func insert(_ key: Key, group: Int) -> Bool {
        if group >= groupCapacity { growGroups(toInclude: group) }
        let entry = groups + group
        if entry.pointee.slots == nil {
            let slots = UnsafeMutablePointer<UInt32>.allocate(capacity: 8)
            slots.initialize(repeating: 0, count: 8)
            entry.pointee = Group(slots: slots, mask: 7, count: 0)
        }
        guard let slots = entry.pointee.slots else { return true }
        let mask = entry.pointee.mask
        var slot = Int(truncatingIfNeeded: key.hash) & mask
        while true {
            let position = slots[slot]
            if position == 0 { break }
            if keys[Int(position) - 1] == key { return false }
            slot = (slot + 1) & mask
        }
        keys.append(key)
        slots[slot] = UInt32(truncatingIfNeeded: keys.count)
        entry.pointee.count += 1
        if entry.pointee.count * 2 > mask { growGroup(entry) }
        return true
    }

    /// Whether `key` is in group `group`.
    func contains(_ key: Key, group: Int) -> Bool {
        guard group >= 0, group < groupCapacity, let slots = groups[group].slots else { return false }
        let mask = groups[group].mask
        var slot = Int(truncatingIfNeeded: key.hash) & mask
        while true {
            let position = slots[slot]
            if position == 0 { return false }
            if keys[Int(position) - 1] == key { return true }
            slot = (slot + 1) & mask
        }
    }

    /// The key added `index`-th (0 = first).
    func key(at index: Int) -> Key { keys[index] }

    private mutating func growGroups(toInclude group: Int) {
        var newCapacity = groupCapacity * 2
        while newCapacity <= group { newCapacity *= 2 }
        let newGroups = UnsafeMutablePointer<Group>.allocate(capacity: newCapacity)
        newGroups.moveInitialize(from: groups, count: groupCapacity)
        (newGroups + groupCapacity).initialize(repeating: Group(), count: newCapacity - groupCapacity)
        groups.deallocate()
        groups = newGroups
        groupCapacity = newCapacity
    }

    private func growGroup(_ entry: UnsafeMutablePointer<Group>) {
        guard let oldSlots = entry.pointee.slots else { return }
        let oldSize = entry.pointee.mask + 1
        let newSize = oldSize * 2
        let newMask = newSize - 1
        let slots = UnsafeMutablePointer<UInt32>.allocate(capacity: newSize)
        slots.initialize(repeating: 0, count: newSize)
        for index in 0..<oldSize where oldSlots[index] != 0 {
            let position = oldSlots[index]
            var slot = Int(truncatingIfNeeded: keys[Int(position) - 1].hash) & newMask
            while slots[slot] != 0 { slot = (slot + 1) & newMask }
            slots[slot] = position
        }
        oldSlots.deallocate()
        entry.pointee.slots = slots
        entry.pointee.mask = newMask
    }
}
