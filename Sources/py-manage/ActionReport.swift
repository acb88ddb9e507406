import PyCommandLine
import PyManagerCore
import PyManagerInstalls

/// What `install` or `uninstall` did for each requested tag: the document
/// `--format=json` prints (DESIGN.md "Scale": provisioning tools read it and
/// the exit status, and a second identical run reports no change).
///
/// ```json
/// {"command": "install", "changed": true, "log": "/home/u/.local/state/pymanager/logs/py-…-install.log",
///  "results": [{"tag": "3.14", "action": "installed", "id": "pythoncore-3.14-64",
///               "version": "3.14.2", "prefix": "/home/u/.local/share/pymanager/pythoncore-3.14-64"}]}
/// ```
final class ActionReport {
    enum Action: String {
        case installed, updated, removed
        case alreadyInstalled = "already-installed"
        case wouldInstall = "would-install"
        case wouldRemove = "would-remove"
        case notFound = "not-found"
        case failed

        /// True when the action changed the machine.
        var changes: Bool { self == .installed || self == .updated || self == .removed }
    }

    struct Outcome {
        var tag: String
        var action: Action
        var id: String?
        var version: String?
        var prefix: String?
        var error: String?
        /// Planned but not yet done: becomes `failed` if the command fails.
        var pending = false
    }

    let command: String
    /// True for `--format=json`.
    let isJSON: Bool
    private(set) var outcomes: [Outcome] = []
    /// The tags the command was asked for, so a failure before a tag was
    /// looked at still gives it an entry.
    var requestedTags: [String] = []

    /// - Throws: `UsageError` for a `--format` other than `json` or `text`.
    init(_ command: ParsedCommand) throws {
        self.command = command.name
        switch command.options["format"]?.lowercased() {
        case nil, "text": isJSON = false
        case "json": isJSON = true
        case let other?:
            throw UsageError(message: "Unknown format '\(other)' for \(command.name): use --format=json or --format=text.", command: command.name)
        }
    }

    /// Records the outcome for `tag`; `pending` ones wait for `complete(prefix:)`.
    func record(_ tag: String, _ action: Action, install: Install? = nil, entry: FeedEntry? = nil, prefix: String? = nil,
                error: String? = nil, pending: Bool = false) {
        let e = install?.entry ?? entry
        outcomes.append(Outcome(
            tag: tag, action: action, id: e?.id, version: e?.sortVersion, prefix: prefix ?? install?.prefix, error: error,
            pending: pending))
    }

    /// Marks the pending outcomes for `prefix` as done.
    func complete(prefix: String) {
        for i in outcomes.indices where outcomes[i].pending && outcomes[i].prefix == prefix { outcomes[i].pending = false }
    }

    /// Marks every pending outcome as done (a dry run's plans).
    func completeAll() {
        for i in outcomes.indices { outcomes[i].pending = false }
    }

    /// The command failed with `message`: pending outcomes, and requested tags
    /// without one, become `failed`.
    func fail(_ message: String) {
        for i in outcomes.indices where outcomes[i].pending {
            outcomes[i].action = .failed
            outcomes[i].error = message
            outcomes[i].pending = false
        }
        for tag in requestedTags where !outcomes.contains(where: { $0.tag == tag }) {
            outcomes.append(Outcome(tag: tag, action: .failed, error: message))
        }
    }

    var changed: Bool { outcomes.contains { $0.action.changes && !$0.pending } }

    func document(logFile: String?) -> JSONValue {
        func text(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }
        let results: [JSONValue] = outcomes.map { o in
            var fields: [(String, JSONValue)] = [
                ("tag", .string(o.tag)), ("action", .string(o.action.rawValue)), ("id", text(o.id)),
                ("version", text(o.version)), ("prefix", text(o.prefix)),
            ]
            if let error = o.error { fields.append(("error", .string(error))) }
            return .object(JSONObject(fields))
        }
        return .object(JSONObject([
            ("command", .string(command)), ("changed", .bool(changed)), ("log", text(logFile)), ("results", .array(results)),
        ]))
    }

    /// Prints the JSON document on stdout, for `--format=json`.
    func printIfJSON(logFile: String?) {
        if isJSON { print(document(logFile: logFile).prettyText()) }
    }
}

extension ActionReport {
    /// Runs a command's `body`, then prints the document (for `--format=json`),
    /// also when `body` fails (its error is still thrown, so the message and
    /// exit status do not change). A usage error prints no document.
    func running(logFile: String?, _ body: () throws -> Int32) throws -> Int32 {
        let status: Int32
        do {
            status = try body()
        } catch let error as UsageError {
            throw error
        } catch {
            fail(failureReport(error).message)
            printIfJSON(logFile: logFile)
            throw error
        }
        if status != ExitCode.success { fail("The command failed (exit status \(status)).") }
        printIfJSON(logFile: logFile)
        return status
    }
}
