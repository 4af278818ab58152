import Foundation

/// Work cut into numbered chunks, made by whichever thread is free, and used in chunk order as soon
/// as each is made.
///
/// A consumer that `take`s with `helping` makes chunks itself while the one it needs is not ready,
/// so two threads (a helper in `makeAll()` and the consumer) keep both cores busy, and the consumer
/// uses the first chunks while the last are still being made. A consumer that stops (it failed)
/// calls `stop()`: no chunk is started after it, and a `take` of a chunk nobody will make throws.
final class ChunkPipeline<Product: Sendable>: @unchecked Sendable {
    struct Stopped: Error {}

    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var products: [Result<Product, any Error>?]
    private var nextToMake = 0
    private var stopped = false
    private let make: @Sendable (Int) throws -> Product
    let count: Int

    init(count: Int, make: @escaping @Sendable (Int) throws -> Product) {
        products = Array(repeating: nil, count: count)
        self.count = count
        self.make = make
    }

    /// Makes chunks until none is left to start; for a helper thread.
    func makeAll() {
        while let chunk = claim() { store(chunk, Result { try make(chunk) }) }
    }

    /// Chunk `chunk`'s product, or its maker's error. With `helping`, makes other chunks while it
    /// waits; otherwise sleeps until it is ready.
    func take(_ chunk: Int, helping: Bool) throws -> Product {
        condition.lock()
        while true {
            if let product = products[chunk] {
                condition.unlock()
                return try product.get()
            }
            if stopped && chunk >= nextToMake {
                condition.unlock()
                throw Stopped()
            }
            if helping && !stopped && nextToMake < count {
                let other = nextToMake
                nextToMake += 1
                condition.unlock()
                store(other, Result { try make(other) })
                condition.lock()
                continue
            }
            condition.wait()
        }
    }

    /// No chunk is started from now on.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard !stopped && nextToMake < count else { return nil }
        nextToMake += 1
        return nextToMake - 1
    }

    private func store(_ chunk: Int, _ product: Result<Product, any Error>) {
        condition.lock()
        products[chunk] = product
        condition.broadcast()
        condition.unlock()
    }
}
