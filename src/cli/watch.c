/* watch.c — watch mode: typeset, then watch the folders the document draws
 * on (its own, its pictures', its style sheets', the resource paths) with GLib's
 * GFileMonitor, and typeset again after every change.  Changes that come
 * together (an editor's save is several) are gathered for a moment into one
 * run.  Outputs are written through temporaries renamed into place, so a
 * viewer that reloads never sees half a file, and a run that fails leaves
 * the last good output as it was. */
#include "cli/watch.h"

#include <stdio.h>

#include <gio/gio.h>
#include <glib-unix.h>

/* How long after the last change a run starts. */
#define SETTLE_MS 150

typedef struct {
  GMainLoop *loop;
  GHashTable *ignored; /* full paths the job writes */
  const char *output;
  WatchJob job;
  gpointer data;
  guint pending;       /* the timeout of the next run, or 0 */
  int first_code;
} Watch;

static void
run_once (Watch *watch)
{
  int warnings = 0;
  gint64 start = g_get_monotonic_time ();
  int code = watch->job (watch->data, &warnings);
  double seconds = (g_get_monotonic_time () - start) / 1e6;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *clock = g_date_time_format (now, "%H:%M:%S");
  if (code == 0)
    fprintf (stderr, "bifolio: %s: wrote %s in %.2f s, %d warning%s\n", clock, watch->output,
             seconds, warnings, warnings == 1 ? "" : "s");
  else
    fprintf (stderr, "bifolio: %s: failed (exit %d); %s is left as it was\n", clock, code,
             watch->output);
  fflush (stderr);
  watch->first_code = code;
}

static gboolean
run_after_changes (gpointer data)
{
  Watch *watch = data;
  watch->pending = 0;
  run_once (watch);
  return G_SOURCE_REMOVE;
}

static void
on_change (GFileMonitor *monitor, GFile *file, GFile *other, GFileMonitorEvent event,
           gpointer data)
{
  Watch *watch = data;
  /* A file being written gives CHANGED at each write and CHANGES_DONE_HINT
   * when it is closed: only the whole file counts. */
  if (event != G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT && event != G_FILE_MONITOR_EVENT_CREATED
      && event != G_FILE_MONITOR_EVENT_DELETED && event != G_FILE_MONITOR_EVENT_RENAMED
      && event != G_FILE_MONITOR_EVENT_MOVED_IN && event != G_FILE_MONITOR_EVENT_MOVED_OUT)
    return;
  /* What the job writes, and hidden files, are not the document; nor are
   * temporaries: named ".NAME.XXXXXX", or unnamed (O_TMPFILE), which
   * inotify reports as "#INODE". */
  GFile *changed = event == G_FILE_MONITOR_EVENT_RENAMED && other ? other : file;
  g_autofree char *path = g_file_get_path (changed);
  g_autofree char *name = g_file_get_basename (changed);
  if (!path || !name || name[0] == '.' || name[0] == '#'
      || g_hash_table_contains (watch->ignored, path))
    return;
  if (watch->pending)
    g_source_remove (watch->pending);
  watch->pending = g_timeout_add (SETTLE_MS, run_after_changes, watch);
}

static gboolean
on_signal (gpointer data)
{
  g_main_loop_quit (((Watch *) data)->loop);
  return G_SOURCE_CONTINUE;
}

int
watch_run (GPtrArray *folders, GHashTable *ignored, const char *output, WatchJob job,
           gpointer data)
{
  Watch watch = { .ignored = ignored, .output = output, .job = job, .data = data };
  g_autoptr (GPtrArray) monitors = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < folders->len; i++)
    {
      const char *folder = folders->pdata[i];
      if (!g_hash_table_add (seen, (gpointer) folder))
        continue;
      g_autoptr (GFile) dir = g_file_new_for_path (folder);
      g_autoptr (GError) error = NULL;
      GFileMonitor *monitor = g_file_monitor_directory (dir, G_FILE_MONITOR_WATCH_MOVES, NULL,
                                                        &error);
      if (!monitor)
        {
          fprintf (stderr, "bifolio: %s: cannot watch: %s\n", folder, error->message);
          return 1;
        }
      g_signal_connect (monitor, "changed", G_CALLBACK (on_change), &watch);
      g_ptr_array_add (monitors, monitor);
    }
  /* Ctrl-C during a run is taken when the run is over: outputs are never
   * left half written. */
  watch.loop = g_main_loop_new (NULL, FALSE);
  guint sigint = g_unix_signal_add (SIGINT, on_signal, &watch);
  guint sigterm = g_unix_signal_add (SIGTERM, on_signal, &watch);
  run_once (&watch);
  if (watch.first_code != 2)
    {
      fprintf (stderr, "bifolio: watching %u folder%s; Ctrl-C stops\n", monitors->len,
               monitors->len == 1 ? "" : "s");
      g_main_loop_run (watch.loop);
    }
  g_source_remove (sigint);
  g_source_remove (sigterm);
  if (watch.pending)
    g_source_remove (watch.pending);
  g_main_loop_unref (watch.loop);
  return watch.first_code == 2 ? 2 : 0;
}
