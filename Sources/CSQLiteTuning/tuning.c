// SQLite keeps global memory statistics by default, and every allocation then takes one global
// mutex. Two threads upserting into two databases (a micro-batch's serving tables) spend their
// time queued on it. The setting must be made before SQLite initializes, and sqlite3_config is a
// C variadic function Swift cannot call, hence this constructor, run when the binary loads.
#include <sqlite3.h>
#include "CSQLiteTuning.h"

static int memstatus_disabled = 0;

__attribute__((constructor))
static void orchestrator_sqlite_tuning(void) {
    memstatus_disabled = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
}

int orchestrator_sqlite_memstatus_disabled(void) {
    return memstatus_disabled;
}
