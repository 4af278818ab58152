import Foundation
import OrchestratorCore
import OrchestratorStore
import PostgresNIO

/// Task transitions in as few statements as keep their order: consecutive transitions on distinct
/// tasks become one statement of data-modifying CTEs (task states; starts: tasks and attempts;
/// ends: attempts, tasks and outputs), whose rows come as `jsonb` parameters (`jsonb_to_recordset`,
/// where a missing key is SQL NULL). Distinct tasks mean distinct rows, so no row is changed twice
/// and the order within a statement does not matter. A commit of many tasks' transitions is one
/// round trip, not several per task.
enum PostgresTransitions {
    struct StateRow: Encodable {
        /// The run and the claim's token, in a statement of claims (`Scope.claims`).
        var run: String?
        var token: Int64?
        var task: String
        var state: String
        var error: String?
        var ended: EpochMillis?
    }

    struct StartRow: Encodable {
        /// The run and the claim's token, in a statement of claims (`Scope.claims`).
        var run: String?
        var token: Int64?
        var task: String
        var attempt: Int
        var log: String
        var at: EpochMillis
    }

    struct FinishRow: Encodable {
        /// The run and the claim's token, in a statement of claims (`Scope.claims`).
        var run: String?
        var token: Int64?
        var task: String
        var attempt: Int
        var status: String
        var at: EpochMillis
        var exit: Int32?
        var error: String?
        var state: String
        var ended: EpochMillis?
    }

    struct OutputRow: Encodable {
        /// The run and the claim's token, in a statement of claims (`Scope.claims`).
        var run: String?
        var token: Int64?
        var task: String
        var key: String
        var value: String
    }

    /// What a fenced statement checks, locking the row, before it writes anything.
    enum Guard {
        /// Nothing: the statement always writes.
        case none
        /// The claim of `token` is still held; with `completingAt`, the claim becomes `done` then
        /// and coordinators are notified.
        case claim(FencingToken, completingAt: EpochMillis?)
        /// `owner` owns the run, which is active.
        case owner(RunOwner)
    }

    /// The statements that record `transitions` of `run`, in order: a new statement starts where a
    /// task comes again, so that no statement changes a row twice.
    static func statements(_ transitions: [TaskTransition], run: String) throws -> [PostgresQuery] {
        try groups(transitions).map { try statement($0, run: run) }
    }

    /// `transitions` cut where a task comes again.
    static func groups(_ transitions: [TaskTransition]) -> [[TaskTransition]] {
        var groups: [[TaskTransition]] = []
        var group: [TaskTransition] = []
        var tasks: Set<String> = []
        for transition in transitions {
            if tasks.contains(transition.task) {
                groups.append(group)
                group.removeAll()
                tasks.removeAll()
            }
            group.append(transition)
            tasks.insert(transition.task)
        }
        if !group.isEmpty { groups.append(group) }
        return groups
    }

    static func json(_ rows: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(rows), as: UTF8.self)
    }

    /// A statement's text and its parameters, built in pieces: each part names only what it binds.
    struct Text {
        var binds = PostgresBindings()

        /// Binds `value` and returns its placeholder (`$n`).
        mutating func bind(_ value: some PostgresThrowingDynamicTypeEncodable) throws -> String {
            try binds.append(value)
            return "$\(binds.count)"
        }
    }

    /// Whose rows a statement writes, and on what condition.
    enum Scope {
        /// Transitions of one run (`$1`), written when `check` holds.
        case run(Guard)
        /// Transitions of workers' claims on any runs: each row carries its run and its claim's
        /// token and is written when that claim is held; `ClaimWrite.completingAt` ends claims.
        case claims([ClaimWrite])
        /// Starts of attempts the same statement claimed (`PostgresRunStore.claim`): rows carry
        /// their run, and the claim is the guard.
        case claiming

        /// The run of row `alias`.
        func run(_ alias: String) -> String {
            switch self {
            case .run: "$1"
            case .claims, .claiming: "\(alias).run"
            }
        }

        /// Whether row `alias` may be written.
        func holds(_ alias: String) -> String {
            switch self {
            case .run: "EXISTS (SELECT 1 FROM held)"
            case .claims: "\(alias).token IN (SELECT token FROM held)"
            case .claiming: "TRUE"
            }
        }

        /// The row columns that tag rows with their run and claim.
        var tagColumns: String {
            switch self {
            case .run: ""
            case .claims, .claiming: "run text, token bigint, "
            }
        }
    }

    /// The guard's CTEs: the locked rows (`held`: one row when a run's guard holds, the held
    /// claims' tokens for claims) and, for completions, the claims' ends (`done`, notifying the
    /// coordinators).
    static func guardCTEs(_ scope: Scope, _ text: inout Text) throws -> [String] {
        let notify = "pg_notify('\(PostgresNotifier.channel)', '\(QueueEvent.ended.rawValue)')::text"
        switch scope {
        case .run(.none):
            return ["held AS (SELECT 1)"]
        case .run(.claim(let token, let completing)):
            let claim = try text.bind(token.rawValue)
            var ctes = ["""
                held AS (SELECT 1 FROM task_queue WHERE token = \(claim) AND run_id = $1 AND state = 'claimed' FOR UPDATE)
                """]
            if let completing {
                ctes.append("""
                    done AS (
                        UPDATE task_queue SET state = 'done', ended_at = \(try text.bind(completing))
                        WHERE token = \(claim) AND EXISTS (SELECT 1 FROM held)
                        RETURNING \(notify)
                    )
                    """)
            }
            return ctes
        case .run(.owner(let owner)):
            return ["""
                held AS (SELECT 1 FROM runs WHERE id = $1 AND status IN ('queued', 'running')
                         AND owner_pid = \(try text.bind(owner.pid)) AND owner_host = \(try text.bind(owner.host)) FOR UPDATE)
                """]
        case .claiming:
            return []
        case .claims(let writes):
            let tokens = try text.bind(writes.map(\.token.rawValue))
            let runs = try text.bind(writes.map(\.run.rawValue))
            var ctes = ["""
                held AS (
                    SELECT q.token FROM task_queue AS q JOIN unnest(\(tokens)::bigint[], \(runs)::text[]) AS k(token, run)
                    ON q.token = k.token AND q.run_id = k.run
                    WHERE q.state = 'claimed' FOR UPDATE OF q
                )
                """]
            let completing = writes.compactMap { write in write.completingAt.map { [write.token.rawValue, $0] } }
            if !completing.isEmpty {
                ctes.append("""
                    done AS (
                        UPDATE task_queue AS q SET state = 'done', ended_at = c.at
                        FROM jsonb_to_recordset(\(try text.bind(json(completing.map { ["token": $0[0], "at": $0[1]] })))::jsonb) AS c(token bigint, at bigint)
                        WHERE q.token = c.token AND c.token IN (SELECT token FROM held)
                        RETURNING \(notify)
                    )
                    """)
            }
            return ctes
        }
    }

    /// One statement for transitions on distinct tasks, writing only when `check` holds; its one
    /// row says whether it did (`held`). Unguarded or guarded by the run's owner, it has every part
    /// and one text (prepared); guarded by a claim, only the parts these transitions need.
    static func statement(_ group: [TaskTransition], run runID: String, guard check: Guard = .none) throws -> PostgresQuery {
        var text = Text()
        _ = try text.bind(runID)
        let sql = try body(group.map { (run: nil, token: nil, transition: $0) }, scope: .run(check), &text)
        let completes = if case .claim(_, .some) = check { true } else { false }
        return PostgresQuery(unsafeSQL: sql + "\nSELECT EXISTS (SELECT 1 FROM held) AS held" + (completes ? ", (SELECT count(*) FROM done) AS done" : ""),
                             binds: text.binds)
    }

    /// One statement for the writes of several claims, whose transitions are on distinct tasks of
    /// their runs; its rows are the tokens of the claims that were held (and written).
    static func statement(claims writes: [ClaimWrite]) throws -> PostgresQuery {
        var text = Text()
        let rows = writes.flatMap { write in
            write.transitions.map { (run: Optional(write.run.rawValue), token: Optional(write.token.rawValue), transition: $0) }
        }
        let sql = try body(rows, scope: .claims(writes), &text)
        let completes = writes.contains { $0.completingAt != nil }
        return PostgresQuery(unsafeSQL: sql + "\nSELECT token" + (completes ? ", (SELECT count(*) FROM done) AS done" : "") + " FROM held",
                             binds: text.binds)
    }

    /// Workers' ends of claimed attempts: finishes, outputs, and the claims' ends.
    enum AttemptEnds: PreparedShape {
        static let sql = (try? statement(claims: [
            ClaimWrite(token: FencingToken(rawValue: 1), run: RunID(rawValue: "r"),
                       [.finish(AttemptEnd(task: "t", attempt: 1, status: .succeeded, taskState: .succeeded, outputs: [("k", "v")], at: 0))],
                       completingAt: 0),
        ]).sql) ?? ""
    }

    /// Transitions of a run, unguarded (an executor running its tasks itself).
    enum RunTransitions: PreparedShape {
        static let sql = (try? statement([], run: "r").sql) ?? ""
    }

    /// Transitions of a run, guarded by its owner (a coordinator whose tasks run on workers).
    enum OwnedRunTransitions: PreparedShape {
        static let sql = (try? statement([], run: "r", guard: .owner(RunOwner(pid: 1, host: "h"))).sql) ?? ""
    }

    /// The CTEs that start the attempts of `starts` (`run`, `task`, `attempt`, `log`, `at`, and
    /// `token` for claims): their tasks become `running`, their attempt rows are made.
    static func startWrites(_ scope: Scope) -> String {
        """
        started_tasks AS (
            UPDATE task_instances AS t SET state = 'running', try_number = v.attempt, started_at = COALESCE(t.started_at, v.at),
                   ended_at = NULL, exit_code = NULL, error = NULL
            FROM starts AS v WHERE t.run_id = \(scope.run("v")) AND t.task_id = v.task AND \(scope.holds("v"))
        ),
        started_attempts AS (
            INSERT INTO attempts (run_id, task_id, attempt, status, started_at, log_path)
            SELECT \(scope.run("v")), v.task, v.attempt, 'running', v.at, v.log FROM starts AS v WHERE \(scope.holds("v"))
            ON CONFLICT (run_id, task_id, attempt) DO UPDATE SET status = 'running', started_at = excluded.started_at, ended_at = NULL,
                   exit_code = NULL, error = NULL, log_path = excluded.log_path
        )
        """
    }

    /// The CTEs of a statement (`WITH ...`, without its final SELECT): the guard's, then only the
    /// parts the transitions need.
    static func body(_ group: [(run: String?, token: Int64?, transition: TaskTransition)], scope: Scope, _ text: inout Text) throws -> String {
        var states: [StateRow] = []
        var starts: [StartRow] = []
        var finishes: [FinishRow] = []
        var outputs: [OutputRow] = []
        for (run, token, transition) in group {
            switch transition {
            case .state(let task, let state, let error, let now):
                states.append(StateRow(run: run, token: token, task: task, state: state.rawValue, error: error, ended: state.isFinished ? now : nil))
            case .start(let task, let attempt, let logPath, let now):
                starts.append(StartRow(run: run, token: token, task: task, attempt: attempt, log: logPath, at: now))
            case .finish(let end):
                finishes.append(FinishRow(run: run, token: token, task: end.task, attempt: end.attempt, status: end.status.rawValue, at: end.at,
                                          exit: end.exitCode, error: end.error, state: end.taskState.rawValue,
                                          ended: end.taskState.isFinished ? end.at : nil))
                // A key given twice keeps its last value, as one upsert per output would.
                var values: [String: String] = [:]
                for output in end.outputs { values[output.key] = output.value }
                outputs += values.sorted { $0.key < $1.key }.map { OutputRow(run: run, token: token, task: end.task, key: $0.key, value: $0.value) }
            }
        }
        var ctes = try guardCTEs(scope, &text)
        let tags = scope.tagColumns
        // A run's own transitions (unguarded, or guarded by its owner) always have every part, so
        // that each guard has one text, prepared (`RunTransitions`, `OwnedRunTransitions`).
        let everyPart = switch scope {
        case .run(.none), .run(.owner): true
        default: false
        }
        if !states.isEmpty || everyPart {
            ctes.append("""
                states AS (
                    UPDATE task_instances AS t SET state = v.state, error = COALESCE(v.error, t.error), ended_at = COALESCE(v.ended, t.ended_at)
                    FROM jsonb_to_recordset(\(try text.bind(json(states)))::jsonb) AS v(\(tags)task text, state text, error text, ended bigint)
                    WHERE t.run_id = \(scope.run("v")) AND t.task_id = v.task AND \(scope.holds("v"))
                )
                """)
        }
        if !starts.isEmpty || everyPart {
            ctes.append("""
                starts AS (SELECT * FROM jsonb_to_recordset(\(try text.bind(json(starts)))::jsonb) AS v(\(tags)task text, attempt integer, log text, at bigint)),
                \(startWrites(scope))
                """)
        }
        if !finishes.isEmpty || everyPart {
            ctes.append("""
                finishes AS (SELECT * FROM jsonb_to_recordset(\(try text.bind(json(finishes)))::jsonb)
                                 AS v(\(tags)task text, attempt integer, status text, at bigint, exit integer, error text, state text, ended bigint)),
                ended_attempts AS (
                    UPDATE attempts AS a SET status = v.status, ended_at = v.at, exit_code = v.exit, error = v.error
                    FROM finishes AS v WHERE a.run_id = \(scope.run("v")) AND a.task_id = v.task AND a.attempt = v.attempt AND \(scope.holds("v"))
                ),
                ended_tasks AS (
                    UPDATE task_instances AS t SET state = v.state, ended_at = v.ended, exit_code = v.exit, error = v.error
                    FROM finishes AS v WHERE t.run_id = \(scope.run("v")) AND t.task_id = v.task AND \(scope.holds("v"))
                )
                """)
        }
        // Ends of claimed attempts always have the outputs part, so that their text is one
        // (`AttemptEnds`), with or without outputs.
        let endsOfClaims = if case .claims = scope { !finishes.isEmpty } else { false }
        if !outputs.isEmpty || endsOfClaims || everyPart {
            ctes.append("""
                stored AS (
                    INSERT INTO outputs (run_id, task_id, key, value)
                    SELECT \(scope.run("o")), o.task, o.key, o.value
                    FROM jsonb_to_recordset(\(try text.bind(json(outputs)))::jsonb) AS o(\(tags)task text, key text, value text)
                    WHERE \(scope.holds("o"))
                    ON CONFLICT (run_id, task_id, key) DO UPDATE SET value = excluded.value
                )
                """)
        }
        // Data-modifying CTEs all run, referenced or not.
        return "WITH " + ctes.joined(separator: ",\n")
    }
}
