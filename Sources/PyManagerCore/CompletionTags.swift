/// The tags a shell completion offers for runtimes (installed ones for
/// `uninstall` and `-V:`, the bundled index's for `install`): each entry's
/// `tag` and `install-for` tags, also without the default platform suffix
/// (`3.14-64` and `3.14` on x86_64), with `Company/` in front unless the
/// company is PythonCore. In the entries' order, without repeats.
///
/// `[PythonCore 3.14-64 (install-for 3.14.2-64)]`, `-64` → `3.14-64 3.14 3.14.2-64 3.14.2`.
public func completionTags(_ entries: [FeedEntry], defaultPlatform: String) -> [String] {
    var seen: Set<String> = []
    var result: [String] = []
    for entry in entries {
        let company = entry.company.lowercased() == "pythoncore" ? "" : entry.company + "/"
        for tag in [entry.tag] + entry.installFor where !tag.isEmpty {
            var forms = [tag]
            if !defaultPlatform.isEmpty, tag.hasSuffix(defaultPlatform), tag.count > defaultPlatform.count {
                forms.append(String(tag.dropLast(defaultPlatform.count)))
            }
            for form in forms where seen.insert((company + form).lowercased()).inserted {
                result.append(company + form)
            }
        }
    }
    return result
}
