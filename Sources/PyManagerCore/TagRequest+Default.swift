// The word `default` where a tag is expected (seed 4.1.5): `py -V:default`,
// `py list default`, `py list --one default`, `py install default`.
//
// `TagRequest(parsing:)` still rejects the word, as pymanager's `tag_or_range`
// does: each command replaces it first, by the rules below.

extension TagRequest {
    /// True for `default` in any case, ignoring surrounding spaces (`" Default "`).
    public static func isDefaultKeyword(_ text: String) -> Bool {
        var s = Substring(text)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s.lowercased() == "default"
    }

    /// What the filter `default` means in `py list`: the explicit default install
    /// (the active virtual environment) when there is one, so `.any` (which matches
    /// only the install marked default); otherwise `defaultTag` as a filter, as
    /// pymanager's list does (an empty `defaultTag` means `3`).
    ///
    /// Example: with no virtual environment and `default_tag` `3.13`,
    /// `py list default` lists what `py list 3.13` lists.
    ///
    /// - Throws: the `TagRequest(parsing:)` errors for a bad `defaultTag`.
    public static func defaultFilter(defaultTag: String, hasExplicitDefault: Bool) throws(TagError) -> TagRequest {
        if hasExplicitDefault { return .any }
        let tag = defaultTag.allSatisfy { $0 == " " || $0 == "\t" } ? "3" : defaultTag
        return try TagRequest(parsing: tag)
    }
}
