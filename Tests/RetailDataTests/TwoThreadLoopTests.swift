import Foundation
import Synchronization
import Testing
@testable import RetailData

@Suite("Two-thread loop")
struct TwoThreadLoopTests {
    @Test("every job runs exactly once", arguments: [0, 1, 2, 13, 200])
    func everyJobOnce(count: Int) throws {
        let runs = Mutex([Int](repeating: 0, count: count))
        try TwoThreadLoop.run(Array((0..<count).reversed())) { job in
            runs.withLock { $0[job] += 1 }
        }
        #expect(runs.withLock { $0 } == [Int](repeating: 1, count: count))
    }

    @Test("jobs are taken in the order given")
    func order() throws {
        let started = Mutex<[Int]>([])
        let jobs = [5, 3, 9, 0, 7, 1]
        try TwoThreadLoop.run(jobs) { job in started.withLock { $0.append(job) } }
        // Each job is claimed in order; with two threads two neighbours may start swapped, never more.
        let positions = started.withLock { $0 }.map { jobs.firstIndex(of: $0)! }
        #expect(positions.sorted() == Array(0..<jobs.count))
        for (index, position) in positions.enumerated() { #expect(abs(position - index) <= 1) }
    }

    @Test("the first error is rethrown and stops both threads taking new jobs")
    func failure() {
        struct Failed: Error, Equatable { let job: Int }
        let ran = Mutex(0)
        #expect(throws: Failed(job: 2)) {
            try TwoThreadLoop.run(Array(0..<1_000)) { job in
                ran.withLock { $0 += 1 }
                if job == 2 { throw Failed(job: 2) }
                // Some work, so that the other thread cannot run out the list before the failure is seen.
                var state = UInt64(job)
                for _ in 0..<20_000 { state = state &* 6_364_136_223_846_793_005 &+ 1 }
                #expect(state != 0 || job >= 0)
            }
        }
        #expect(ran.withLock { $0 } < 1_000)
    }
}
