#include "process_arguments.h"

static int captured_argc = 0;
static char **captured_argv = 0;

__attribute__((constructor))
static void pm_capture_arguments(int argc, char **argv, char **envp) {
    (void)envp;
    captured_argc = argc;
    captured_argv = argv;
}

int pm_process_argc(void) { return captured_argc; }

char **pm_process_argv(void) { return captured_argv; }
