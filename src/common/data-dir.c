/* data-dir.c — where the bundled fonts/ and styles/ are found at run time.
 *
 * In order: $BIFOLIO_DATA_DIR; else PREFIX/share/bifolio of the installed
 * tree that holds this code, found from the file it runs from (the shared
 * library, or the program when linked statically), so that an installed tree
 * can be moved as a whole; else the folder compiled in, the source tree,
 * which is what the programs in the build folder use. */
#define _GNU_SOURCE
#include "common/common.h"

#include <dlfcn.h>
#include <link.h>
#include <stdlib.h>

/* The file this code was loaded from, resolved; NULL when unknown. */
static char *
loaded_from (gboolean *is_program)
{
  Dl_info info;
  struct link_map *map = NULL;
  *is_program = TRUE;
  if (dladdr1 ((void *) bf_data_dir, &info, (void **) &map, RTLD_DL_LINKMAP) && map
      && map->l_name && map->l_name[0])
    {
      /* The program's own link map has an empty name. */
      *is_program = FALSE;
      char *resolved = realpath (map->l_name, NULL);
      char *path = g_strdup (resolved);
      free (resolved);
      return path;
    }
  return g_file_read_link ("/proc/self/exe", NULL);
}

/* PREFIX/share/bifolio when this code runs from an installed tree, else
 * NULL.  BIFOLIO_DATA_FROM_BIN and _FROM_LIB are the install layout's
 * relative paths from the program's and the library's folders. */
static char *
find_installed_data_dir (void)
{
  gboolean is_program;
  g_autofree char *file = loaded_from (&is_program);
  if (!file)
    return NULL;
  g_autofree char *folder = g_path_get_dirname (file);
  g_autofree char *joined = g_build_filename (
    folder, is_program ? BIFOLIO_DATA_FROM_BIN : BIFOLIO_DATA_FROM_LIB, NULL);
  char *data = g_canonicalize_filename (joined, NULL);
  g_autofree char *probe = g_build_filename (data, "styles", "default.css", NULL);
  if (g_file_test (probe, G_FILE_TEST_IS_REGULAR))
    return data;
  g_free (data);
  return NULL;
}

const char *
bf_data_dir (void)
{
  const char *env = g_getenv ("BIFOLIO_DATA_DIR");
  if (env && *env)
    return env;
  static char *installed = NULL;
  static gsize looked = 0;
  if (g_once_init_enter (&looked))
    {
      installed = find_installed_data_dir ();
      g_once_init_leave (&looked, 1);
    }
  return installed ? installed : BIFOLIO_DATA_DIR;
}
