/// The dependency graph of a workflow's tasks, by index in file order.
public struct DAG: Sendable {
    public let ids: [String]
    public let index: [String: Int]
    /// upstream[i]: the tasks task i depends on.
    public let upstream: [[Int]]
    /// downstream[i]: the tasks that depend on task i.
    public let downstream: [[Int]]

    /// Builds the graph; dependencies naming unknown tasks are ignored (the validator reports them).
    public init(tasks: [TaskSpec]) {
        ids = tasks.map(\.id)
        var index: [String: Int] = [:]
        for (position, id) in ids.enumerated() where index[id] == nil { index[id] = position }
        self.index = index
        var upstream = [[Int]](repeating: [], count: tasks.count)
        var downstream = [[Int]](repeating: [], count: tasks.count)
        for (position, task) in tasks.enumerated() {
            for dependency in Set(task.dependsOn).sorted() {
                guard let from = index[dependency] else { continue }
                upstream[position].append(from)
                downstream[from].append(position)
            }
        }
        self.upstream = upstream
        self.downstream = downstream
    }

    /// Task indices in an order where every task follows its upstream tasks (file order among
    /// ready tasks), or nil when there is a cycle.
    public func topologicalOrder() -> [Int]? {
        var remaining = upstream.map(\.count)
        var ready = (0..<ids.count).filter { remaining[$0] == 0 }.reversed().map { $0 }
        var order: [Int] = []
        order.reserveCapacity(ids.count)
        while let next = ready.popLast() {
            order.append(next)
            for child in downstream[next].reversed() {
                remaining[child] -= 1
                if remaining[child] == 0 { ready.append(child) }
            }
        }
        return order.count == ids.count ? order : nil
    }

    /// One cycle as task ids, first id repeated at the end (`a -> b -> a`), or nil.
    public func findCycle() -> [String]? {
        enum Mark { case unvisited, active, done }
        var marks = [Mark](repeating: .unvisited, count: ids.count)
        var stack: [Int] = []
        for start in ids.indices where marks[start] == .unvisited {
            // Iterative DFS: (node, next child position).
            var frames: [(node: Int, next: Int)] = [(start, 0)]
            marks[start] = .active
            stack = [start]
            while let frame = frames.last {
                let children = upstream[frame.node]
                if frame.next < children.count {
                    frames[frames.count - 1].next += 1
                    let child = children[frame.next]
                    switch marks[child] {
                    case .active:
                        // stack[i + 1] is upstream of stack[i]: reversed, each runs before the next.
                        let from = stack.firstIndex(of: child)!
                        let path = Array(stack[from...].reversed())
                        let first = path.indices.min { path[$0] < path[$1] }!
                        let rotated = path[first...] + path[..<first]
                        return rotated.map { ids[$0] } + [ids[rotated.first!]]
                    case .unvisited:
                        marks[child] = .active
                        frames.append((child, 0))
                        stack.append(child)
                    case .done:
                        break
                    }
                } else {
                    marks[frame.node] = .done
                    frames.removeLast()
                    stack.removeLast()
                }
            }
        }
        return nil
    }

    /// Every task upstream of `task`, directly or not.
    public func ancestors(of task: Int) -> Set<Int> {
        var seen: Set<Int> = []
        var pending = upstream[task]
        while let next = pending.popLast() {
            if seen.insert(next).inserted { pending.append(contentsOf: upstream[next]) }
        }
        return seen
    }

    /// `tasks` and everything downstream of them.
    public func descendants(including tasks: Set<Int>) -> Set<Int> {
        var seen = tasks
        var pending = Array(tasks)
        while let next = pending.popLast() {
            for child in downstream[next] where seen.insert(child).inserted { pending.append(child) }
        }
        return seen
    }
}
