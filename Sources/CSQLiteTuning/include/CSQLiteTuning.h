#ifndef CSQLITE_TUNING_H
#define CSQLITE_TUNING_H

/// Returns 1 when SQLite's memory statistics were switched off at load time (see tuning.c).
int orchestrator_sqlite_memstatus_disabled(void);

#endif
