// libarchive's read and write-to-disk APIs are plain (non-variadic) C, so this
// header only gathers them into one module.
#ifndef PYMANAGER_CARCHIVE_SHIM_H
#define PYMANAGER_CARCHIVE_SHIM_H

#include <archive.h>
#include <archive_entry.h>

#endif
