// PyManagerIndex: turns python-build-standalone (PBS) release metadata into
// schema-1 `index.json` feeds, one per host triple (see Index/README.md).
//
// # Layout
// - `PBSMetadata.swift`: decodes `download-metadata.json` into `PBSDistribution`s.
// - `RuntimeVersion.swift`: `3.14.7`, `3.15.0rc1`; ordering and prerelease detection.
// - `HostTriple.swift`: `linux-x86_64-gnu`, its platform suffix (`-64`) and feed file names.
// - `FeedEntry.swift`: one `versions[]` entry, built from a distribution by the id/tag/alias rules.
// - `FeedBuilder.swift`: picks the distributions for one triple and splits them into pages.
// - `FeedJSON.swift`: deterministic JSON text (fixed key order, one entry per line).
// - `IndexGenerator.swift`: reads the metadata file and writes every feed into a folder.
// - `IndexError.swift`: the one error enum of this target.
//
// This target is a developer tool, not on the launch path, so it uses Foundation.
