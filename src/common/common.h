/* common.h — small helpers every stage shares: the error domain, atomic
 * output files and UTF-8 checking with positions. */
#ifndef BF_COMMON_H
#define BF_COMMON_H

#include <stdio.h>
#include "bifolio.h"

/* An output file written under a temporary name beside @path and renamed
 * into place by bf_atomic_file_commit().  bf_atomic_file_free() on an
 * uncommitted file removes the temporary. */
typedef struct {
  char *path;      /* the target */
  char *tmp_path;  /* a named temporary in the same folder, or NULL while unnamed */
  FILE *stream;    /* open for writing until commit */
} BfAtomicFile;

/* Creates and opens the temporary.  Fails with BF_ERROR_IO, naming @path. */
BfAtomicFile *bf_atomic_file_new (const char *path, GError **error);
/* Flushes, syncs, closes and renames.  On failure the temporary is removed. */
gboolean bf_atomic_file_commit (BfAtomicFile *file, GError **error);
void bf_atomic_file_free (BfAtomicFile *file);

/* Writes @bytes to @path through a temporary. */
gboolean bf_atomic_file_write_bytes (const char *path, GBytes *bytes, GError **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BfAtomicFile, bf_atomic_file_free)

/* Checks that @data is UTF-8.  On failure sets BF_ERROR_FORMAT with
 * "NAME:LINE:COL: invalid UTF-8 (byte 0xNN)". */
gboolean bf_utf8_check (const char *data, gsize length, const char *name, GError **error);

/* Line and column (1-based, columns in bytes) of @offset in @data. */
void bf_text_position (const char *data, gsize offset, int *line, int *col);

/* The folder holding fonts/ and styles/: $BIFOLIO_DATA_DIR, else
 * PREFIX/share/bifolio of the installed tree this code runs from, else the
 * one compiled in (data-dir.c).  Returns a string owned by the library. */
const char *bf_data_dir (void);

#endif
