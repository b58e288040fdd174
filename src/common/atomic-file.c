/* atomic-file.c — outputs are written to a temporary file beside the target
 * and renamed into place only when complete (DESIGN.md, rules of the road). */
#include "common/common.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

BfAtomicFile *
bf_atomic_file_new (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmpl = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: is a folder", path);
      return NULL;
    }
  int fd = g_mkstemp_full (tmpl, O_WRONLY, 0644);
  if (fd < 0)
    {
      int e = errno;
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: cannot write: %s", path,
                   g_strerror (e));
      return NULL;
    }
  BfAtomicFile *file = g_new0 (BfAtomicFile, 1);
  file->path = g_strdup (path);
  file->tmp_path = g_steal_pointer (&tmpl);
  file->stream = fdopen (fd, "wb");
  return file;
}

gboolean
bf_atomic_file_commit (BfAtomicFile *file, GError **error)
{
  int failed = 0, e = 0;
  if (file->stream)
    {
      failed = fflush (file->stream) != 0 || ferror (file->stream);
      if (!failed)
        failed = fsync (fileno (file->stream)) != 0;
      e = errno;
      failed |= fclose (file->stream) != 0;
      if (!e)
        e = errno;
      file->stream = NULL;
    }
  if (!failed && g_rename (file->tmp_path, file->path) != 0)
    {
      failed = 1;
      e = errno;
    }
  if (failed)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: cannot write: %s",
                   file->path, g_strerror (e ? e : EIO));
      g_unlink (file->tmp_path);
    }
  g_clear_pointer (&file->tmp_path, g_free);
  return !failed;
}

void
bf_atomic_file_free (BfAtomicFile *file)
{
  if (!file)
    return;
  if (file->stream)
    fclose (file->stream);
  if (file->tmp_path)
    g_unlink (file->tmp_path);
  g_free (file->tmp_path);
  g_free (file->path);
  g_free (file);
}
