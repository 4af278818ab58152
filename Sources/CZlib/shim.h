#ifndef ORCHESTRATOR_CZLIB_SHIM_H
#define ORCHESTRATOR_CZLIB_SHIM_H
#include <zlib.h>
#endif
