/* face-handles.c — one FreeType face per font file and face index, opened
 * once per process and kept, set on every font pattern bifolio hands to
 * Pango, so that Cairo draws with faces it does not own.
 *
 * Why this exists: Cairo 1.16 (Debian 12's) opens the FreeType face of a
 * font it knows by file name only on demand, and when ten are open it
 * closes one another thread is not using.  It reads "not using" without
 * that thread's lock (_has_unlocked_face in cairo-ft-font.c), so a layout
 * thread measuring a glyph could close the face the drawing thread was
 * just reading a glyph from: a crash, seldom, on documents drawn in more
 * than ten faces (many scripts, bold, italic, code).  A face given in the
 * pattern itself (FC_FT_FACE) is one Cairo never closes, so none of this
 * can happen to it.  Neither fontconfig nor Pango offers another way to
 * keep Cairo's faces open.
 *
 * FreeType allows one library in many threads when faces are opened and
 * closed under one lock; each face is then used only under Cairo's lock
 * for it (one Cairo font per face).  The faces live as long as the
 * process: Cairo keeps fonts past the documents that used them. */
#include "fonts/fonts-private.h"

#include <fontconfig/fcfreetype.h>
#include <glib/gstdio.h>

static GMutex face_lock;
static FT_Library face_library;
static GHashTable *faces_by_file;  /* "INDEX INODE SIZE MTIME PATH" → FT_Face, or
                                      NULL: cannot be opened */

/* The face @index of the file @path as it is now, opened on first use (a
 * file changed since, as a font a document's sheet names may be in watch
 * mode, is another face); NULL when FreeType cannot open it.  Called with
 * face_lock held. */
static FT_Face
face_for_file (const char *path, int index)
{
  if (!faces_by_file)
    {
      if (FT_Init_FreeType (&face_library) != 0)
        return NULL;
      faces_by_file = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
  GStatBuf st;
  if (g_stat (path, &st) != 0)
    return NULL;
  g_autofree char *key = g_strdup_printf ("%d %" G_GUINT64_FORMAT " %" G_GINT64_FORMAT
                                          " %" G_GINT64_FORMAT ".%09ld %s", index,
                                          (guint64) st.st_ino, (gint64) st.st_size,
                                          (gint64) st.st_mtim.tv_sec, (long) st.st_mtim.tv_nsec,
                                          path);
  gpointer face = NULL;
  if (g_hash_table_lookup_extended (faces_by_file, key, NULL, &face))
    return face;
  FT_Face opened = NULL;
  if (FT_New_Face (face_library, path, index, &opened) != 0)
    opened = NULL;
  g_hash_table_insert (faces_by_file, g_steal_pointer (&key), opened);
  return opened;
}

void
bf_font_pattern_add_face (FcPattern *pattern)
{
  FT_Face face = NULL;
  FcChar8 *file = NULL;
  int index = 0;
  if (FcPatternGetFTFace (pattern, FC_FT_FACE, 0, &face) == FcResultMatch
      || FcPatternGetString (pattern, FC_FILE, 0, &file) != FcResultMatch)
    return;
  FcPatternGetInteger (pattern, FC_INDEX, 0, &index);
  g_mutex_lock (&face_lock);
  face = face_for_file ((const char *) file, index);
  g_mutex_unlock (&face_lock);
  if (face)
    FcPatternAddFTFace (pattern, FC_FT_FACE, face);
}

int
bf_font_file_add_faces (FcConfig *config, const char *path, GPtrArray *added)
{
  FcFontSet *ours = FcConfigGetFonts (config, FcSetApplication);
  if (!ours)
    {
      /* fontconfig makes the set of application fonts only when a file is
       * added; a path that names no file makes it empty. */
      FcConfigAppFontAddFile (config, (const FcChar8 *) "");
      ours = FcConfigGetFonts (config, FcSetApplication);
    }
  FcFontSet *found = FcFontSetCreate ();
  /* Every face and named instance, as fontconfig's own scan reads them,
   * with the configuration's "scan" rules applied. */
  FcFreeTypeQueryAll ((const FcChar8 *) path, (unsigned int) -1, NULL, NULL, found);
  int count = 0;
  for (int i = 0; i < found->nfont; i++)
    {
      FcPattern *face = found->fonts[i];
      found->fonts[i] = NULL;
      FcConfigSubstitute (config, face, FcMatchScan);
      bf_font_pattern_add_face (face);
      if (!ours || !FcFontSetAdd (ours, face))
        {
          FcPatternDestroy (face);
          continue;
        }
      if (added)
        g_ptr_array_add (added, face);
      count++;
    }
  found->nfont = 0;
  FcFontSetDestroy (found);
  return count;
}
