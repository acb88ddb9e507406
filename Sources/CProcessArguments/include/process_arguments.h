#ifndef PROCESS_ARGUMENTS_H
#define PROCESS_ARGUMENTS_H

/// The argc and argv the C runtime passed to this process's constructors.
///
/// Swift's `CommandLine.arguments` on Linux finds argv by reading /proc/self/maps; when that read
/// fails (an I/O error, a seccomp filter, a fault injected in a test) it silently yields no
/// arguments, and `py install 3.12` would become a bare `py`. glibc hands argc and argv to every
/// ELF constructor, static or dynamic, so capturing them there needs no system call at all.
int pm_process_argc(void);
char **pm_process_argv(void);

#endif
