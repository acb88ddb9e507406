import Foundation
import Testing
import TestSupport

/// `py completion bash|zsh|fish`, run for real in each shell (bash with Debian's
/// bash-completion, zsh's completion system through zsh/zpty, fish's `complete -C`),
/// against the built `py` on PATH with fake installs and the bundled index.
@Suite(.serialized) struct CompletionTests {
    /// One completion request and what must (and must not) be offered.
    struct Case: Sendable, CustomTestStringConvertible {
        /// The words on the line; the last is the one being completed.
        var words: [String]
        var includes: [String]
        var excludes: [String] = []
        /// Every candidate must start with this.
        var prefix: String? = nil
        var testDescription: String { words.joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(words: ["py", "ins"], includes: ["install"], excludes: ["uninstall", "list"]),
        Case(words: ["py", ""], includes: ["list", "install", "uninstall", "help", "completion", "exec", "script.py"]),
        Case(words: ["py", "-"], includes: ["-V:", "-0", "-0p", "--list"], excludes: ["install"]),
        Case(words: ["py", "-V:3.1"], includes: ["-V:3.13", "-V:3.12", "-V:3.14t"], excludes: ["-V:3.9"], prefix: "-V:3.1"),
        Case(words: ["py", "exec", "-V:Py"], includes: ["-V:PyPy/3.11"], prefix: "-V:PyPy/"),
        Case(words: ["py", "install", "--dr"], includes: ["--dry-run"], excludes: ["--force"]),
        Case(words: ["py", "install", "3.1"], includes: ["3.14", "3.13t", "3.10"], excludes: ["3.9"], prefix: "3.1"),
        Case(words: ["py", "uninstall", ""], includes: ["3.13", "3.14-64", "PyPy/3.11"], excludes: ["3.10", "script.py"]),
        Case(words: ["py", "uninstall", "--"], includes: ["--purge", "--format", "--dry-run", "--verbose", "--config"], excludes: ["--force"]),
        Case(words: ["py", "list", "-f", ""], includes: ["table", "csv", "json", "jsonl", "exe", "prefix", "id", "url"]),
        Case(words: ["py", "help", ""], includes: ["list", "install", "uninstall", "completion"]),
        Case(words: ["py", "completion", ""], includes: ["bash", "zsh", "fish"]),
        Case(words: ["py", "script.py", ""], includes: ["script.py"], excludes: ["install"]),
    ]

    /// A fixture with the standard fake installs, a script in the working folder, and the
    /// built `py` first on PATH (the scripts call it by the name typed: `py`).
    func fixture() throws -> CLIFixture {
        let fixture = try CLIFixture(label: "completion")
        try fixture.root.write("print(1)\n", to: "work/script.py")
        fixture.root.environment["PATH"] = (CLIBinary.py as NSString).deletingLastPathComponent + ":/usr/bin:/bin"
        // The bundled index is read for `install` tags; a source URL must not be fetched.
        fixture.root.environment["PYTHON_MANAGER_SOURCE_URL"] = "https://127.0.0.1:9/never-fetched.json"
        return fixture
    }

    func check(_ candidates: [String], _ c: Case, shell: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for word in c.includes {
            #expect(candidates.contains(word), "\(shell): '\(c.testDescription)' lacks \(word): \(candidates)", sourceLocation: sourceLocation)
        }
        for word in c.excludes {
            #expect(!candidates.contains(word), "\(shell): '\(c.testDescription)' offers \(word)", sourceLocation: sourceLocation)
        }
        if let prefix = c.prefix {
            #expect(candidates.allSatisfy { $0.hasPrefix(prefix) }, "\(shell): \(candidates)", sourceLocation: sourceLocation)
        }
    }

    // MARK: bash

    static let bashDriver = #"""
        set -u
        source /usr/share/bash-completion/bash_completion || exit 3
        source <(py completion bash) || exit 4
        # bash splits "-V:3.1" at ':' (COMP_WORDBREAKS) before calling the function.
        words=()
        for w in "$@"; do
            if [[ $w == *:* ]]; then words+=("${w%%:*}" ":" "${w#*:}"); else words+=("$w"); fi
        done
        [[ ${words[-1]} == "" && ${words[-2]} == ":" ]] && unset 'words[-1]' && words+=("")
        COMP_WORDS=("${words[@]}")
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        COMP_LINE="$*"
        COMP_POINT=${#COMP_LINE}
        COMPREPLY=()
        _py
        printf '%s\n' "${COMPREPLY[@]}"
        """#

    @Test("bash", arguments: cases)
    func bash(_ c: Case) throws {
        let fixture = try fixture()
        let driver = try fixture.root.write(Self.bashDriver, to: "bash-driver.sh")
        let result = try fixture.root.run("/bin/bash", [driver] + c.words)
        #expect(result.status == 0, "\(result.stderr)")
        // bash shows what follows the last ':' of the word; put the word's start back for the check.
        var candidates = CLILines(result.stdout).map { $0.hasSuffix("=") ? String($0.dropLast()) : $0 }
        if let last = c.words.last, let colon = last.lastIndex(of: ":") {
            candidates = candidates.map { String(last[...colon]) + $0 }
        }
        check(candidates, c, shell: "bash")
    }

    // MARK: zsh

    static let zshDriver = #"""
# Usage: zsh zcap.zsh <fpath dir> <command line>; prints each completion candidate on its own line.
zmodload zsh/zpty || { print -u2 'zsh/zpty is missing'; exit 1 }
fdir=$1; line=$2
zpty z zsh -f -i
zpty -w z "PROMPT='' RPROMPT='' fpath=($fdir \$fpath)"
zpty -w z 'autoload -U compinit && compinit -u -d $TMPDIR/zcompdump'
zpty -w z 'zstyle ":completion:*" list-grouped false; zstyle ":completion:*" insert-tab false; zstyle ":completion:*" list-separator ""'
zpty -w z 'bindkey "^I" complete-word'
zpty -w z '__cap_mark() { print -rn -- $'"'"'\x1f'"'"' }'
zpty -w z 'compprefuncs=(__cap_mark); comppostfuncs=(__cap_mark exit)'
zpty -w z 'compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  typeset -a __hits __dscr __tmp
  if (( $@[(I)-d] )); then
    __tmp=${@[$[${@[(i)-d]}+1]]}
    if [[ $__tmp == \(* ]]; then eval "__dscr=$__tmp"; else __dscr=( "${(@P)__tmp}" ); fi
  fi
  builtin compadd -A __hits -D __dscr "$@"
  setopt localoptions norcexpandparam extendedglob
  typeset -A apre hpre hsuf asuf
  zparseopts -E P:=apre p:=hpre S:=asuf s:=hsuf
  local i
  for i in {1..$#__hits}; do print -r -- "CAND:$IPREFIX$apre[-P]$hpre[-p]$__hits[$i]$hsuf[-s]"; done
}'
zpty -w z "$line"$'\t'
out=""
integer deadline=$(( SECONDS + 15 ))
while (( SECONDS < deadline )); do
  if zpty -r -t z chunk 2>/dev/null; then
    out+=$chunk
    [[ $out == *$'\x1f'*$'\x1f'* ]] && break
  else
    sleep 0.02
  fi
done
print -r -- "$out" | tr '\r\037' '\n\n' | grep '^CAND:' | sed 's/^CAND://' | sort -u
zpty -d z
"""#

    @Test("zsh", arguments: cases)
    func zsh(_ c: Case) throws {
        let fixture = try fixture()
        let functions = fixture.root.path + "/zsh-functions"
        try FileManager.default.createDirectory(atPath: functions, withIntermediateDirectories: true)
        let script = try fixture.py(["completion", "zsh"])
        try script.stdout.write(toFile: functions + "/_py", atomically: true, encoding: .utf8)
        let driver = try fixture.root.write(Self.zshDriver, to: "zsh-driver.zsh")
        let line = c.words.joined(separator: " ")
        let result = try fixture.root.run("/usr/bin/zsh", ["-f", driver, functions, line], timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        check(CLILines(result.stdout), c, shell: "zsh")
    }

    // MARK: fish

    @Test("fish", arguments: cases)
    func fish(_ c: Case) throws {
        let fixture = try fixture()
        let line = c.words.joined(separator: " ")
        let command = "py completion fish | source; complete -C \(fishQuoted(line))"
        let result = try fixture.root.run("/usr/bin/fish", ["--no-config", "-c", command])
        #expect(result.status == 0, "\(result.stderr)")
        let candidates = CLILines(result.stdout).map { String($0.prefix { $0 != "\t" }) }
        check(candidates, c, shell: "fish")
    }

    func fishQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    // MARK: the help text and the scripts agree

    /// The option spellings `py help <command>` documents (`-f, --format=<FMT>` → `-f`, `--format`).
    func documentedOptions(_ help: String) -> Set<String> {
        let section = help.components(separatedBy: "\nGlobal options").first ?? help
        var names: Set<String> = []
        for line in section.split(separator: "\n") where line.hasPrefix("    -") {
            let label = line.dropFirst(4).components(separatedBy: "  ").first ?? ""
            for part in label.components(separatedBy: ", ") {
                names.insert(part.components(separatedBy: "=").first ?? part)
            }
        }
        return names
    }

    @Test("every option in each command's help is completed by each shell, and nothing else")
    func helpAndCompletionAgree() throws {
        let fixture = try fixture()
        let global = documentedOptions(try fixture.py(["help"]).stdout.components(separatedBy: "Global options").last ?? "")
            .union(["-v", "--verbose", "-vv", "-q", "--quiet", "-qq", "-y", "--yes", "-h", "--help", "--config"])
        let bashDriver = try fixture.root.write(Self.bashDriver, to: "bash-driver.sh")
        for command in ["list", "install", "uninstall"] {
            let help = try fixture.py(["help", command])
            let expected = documentedOptions(help.stdout).union(global).subtracting(["-?"])
            #expect(!documentedOptions(help.stdout).isEmpty)
            let bash = try fixture.root.run("/bin/bash", [bashDriver, "py", command, "-"])
            let bashOffered = Set(CLILines(bash.stdout).map { $0.hasSuffix("=") ? String($0.dropLast()) : $0 })
            #expect(bashOffered == expected, "bash \(command): \(bashOffered.symmetricDifference(expected))")
            let fish = try fixture.root.run("/usr/bin/fish", ["--no-config", "-c", "py completion fish | source; complete -C 'py \(command) -'"])
            let fishOffered = Set(CLILines(fish.stdout).map { String($0.prefix { $0 != "\t" }) })
            #expect(expected.isSubset(of: fishOffered), "fish \(command) lacks \(expected.subtracting(fishOffered))")
        }
    }

    @Test("an unknown shell is a usage error")
    func unknownShell() throws {
        let fixture = try fixture()
        let result = try fixture.py(["completion", "powershell"])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("bash, zsh or fish"))
    }
}
