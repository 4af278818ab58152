/// Turns a workflow file's YAML tree into a `Workflow`, collecting every problem on the way.
struct WorkflowParser {
    static let topKeys = ["name", "description", "params", "defaults", "max_parallel_tasks", "timeout",
                          "on_success", "on_failure", "on_exit", "keep_runs", "keep_for", "scratch", "tasks"] + scheduleKeys
    static let defaultsKeys = ["retries", "retry_delay", "retry_backoff", "max_retry_delay", "timeout"]
    static let commonTaskKeys = ["id", "type", "description", "depends_on", "trigger_rule", "retries", "retry_delay",
                                 "retry_backoff", "max_retry_delay", "timeout", "env", "working_dir", "queue"]

    let catalog: [String: TaskTypeDescriptor]
    var diagnostics: DiagnosticCollector

    init(file: String, catalog: [TaskTypeDescriptor]) {
        self.catalog = Dictionary(catalog.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.diagnostics = DiagnosticCollector(file: file)
    }

    mutating func parse(_ root: ConfigValue) -> Workflow? {
        guard case .map(let entries, _) = root else {
            diagnostics.error("a workflow file must be a mapping with 'name' and 'tasks'", at: root.location)
            return nil
        }
        checkKeys(entries, allowed: Self.topKeys, what: "workflow")
        let name = requiredText("name", in: entries, at: root.location, owner: "workflow")
        if let name, !Self.isName(name, allowDash: true) {
            diagnostics.error("workflow name '\(name)' must match [a-z0-9_-]+", at: value("name", in: entries)!.location)
        }
        var workflow = Workflow(name: name ?? "", tasks: [])
        workflow.description = text("description", in: entries)
        workflow.params = params(entries)
        let defaults = value("defaults", in: entries)
        let defaultEntries = defaults.flatMap { mapEntries($0, what: "defaults") } ?? []
        checkKeys(defaultEntries, allowed: Self.defaultsKeys, what: "defaults")
        workflow.defaults = TaskDefaults(retry: retryPolicy(defaultEntries, base: RetryPolicy()),
                                         timeout: duration("timeout", in: defaultEntries, positive: true))
        workflow.maxParallelTasks = positiveInt("max_parallel_tasks", in: entries)
        workflow.timeout = duration("timeout", in: entries, positive: true)
        workflow.hooks = WorkflowHooks(onSuccess: text("on_success", in: entries),
                                       onFailure: text("on_failure", in: entries),
                                       onExit: text("on_exit", in: entries))
        workflow.schedule = workflowSchedule(entries)
        workflow.retention = RunRetention(keepRuns: positiveInt("keep_runs", in: entries), keepFor: duration("keep_for", in: entries))
        workflow.scratch = text("scratch", in: entries)
        if let scratch = workflow.scratch, scratch.allSatisfy(\.isWhitespace) {
            diagnostics.error("'scratch' must name a folder, e.g. ${params.out}/.work/${run.id}", at: value("scratch", in: entries)!.location)
        }
        guard let tasksValue = value("tasks", in: entries) else {
            diagnostics.error("missing required key 'tasks' in workflow", at: root.location)
            return workflow
        }
        guard case .list(let items, _) = tasksValue else {
            diagnostics.error("'tasks' must be a list of tasks", at: tasksValue.location)
            return workflow
        }
        if items.isEmpty { diagnostics.error("'tasks' is empty; a workflow needs at least one task", at: tasksValue.location) }
        workflow.tasks = items.compactMap { task($0, defaults: workflow.defaults) }
        return workflow
    }

    mutating func task(_ item: ConfigValue, defaults: TaskDefaults) -> TaskSpec? {
        guard let entries = mapEntries(item, what: "a task") else { return nil }
        let id = requiredText("id", in: entries, at: item.location, owner: "task")
        if let id, !Self.isName(id, allowDash: false) {
            diagnostics.error("task id '\(id)' must match [a-z0-9_]+", at: value("id", in: entries)!.location)
        }
        let typeName = text("type", in: entries) ?? "shell"
        var spec = TaskSpec(id: id ?? "", type: typeName, location: item.location)
        spec.dependsOn = stringList("depends_on", in: entries)
        if let rule = value("trigger_rule", in: entries) {
            if let text = rule.text, let parsed = TriggerRule(rawValue: text) {
                spec.triggerRule = parsed
            } else {
                let names = TriggerRule.allCases.map(\.rawValue)
                diagnostics.error("unknown trigger_rule '\(rule.text ?? "")'\(Suggestion.hint(for: rule.text ?? "", in: names)); use one of \(names.joined(separator: ", "))", at: rule.location)
            }
        }
        spec.retry = retryPolicy(entries, base: defaults.retry)
        spec.timeout = duration("timeout", in: entries, positive: true) ?? defaults.timeout
        spec.env = stringMap("env", in: entries)
        spec.workingDir = text("working_dir", in: entries)
        if let queue = text("queue", in: entries) {
            if QueueName.isValid(queue) {
                spec.queue = queue
            } else {
                diagnostics.error("queue '\(queue)' of task '\(id ?? "?")' must match \(QueueName.rule)", at: value("queue", in: entries)!.location)
            }
        }
        let typeKeys: [TaskTypeDescriptor.Key]
        if let descriptor = catalog[typeName] {
            typeKeys = descriptor.keys
        } else {
            let location = value("type", in: entries)?.location ?? item.location
            diagnostics.error("unknown task type '\(typeName)'\(Suggestion.hint(for: typeName, in: catalog.keys.sorted())); known types: \(catalog.keys.sorted().joined(separator: ", "))", at: location)
            typeKeys = []
        }
        let typeKeyNames = typeKeys.map(\.name)
        if catalog[typeName] != nil {
            checkKeys(entries, allowed: Self.commonTaskKeys + typeKeyNames, what: "task '\(id ?? "?")' of type '\(typeName)'")
            for key in typeKeys where key.required && value(key.name, in: entries) == nil {
                diagnostics.error("missing required key '\(key.name)' in task '\(id ?? "?")' of type '\(typeName)' (\(key.summary))", at: item.location)
            }
        }
        spec.config = entries.filter { typeKeyNames.contains($0.key) }
        return spec
    }

    // MARK: Typed readers

    func value(_ key: String, in entries: [ConfigEntry]) -> ConfigValue? {
        entries.first { $0.key == key }?.value
    }

    mutating func mapEntries(_ value: ConfigValue, what: String) -> [ConfigEntry]? {
        guard case .map(let entries, _) = value else {
            diagnostics.error("\(what) must be a mapping of keys to values", at: value.location)
            return nil
        }
        return entries
    }

    mutating func checkKeys(_ entries: [ConfigEntry], allowed: [String], what: String) {
        for entry in entries where !allowed.contains(entry.key) {
            diagnostics.error("unknown key '\(entry.key)' in \(what)\(Suggestion.hint(for: entry.key, in: allowed))", at: entry.keyLocation)
        }
    }

    mutating func text(_ key: String, in entries: [ConfigEntry]) -> String? {
        guard let found = value(key, in: entries) else { return nil }
        guard let text = found.text else {
            diagnostics.error("'\(key)' must be a single value, not a list or mapping", at: found.location)
            return nil
        }
        return text
    }

    mutating func requiredText(_ key: String, in entries: [ConfigEntry], at location: SourceLocation, owner: String) -> String? {
        guard value(key, in: entries) != nil else {
            diagnostics.error("missing required key '\(key)' in \(owner)", at: location)
            return nil
        }
        return text(key, in: entries)
    }

    /// The duration under `key`; with `positive`, zero is refused too (a timeout of 0s fails every attempt).
    mutating func duration(_ key: String, in entries: [ConfigEntry], positive: Bool = false) -> Duration? {
        guard let raw = text(key, in: entries) else { return nil }
        let location = value(key, in: entries)!.location
        do throws(DurationError) {
            let parsed = try DurationText.read(raw)
            guard !positive || parsed > .zero else {
                diagnostics.error("'\(key)' must be longer than 0s, got '\(raw)'", at: location)
                return nil
            }
            return parsed
        } catch {
            diagnostics.error("bad duration '\(raw)' for '\(key)' (\(error.advice))", at: location)
            return nil
        }
    }

    mutating func positiveInt(_ key: String, in entries: [ConfigEntry], allowZero: Bool = false) -> Int? {
        guard let raw = text(key, in: entries) else { return nil }
        guard let parsed = Int(raw), parsed > 0 || (allowZero && parsed == 0) else {
            diagnostics.error("'\(key)' must be a whole number \(allowZero ? ">= 0" : "> 0"), got '\(raw)'", at: value(key, in: entries)!.location)
            return nil
        }
        return parsed
    }

    mutating func stringList(_ key: String, in entries: [ConfigEntry]) -> [String] {
        guard let found = value(key, in: entries) else { return [] }
        switch found {
        case .scalar(let text, _): return [text]
        case .list(let items, _):
            return items.compactMap { item in
                if let text = item.text { return text }
                diagnostics.error("'\(key)' must list task ids", at: item.location)
                return nil
            }
        case .map:
            diagnostics.error("'\(key)' must be a list", at: found.location)
            return []
        }
    }

    mutating func stringMap(_ key: String, in entries: [ConfigEntry]) -> [(name: String, value: String)] {
        guard let found = value(key, in: entries) else { return [] }
        guard let pairs = mapEntries(found, what: "'\(key)'") else { return [] }
        return pairs.compactMap { pair in
            guard let text = pair.value.text else {
                diagnostics.error("'\(key).\(pair.key)' must be a single value", at: pair.value.location)
                return nil
            }
            return (pair.key, text)
        }
    }

    mutating func retryPolicy(_ entries: [ConfigEntry], base: RetryPolicy) -> RetryPolicy {
        var policy = base
        if let retries = positiveInt("retries", in: entries, allowZero: true) { policy.retries = retries }
        if let delay = duration("retry_delay", in: entries) { policy.delay = delay }
        if let maxDelay = duration("max_retry_delay", in: entries) { policy.maxDelay = maxDelay }
        if let raw = text("retry_backoff", in: entries) {
            if let backoff = RetryPolicy.Backoff(rawValue: raw) {
                policy.backoff = backoff
            } else {
                diagnostics.error("unknown retry_backoff '\(raw)'; use fixed or exponential", at: value("retry_backoff", in: entries)!.location)
            }
        }
        return policy
    }

    static func isName(_ text: String, allowDash: Bool) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 95 || (allowDash && byte == 45)
        }
    }
}
