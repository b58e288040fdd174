/* replay.c — runs a fuzz target's entry point over files and folders given
 * on the command line (its seed corpus and every past crasher), so ctest
 * replays them with any compiler, as libzip's fuzz_main.c does. */
#include <stdio.h>

#include "fuzz.h"

static int
replay_file (const char *path)
{
  char *data = NULL;
  gsize size = 0;
  if (!g_file_get_contents (path, &data, &size, NULL))
    {
      fprintf (stderr, "replay: cannot read %s\n", path);
      return 1;
    }
  LLVMFuzzerTestOneInput ((const uint8_t *) data, size);
  g_free (data);
  return 0;
}

int
main (int argc, char **argv)
{
  int failed = 0, count = 0;
  for (int i = 1; i < argc; i++)
    {
      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          failed |= replay_file (argv[i]);
          count++;
          continue;
        }
      GDir *dir = g_dir_open (argv[i], 0, NULL);
      const char *name;
      while (dir && (name = g_dir_read_name (dir)))
        {
          if (name[0] == '.')
            continue;
          char *path = g_build_filename (argv[i], name, NULL);
          failed |= replay_file (path);
          count++;
          g_free (path);
        }
      if (dir)
        g_dir_close (dir);
    }
  printf ("replayed %d inputs\n", count);
  return failed;
}
