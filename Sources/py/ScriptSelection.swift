import PyManagerCore
import PyManagerInstalls

/// Chooses what to launch, first match wins (DESIGN.md "Launching"):
/// 1. `-V:<TAG>` / `-3.<N>` on the command line;
/// 2. otherwise the default: the active virtual environment, then
///    `default_tag` (`PYTHON_MANAGER_DEFAULT`), then the best install.
func chooseRequest(tagOption: String?, pythonArguments: [String], context: Context, log: Log) -> LaunchRequest {
    if let tagOption {
        return LaunchRequest(tag: tagOption, reason: "requested on the command line")
    }
    let source = context.settings.store.source(of: "default_tag") ?? "the built-in default"
    return LaunchRequest(tag: nil, reason: "default (default_tag '\(context.settings.defaultTag)' from \(source))")
}
