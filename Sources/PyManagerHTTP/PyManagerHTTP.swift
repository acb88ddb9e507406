// PyManagerHTTP: downloads through libcurl. Knows nothing about Python.
//
// # Layout
// - `HTTPClient.swift`: the public client (`get`, `download`), retry and resume policy.
// - `HTTPError.swift`: the one error enum of this target and its messages.
// - `Transfer.swift`: `Transfer`, the owner of one curl easy handle, and the C callbacks.
// - `ProgressReporter.swift`: the one-line progress bar on stderr.
// - `Posix.swift`: the few libc calls (open, rename, errno text, clocks).
//
// C pointers never leave this target. Certificate verification is never turned off.
