/* test-atomic-file.c — outputs written through a temporary beside the target:
 * a complete write lands, and a stream that cannot be opened on the
 * temporary is an error that leaves no descriptor and no file behind.
 *
 * The test is linked with -Wl,--wrap=fdopen, so it can make fdopen fail as
 * it does when memory runs out. */
#include "common/common.h"

#include <errno.h>
#include <glib/gstdio.h>

FILE *__real_fdopen (int fd, const char *mode);
FILE *__wrap_fdopen (int fd, const char *mode);

static gboolean fail_fdopen;

FILE *
__wrap_fdopen (int fd, const char *mode)
{
  if (fail_fdopen)
    {
      errno = ENOMEM;
      return NULL;
    }
  return __real_fdopen (fd, mode);
}

static guint
count_open_descriptors (void)
{
  g_autoptr (GDir) d = g_dir_open ("/proc/self/fd", 0, NULL);
  g_assert_nonnull (d);
  guint n = 0;
  while (g_dir_read_name (d))
    n++;
  return n;
}

static guint
count_entries (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  guint n = 0;
  while (g_dir_read_name (d))
    n++;
  return n;
}

static void
test_write (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bifolio-atomic-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "out.txt", NULL);
  g_autoptr (GBytes) bytes = g_bytes_new_static ("written\n", 8);
  GError *error = NULL;
  g_assert_true (bf_atomic_file_write_bytes (path, bytes, &error));
  g_assert_no_error (error);
  g_autofree char *back = NULL;
  g_file_get_contents (path, &back, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back, ==, "written\n");
  g_assert_cmpuint (count_entries (dir), ==, 1);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_fdopen_fails (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bifolio-atomic-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "out.txt", NULL);
  guint before = count_open_descriptors ();
  GError *error = NULL;
  fail_fdopen = TRUE;
  BfAtomicFile *file = bf_atomic_file_new (path, &error);
  fail_fdopen = FALSE;
  g_assert_null (file);
  g_assert_error (error, BF_ERROR, BF_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "out.txt"));
  g_clear_error (&error);
  bf_atomic_file_free (file);
  /* The temporary's descriptor is closed, and no file is left. */
  g_assert_cmpuint (count_open_descriptors (), ==, before);
  g_assert_cmpuint (count_entries (dir), ==, 0);

  /* The whole write fails the same way, with no crash on a NULL stream. */
  g_autoptr (GBytes) bytes = g_bytes_new_static ("lost\n", 5);
  fail_fdopen = TRUE;
  gboolean written = bf_atomic_file_write_bytes (path, bytes, &error);
  fail_fdopen = FALSE;
  g_assert_false (written);
  g_assert_error (error, BF_ERROR, BF_ERROR_IO);
  g_clear_error (&error);
  g_assert_cmpuint (count_open_descriptors (), ==, before);
  g_assert_cmpuint (count_entries (dir), ==, 0);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/atomic-file/write", test_write);
  g_test_add_func ("/atomic-file/fdopen-fails", test_fdopen_fails);
  return g_test_run ();
}
