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
        var task: String
        var state: String
        var error: String?
        var ended: EpochMillis?
    }

    struct StartRow: Encodable {
        var task: String
        var attempt: Int
        var log: String
        var at: EpochMillis
    }

    struct FinishRow: Encodable {
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

    /// The guard's CTEs: the locked row (`held`, one row when the guard holds) and, for a
    /// completion, the claim's end (`done`, notifying the coordinators).
    static func guardCTEs(_ check: Guard, run: String, _ text: inout Text) throws -> [String] {
        switch check {
        case .none:
            return ["held AS (SELECT 1)"]
        case .claim(let token, let completing):
            let claim = try text.bind(token.rawValue)
            var ctes = ["""
                held AS (SELECT 1 FROM task_queue WHERE token = \(claim) AND run_id = \(run) AND state = 'claimed' FOR UPDATE)
                """]
            if let completing {
                ctes.append("""
                    done AS (
                        UPDATE task_queue SET state = 'done', ended_at = \(try text.bind(completing))
                        WHERE token = \(claim) AND EXISTS (SELECT 1 FROM held)
                        RETURNING pg_notify('\(PostgresNotifier.channel)', '\(QueueEvent.ended.rawValue)')::text
                    )
                    """)
            }
            return ctes
        case .owner(let owner):
            return ["""
                held AS (SELECT 1 FROM runs WHERE id = \(run) AND status IN ('queued', 'running')
                         AND owner_pid = \(try text.bind(owner.pid)) AND owner_host = \(try text.bind(owner.host)) FOR UPDATE)
                """]
        }
    }

    /// One statement for transitions on distinct tasks, writing only when `check` holds; its one
    /// row says whether it did (`held`). Only the parts these transitions need are in it, so that
    /// PostgreSQL plans little.
    static func statement(_ group: [TaskTransition], run runID: String, guard check: Guard = .none) throws -> PostgresQuery {
        var states: [StateRow] = []
        var starts: [StartRow] = []
        var finishes: [FinishRow] = []
        var outputs: [OutputRow] = []
        for transition in group {
            switch transition {
            case .state(let task, let state, let error, let now):
                states.append(StateRow(task: task, state: state.rawValue, error: error, ended: state.isFinished ? now : nil))
            case .start(let task, let attempt, let logPath, let now):
                starts.append(StartRow(task: task, attempt: attempt, log: logPath, at: now))
            case .finish(let end):
                finishes.append(FinishRow(task: end.task, attempt: end.attempt, status: end.status.rawValue, at: end.at, exit: end.exitCode,
                                          error: end.error, state: end.taskState.rawValue, ended: end.taskState.isFinished ? end.at : nil))
                // A key given twice keeps its last value, as one upsert per output would.
                var values: [String: String] = [:]
                for output in end.outputs { values[output.key] = output.value }
                outputs += values.sorted { $0.key < $1.key }.map { OutputRow(task: end.task, key: $0.key, value: $0.value) }
            }
        }
        var text = Text()
        let run = try text.bind(runID)
        var ctes = try guardCTEs(check, run: run, &text)
        let held = "EXISTS (SELECT 1 FROM held)"
        if !states.isEmpty {
            ctes.append("""
                states AS (
                    UPDATE task_instances AS t SET state = v.state, error = COALESCE(v.error, t.error), ended_at = COALESCE(v.ended, t.ended_at)
                    FROM jsonb_to_recordset(\(try text.bind(json(states)))::jsonb) AS v(task text, state text, error text, ended bigint)
                    WHERE t.run_id = \(run) AND t.task_id = v.task AND \(held)
                )
                """)
        }
        if !starts.isEmpty {
            ctes.append("""
                starts AS (SELECT * FROM jsonb_to_recordset(\(try text.bind(json(starts)))::jsonb) AS v(task text, attempt integer, log text, at bigint)),
                started_tasks AS (
                    UPDATE task_instances AS t SET state = 'running', try_number = v.attempt, started_at = COALESCE(t.started_at, v.at),
                           ended_at = NULL, exit_code = NULL, error = NULL
                    FROM starts AS v WHERE t.run_id = \(run) AND t.task_id = v.task AND \(held)
                ),
                started_attempts AS (
                    INSERT INTO attempts (run_id, task_id, attempt, status, started_at, log_path)
                    SELECT \(run), v.task, v.attempt, 'running', v.at, v.log FROM starts AS v WHERE \(held)
                    ON CONFLICT (run_id, task_id, attempt) DO UPDATE SET status = 'running', started_at = excluded.started_at, ended_at = NULL,
                           exit_code = NULL, error = NULL, log_path = excluded.log_path
                )
                """)
        }
        if !finishes.isEmpty {
            ctes.append("""
                finishes AS (SELECT * FROM jsonb_to_recordset(\(try text.bind(json(finishes)))::jsonb)
                                 AS v(task text, attempt integer, status text, at bigint, exit integer, error text, state text, ended bigint)),
                ended_attempts AS (
                    UPDATE attempts AS a SET status = v.status, ended_at = v.at, exit_code = v.exit, error = v.error
                    FROM finishes AS v WHERE a.run_id = \(run) AND a.task_id = v.task AND a.attempt = v.attempt AND \(held)
                ),
                ended_tasks AS (
                    UPDATE task_instances AS t SET state = v.state, ended_at = v.ended, exit_code = v.exit, error = v.error
                    FROM finishes AS v WHERE t.run_id = \(run) AND t.task_id = v.task AND \(held)
                )
                """)
        }
        if !outputs.isEmpty {
            ctes.append("""
                stored AS (
                    INSERT INTO outputs (run_id, task_id, key, value)
                    SELECT \(run), o.task, o.key, o.value FROM jsonb_to_recordset(\(try text.bind(json(outputs)))::jsonb) AS o(task text, key text, value text)
                    WHERE \(held)
                    ON CONFLICT (run_id, task_id, key) DO UPDATE SET value = excluded.value
                )
                """)
        }
        let completes = if case .claim(_, .some) = check { true } else { false }
        // Data-modifying CTEs all run, referenced or not.
        let sql = "WITH " + ctes.joined(separator: ",\n") + "\nSELECT \(held) AS held" + (completes ? ", (SELECT count(*) FROM done) AS done" : "")
        return PostgresQuery(unsafeSQL: sql, binds: text.binds)
    }
}
