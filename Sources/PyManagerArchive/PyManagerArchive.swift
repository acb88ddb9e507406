// PyManagerArchive: safe extraction through libarchive. Knows nothing about Python.
//
// # Layout
// - `Extract.swift`: the public `extract` and `listMembers` functions and the single-pass flow.
// - `StreamingChecks.swift`: the checks each header passes as it arrives, before it is written.
// - `ExtractionPlan.swift`: pure validation of the whole member list (paths, links, types) and the
//   common-top-level strip. No I/O; unit-testable with plain values.
// - `ArchiveMember.swift`: what a header says about one member.
// - `ArchiveError.swift`: the one error enum of this target and its messages.
// - `LibArchive.swift`: `ArchiveReader`, the owner of a libarchive read handle.
// - `GzipDecoder.swift` / `GzipSource.swift`: `.tar.gz` inflated with ISA-L's igzip on a third thread and
//   handed to libarchive as a plain tar.
// - `TreeWriter.swift`: creates the checked members with `*at` calls that never follow a symlink.
// - `WriteQueue.swift`: the second thread that performs the disk writes in order.
// - `Posix.swift`: mkdir, realpath, recursive removal, the strip's renames, errno text.
//
// C pointers never leave this target.
