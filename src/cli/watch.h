/* watch.h — watch mode of the bifolio command (watch.c). */
#ifndef BF_CLI_WATCH_H
#define BF_CLI_WATCH_H

#include <glib.h>

/* One run of the work: returns an exit code and sets *@warnings to the
 * number of warnings it printed. */
typedef int (*WatchJob) (gpointer data, int *warnings);

/* Runs @job, then again each time a file in one of @folders changes (other
 * than those in @ignored, full paths the job writes, and hidden files such
 * as temporaries), printing one line a run on standard error; @output names
 * what is written, for those lines.  Returns 0 when interrupted (SIGINT or
 * SIGTERM), or the job's exit code when its first run is bad usage (2). */
int watch_run (GPtrArray *folders, GHashTable *ignored, const char *output, WatchJob job,
               gpointer data);

#endif
