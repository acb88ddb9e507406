/// Names of the log files `install` and `uninstall` write into `logs_dir`,
/// and which old ones to delete (pymanager keeps a log per command in
/// `%TEMP%`; here they live in one folder and the newest `keep` stay).
///
/// A name is `py-<UTC yyyyMMdd-HHmmss>-<pid>-<command>.log`, e.g.
/// `py-20261206-213000-4242-install.log`: names sort by time, and files of
/// other programs in the folder never match.
public enum LogFileName {
    /// How many logs are kept after a new one is written.
    public static let kept = 20

    /// The name for a log of `command` started at `utc` (year, month, day,
    /// hour, minute, second) by process `pid`.
    public static func make(command: String, utc: [Int], pid: Int) -> String {
        let pad = zeroPadded
        let parts = utc + Array(repeating: 0, count: max(0, 6 - utc.count))
        let date = pad(parts[0], 4) + pad(parts[1], 2) + pad(parts[2], 2)
        let time = pad(parts[3], 2) + pad(parts[4], 2) + pad(parts[5], 2)
        let safeCommand = command.filter { $0.isLetter || $0.isNumber }
        return "py-\(date)-\(time)-\(pid)-\(safeCommand).log"
    }

    /// `v` in decimal with leading zeros to `width` digits (`zeroPadded(7, 2)` is `07`).
    public static func zeroPadded(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// True for a name `make` produces.
    public static func isLogName(_ name: String) -> Bool {
        guard name.hasPrefix("py-"), name.hasSuffix(".log") else { return false }
        let fields = name.dropFirst(3).dropLast(4).split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count == 4, fields[0].count == 8, fields[1].count == 6, !fields[2].isEmpty, !fields[3].isEmpty else {
            return false
        }
        return fields[0...2].allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
            && fields[3].allSatisfy { $0.isLetter || $0.isNumber }
    }

    /// The log names in `names` to delete so that the newest `keep` remain
    /// (other files are never chosen).
    public static func expired(_ names: [String], keep: Int = kept) -> [String] {
        let logs = names.filter(isLogName).sorted { order($0) < order($1) }
        return Array(logs.dropLast(max(0, keep)))
    }

    /// Time, then pid (numerically), then command: the order logs were written in.
    static func order(_ name: String) -> (String, Int, String) {
        let fields = name.dropFirst(3).dropLast(4).split(separator: "-")
        return (fields.prefix(2).joined(), Int(fields[2]) ?? 0, String(fields[3]))
    }
}
