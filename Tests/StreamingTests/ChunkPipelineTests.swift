import Foundation
import RetailData
@testable import Streaming
import Testing

/// Chunks come out in order whoever made them, a maker's error reaches the consumer of that chunk,
/// and a stopped pipeline never leaves a consumer waiting for a chunk nobody will make.
@Suite struct ChunkPipelineTests {
    @Test func chunksArriveInOrderFromBothThreads() throws {
        let pipeline = ChunkPipeline<[Int]>(count: 200) { chunk in Array(chunk * 10..<(chunk + 1) * 10) }
        let helper = BackgroundResult { pipeline.makeAll() }
        let second = BackgroundResult { try (0..<pipeline.count).flatMap { try pipeline.take($0, helping: false) } }
        let first = try (0..<pipeline.count).flatMap { try pipeline.take($0, helping: true) }
        try helper.wait()
        #expect(first == Array(0..<2_000))
        #expect(try second.wait() == first)
    }

    @Test func aMakersErrorReachesTheConsumerOfThatChunk() throws {
        struct Broken: Error {}
        let pipeline = ChunkPipeline<Int>(count: 5) { chunk in
            if chunk == 3 { throw Broken() }
            return chunk
        }
        #expect(try pipeline.take(2, helping: true) == 2)
        #expect(throws: Broken.self) { try pipeline.take(3, helping: true) }
    }

    @Test func aStoppedPipelineFailsTheWaitForAnUnmadeChunk() throws {
        let pipeline = ChunkPipeline<Int>(count: 10) { $0 }
        #expect(try pipeline.take(0, helping: true) == 0)
        let waiting = BackgroundResult { try pipeline.take(7, helping: false) }
        pipeline.stop()
        #expect(throws: ChunkPipeline<Int>.Stopped.self) { try waiting.wait() }
        #expect(throws: ChunkPipeline<Int>.Stopped.self) { try pipeline.take(9, helping: true) }
    }

    @Test func aChunkBeingMadeWhenTheStopComesIsStillDelivered() throws {
        let started = DispatchSemaphore(value: 0)
        let gate = DispatchSemaphore(value: 0)
        let pipeline = ChunkPipeline<Int>(count: 3) { chunk in
            if chunk == 1 {
                started.signal()
                gate.wait()
            }
            return chunk * 100
        }
        #expect(try pipeline.take(0, helping: true) == 0)
        let helper = BackgroundResult { pipeline.makeAll() }
        started.wait()  // the helper is making chunk 1
        pipeline.stop()
        let waiting = BackgroundResult { try pipeline.take(1, helping: false) }
        #expect(throws: ChunkPipeline<Int>.Stopped.self) { try pipeline.take(2, helping: true) }
        gate.signal()
        #expect(try waiting.wait() == 100)
        try helper.wait()  // it makes no chunk after the stop
    }
}
