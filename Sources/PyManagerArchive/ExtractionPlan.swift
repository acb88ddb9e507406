/// The check of the whole member list: where each member goes, or that it is skipped.
///
/// `extract` builds it once every header has been read (and `StreamingChecks` let each member be
/// written); a refusal here removes everything written, so a hostile member anywhere in the archive
/// leaves nothing behind. It also decides the common-top-level strip. Symlinks are only created after
/// it passes.
struct ExtractionPlan: Equatable {
    /// One planned member, in archive order.
    struct Step: Equatable {
        /// The path as stored.
        var member: String
        /// Destination-relative path (components joined by "/"), or nil to skip (the stripped top folder).
        var relativePath: String?
        /// For hard links: the destination-relative path of the file they link to.
        var hardlinkTarget: String?
    }

    /// The top-level folder removed from every path, if any.
    var strippedPrefix: String?
    var steps: [Step]

    /// Validates `members` and decides their destinations.
    ///
    /// Refuses (throwing `.unsafeMember` naming the first offending member):
    /// 1. absolute paths and `..` components (in member paths and hard-link targets);
    /// 2. device nodes, fifos, sockets and unknown types;
    /// 3. a path appearing twice, unless both are directories;
    /// 4. a path below a member that is a symlink or a file (writing "through" it);
    /// 5. symlinks whose target, resolved through the archive's own symlinks, leaves the destination;
    /// 6. hard links whose target is not a regular file stored earlier (after stripping).
    ///
    /// With `stripCommonTopLevel`, when every member lies under one top-level folder (`python/…`)
    /// that folder is removed from paths and hard-link targets, and its own entry is skipped.
    init(members: [ArchiveMember], stripCommonTopLevel: Bool, archive: String) throws(ArchiveError) {
        func refuse(_ member: ArchiveMember, _ reason: UnsafeMemberReason) -> ArchiveError {
            .unsafeMember(archive: archive, member: member.path, reason: reason)
        }

        // 1 and 2: normalise every path, refuse bad types.
        var normalized: [[String]] = []
        for member in members {
            if case .other(let type) = member.kind { throw refuse(member, .unsupportedType(type)) }
            let components: [String]
            switch Self.components(of: member.path) {
            case .valid(let value): components = value
            case .refused(let reason): throw refuse(member, reason)
            }
            if components.isEmpty && member.kind != .directory { throw refuse(member, .emptyPath) }
            if case .hardlink(let target) = member.kind, case .refused(let reason) = Self.components(of: target) {
                throw refuse(member, reason)
            }
            normalized.append(components)
        }

        let prefix = stripCommonTopLevel ? Self.commonTopLevel(members: members, normalized: normalized) : nil
        strippedPrefix = prefix

        func strip(_ components: [String]) -> [String]? {
            guard let prefix else { return components }
            guard components.first == prefix else { return nil }
            return Array(components.dropFirst())
        }

        // 3: build the final state, refusing duplicates.
        var kinds: [String: ArchiveMember.Kind] = [:]
        var relative: [[String]?] = []
        for (member, components) in zip(members, normalized) {
            guard let stripped = strip(components), !stripped.isEmpty else {
                relative.append(nil)  // the top-level folder itself, or the archive root "./"
                continue
            }
            let key = stripped.joined(separator: "/")
            if let existing = kinds[key], !(existing == .directory && member.kind == .directory) {
                throw refuse(member, .duplicate)
            }
            kinds[key] = member.kind
            relative.append(stripped)
        }
        var symlinks: [String: String] = [:]
        for (key, kind) in kinds {
            if case .symlink(let target) = kind { symlinks[key] = target }
        }

        // 4, 5, 6: check each member against the final state.
        var filesSoFar: Set<String> = []
        var steps: [Step] = []
        for (index, member) in members.enumerated() {
            guard let path = relative[index] else {
                steps.append(Step(member: member.path, relativePath: nil, hardlinkTarget: nil))
                continue
            }
            for depth in 1..<max(1, path.count) {
                let parent = path.prefix(depth).joined(separator: "/")
                if let kind = kinds[parent], kind != .directory {
                    throw refuse(member, .insideNonDirectory(parent: parent))
                }
            }
            let key = path.joined(separator: "/")
            var hardlinkTarget: String? = nil
            switch member.kind {
            case .symlink(let target):
                let inside =
                    !target.isEmpty && !target.hasPrefix("/")
                    && Self.resolve(from: Array(path.dropLast()), target, symlinks: symlinks) != nil
                if !inside { throw refuse(member, .linkOutsideDestination(target: target)) }
            case .hardlink(let target):
                guard case .valid(let targetComponents) = Self.components(of: target),
                    let strippedTarget = strip(targetComponents), !strippedTarget.isEmpty,
                    filesSoFar.contains(strippedTarget.joined(separator: "/"))
                else { throw refuse(member, .hardLinkTargetNotInArchive(target: target)) }
                hardlinkTarget = strippedTarget.joined(separator: "/")
                filesSoFar.insert(key)
            case .file:
                filesSoFar.insert(key)
            case .directory, .other:
                break
            }
            steps.append(Step(member: member.path, relativePath: key, hardlinkTarget: hardlinkTarget))
        }
        self.steps = steps
    }

    /// The path's components without empty and `.` parts; fails on absolute paths and `..`.
    ///
    /// `./python//bin/` → `["python", "bin"]`; `/etc` and `a/../b` fail.
    static func components(of path: String) -> PathComponents {
        if path.hasPrefix("/") { return .refused(.absolutePath) }
        var result: [String] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { return .refused(.parentDirectoryReference) }
            result.append(String(part))
        }
        return .valid(result)
    }

    /// The single top-level folder every member lies under, if there is one.
    ///
    /// It must be a directory (or only implied by deeper paths) and at least one member must lie below it.
    static func commonTopLevel(members: [ArchiveMember], normalized: [[String]]) -> String? {
        var top: String? = nil
        var hasDeeper = false
        for (member, components) in zip(members, normalized) {
            guard let first = components.first else { continue }  // "./" itself
            if let top, top != first { return nil }
            top = first
            if components.count == 1 && member.kind != .directory { return nil }
            if components.count > 1 { hasDeeper = true }
        }
        return hasDeeper ? top : nil
    }

    /// Resolves `target` relative to the folder `start` the way the kernel would, following the
    /// archive's `symlinks` (destination-relative path → stored target). Returns the resolved
    /// components, or nil when the path leaves the destination, is absolute, or loops.
    static func resolve(from start: [String], _ target: String, symlinks: [String: String]) -> [String]? {
        var resolved = start
        var pending = target.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var expansions = 0
        while !pending.isEmpty {
            let part = pending.removeFirst()
            if part == "." { continue }
            if part == ".." {
                guard !resolved.isEmpty else { return nil }
                resolved.removeLast()
                continue
            }
            resolved.append(part)
            if let link = symlinks[resolved.joined(separator: "/")] {
                expansions += 1
                guard expansions <= 40, !link.hasPrefix("/") else { return nil }
                resolved.removeLast()
                pending = link.split(separator: "/", omittingEmptySubsequences: true).map(String.init) + pending
            }
        }
        return resolved
    }
}

/// A member path split into components, or why it was refused.
enum PathComponents: Equatable {
    case valid([String])
    case refused(UnsafeMemberReason)
}
