/* atomic-file.c — outputs are written to a temporary file beside the target
 * and renamed into place only when complete (docs/design.md, rules of the road).
 *
 * Where the file system allows, the temporary is an unnamed O_TMPFILE: a
 * process killed while writing leaves nothing behind.  It gets a name only
 * at commit, just before the rename.  Elsewhere a named temporary
 * (".NAME.XXXXXX") is used and removed on every failure we can see. */
#define _GNU_SOURCE
#include "common/common.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>

static void
set_io_error (GError **error, const char *path, int e)
{
  g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: cannot write: %s", path,
               g_strerror (e ? e : EIO));
}

BfAtomicFile *
bf_atomic_file_new (const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "%s: is a folder", path);
      return NULL;
    }
  BfAtomicFile *file = g_new0 (BfAtomicFile, 1);
  file->path = g_strdup (path);
  int fd = -1;
#ifdef O_TMPFILE
  fd = open (dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
#endif
  if (fd < 0)
    {
      g_autofree char *base = g_path_get_basename (path);
      file->tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
      fd = g_mkstemp_full (file->tmp_path, O_WRONLY | O_CLOEXEC, 0644);
      if (fd < 0)
        {
          set_io_error (error, path, errno == ENOENT || errno == ENOTDIR ? ENOENT : errno);
          g_clear_pointer (&file->tmp_path, g_free);
          bf_atomic_file_free (file);
          return NULL;
        }
    }
  file->stream = fdopen (fd, "wb");
  if (!file->stream)
    {
      set_io_error (error, path, errno);
      close (fd);
      bf_atomic_file_free (file);
      return NULL;
    }
  return file;
}

/* Gives an unnamed temporary a name beside the target. */
static int
name_temporary (BfAtomicFile *file)
{
  g_autofree char *dir = g_path_get_dirname (file->path);
  g_autofree char *base = g_path_get_basename (file->path);
  g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", fileno (file->stream));
  for (int attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *name = g_strdup_printf ("%s/.%s.%08x", dir, base, g_random_int ());
      if (linkat (AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0)
        {
          file->tmp_path = g_steal_pointer (&name);
          return 0;
        }
      if (errno != EEXIST)
        return errno;
    }
  return EEXIST;
}

gboolean
bf_atomic_file_commit (BfAtomicFile *file, GError **error)
{
  int e = 0;
  if (fflush (file->stream) != 0 || ferror (file->stream))
    e = errno ? errno : EIO;
  else if (fsync (fileno (file->stream)) != 0)
    e = errno;
  if (!e && !file->tmp_path)
    e = name_temporary (file);
  if (fclose (file->stream) != 0 && !e)
    e = errno ? errno : EIO;
  file->stream = NULL;
  if (!e && g_rename (file->tmp_path, file->path) != 0)
    e = errno;
  if (e)
    {
      set_io_error (error, file->path, e);
      if (file->tmp_path)
        g_unlink (file->tmp_path);
    }
  g_clear_pointer (&file->tmp_path, g_free);
  return e == 0;
}

gboolean
bf_atomic_file_write_bytes (const char *path, GBytes *bytes, GError **error)
{
  g_autoptr (BfAtomicFile) file = bf_atomic_file_new (path, error);
  if (!file)
    return FALSE;
  gsize size;
  const void *data = g_bytes_get_data (bytes, &size);
  if (size && fwrite (data, 1, size, file->stream) != size)
    {
      set_io_error (error, path, errno);
      return FALSE;
    }
  return bf_atomic_file_commit (file, error);
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
