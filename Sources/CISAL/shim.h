// ISA-L's igzip: a streaming gzip/deflate decoder about twice as fast as zlib's
// inflate (bench/README.md). Only py-manage links it, through PyManagerArchive.
#ifndef PYMANAGER_CISAL_SHIM_H
#define PYMANAGER_CISAL_SHIM_H

#include <isa-l/igzip_lib.h>

#endif
