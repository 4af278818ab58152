import Synchronization

/// Reusable `RecordValidator`s for concurrent requests: a validator is not thread-safe and costs
/// a cleaner's set-up, so requests borrow one and give it back.
public final class ValidatorPool: Sendable {
    let idle = Mutex<[RecordValidatorBox]>([])

    public init() {}

    public func withValidator<T>(_ body: (RecordValidator) throws -> T) rethrows -> T {
        let box = idle.withLock { $0.popLast() } ?? RecordValidatorBox()
        defer {
            // A validator remembers every distinct value it has seen; start afresh now and then.
            box.uses += 1
            if box.uses < 100 { idle.withLock { $0.append(box) } }
        }
        return try body(box.validator)
    }
}

/// A validator owned by one request at a time (handed over under the pool's lock).
final class RecordValidatorBox: @unchecked Sendable {
    let validator = RecordValidator()
    var uses = 0
}
