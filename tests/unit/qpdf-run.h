/* qpdf-run.h — for the unit tests: what the qpdf command says of a PDF
 * held in memory (written to a temporary file of its own). */
#ifndef BF_TEST_QPDF_RUN_H
#define BF_TEST_QPDF_RUN_H

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

/* qpdf's output for @pdf with @args; its exit status in *@status. */
static char *
qpdf (GBytes *pdf, const char *args, int *status)
{
  GError *error = NULL;
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("bifolio-test-XXXXXX.pdf", &path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf),
                                      NULL));
  g_autofree char *command = g_strdup_printf ("qpdf %s %s", args, path);
  char *out = NULL;
  g_assert_true (g_spawn_command_line_sync (command, &out, NULL, status, NULL));
  g_unlink (path);
  return out;
}

/* qpdf --check finds @pdf sound. */
static void
assert_qpdf_sound (GBytes *pdf)
{
  int status;
  g_autofree char *check = qpdf (pdf, "--check", &status);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (check, "No syntax or stream encoding errors"));
}

#endif
