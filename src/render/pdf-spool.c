/* pdf-spool.c — BfPdfSpool: the bytes Cairo writes for a PDF, kept as they
 * come, with each stream Cairo 1.16 left unfiltered (a page's content, a
 * ToUnicode map: what it writes with no dictionary entries of its own,
 * under CAIRO_DEBUG_PDF, which the command line sets) deflated, its
 * artifacts marked, as soon as Cairo closes it.  A page's content is thus
 * held deflated, a third of its size, from when it is drawn, and the
 * deflating is done on the second core while the first goes on laying out
 * and drawing, not in the finishing pass after them.
 *
 * The file joined goes to a temporary file, unlinked as soon as it is
 * made, and is read back mapped: the pages of a long book are written
 * once drawn, not held in memory while the rest is laid out and Cairo
 * finishes (the book ten times over kept 55 MB of them).  Where no
 * temporary file can be made, it is kept in memory.
 *
 * Cairo writes such a stream as "N 0 obj\n<< /Length M 0 R\n>>\nstream\n",
 * its bytes, "\nendstream\nendobj\n", then its length as object M:
 * "M 0 obj\n   LENGTH\nendobj\n" (cairo-pdf-surface.c, open_stream and
 * close_stream).  The spool knows a stream has ended when that length
 * object follows and gives the stream's length, so no bytes of the stream
 * itself are mistaken for its end.  The file is joined as it comes, each
 * deflated stream with "/Filter /FlateDecode" and its new length, in one
 * buffer (what follows a stream still being deflated waits for it), so
 * that it is never held twice; at the end Cairo's cross-reference table,
 * written last, is moved to match.  Streams written any other way are left
 * as they are, for the finishing pass.
 *
 * Written here because the stream's boundaries and the offsets to move are
 * Cairo's, and no library spools a PDF being written. */
#define _GNU_SOURCE /* memmem */
#include "render/pdf-spool.h"
#include "render/pdf-structure.h"
#include "bifolio.h"

#include <glib/gstdio.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A stream Cairo left unfiltered: where it was in Cairo's bytes, and its
 * bytes, plain until deflated. */
typedef struct {
  int number, length_number;
  gsize cairo_start;         /* its "N 0 obj" */
  gsize cairo_body;          /* its first byte */
  gsize cairo_length_object; /* its length object's "M 0 obj" */
  gsize cairo_end;           /* past its length object */
  GByteArray *plain;         /* its bytes, until deflated */
  GBytes *deflated;          /* then these, with its artifacts marked (NULL: zlib
                                failed) */
  gint done;                 /* set, atomically, once deflated is */
} Stream;

/* A piece of the file waiting to be joined: Cairo's bytes as written, or a
 * stream. */
typedef struct {
  GByteArray *raw;
  Stream *stream;
} Piece;

/* Where a stream joined is, and where Cairo had it. */
typedef struct {
  gsize cairo_start, cairo_length_object, cairo_end;
  gsize joined_start, joined_length_object, joined_end;
} Placed;

/* Cairo writes its file a few bytes at a time (a glyph's number, a
 * space): they are gathered this many at a time before the spool looks at
 * them, which otherwise cost the drawing thread a fifth of its time. */
#define GATHER_BYTES 16384

struct _BfPdfSpool {
  guint8 gathered[GATHER_BYTES];  /* Cairo's latest bytes, not yet taken */
  gsize n_gathered;
  FILE *file;                /* the file so far, its streams deflated, in a
                                temporary file; or (NULL) */
  GString *joined;           /* in memory */
  gsize joined_length;       /* its bytes so far */
  int file_error;            /* errno of a failed write to @file, or 0 */
  GArray *placed;            /* Placed, one per stream joined, in order */
  GHashTable *deflated;      /* the object numbers of the streams joined */
  gboolean failed;           /* a stream could not be deflated */
  GQueue waiting;            /* Piece*: a stream still being deflated, and what
                                came after it */
  GByteArray *raw;           /* the raw piece being written, not yet joined */
  gsize raw_start;           /* its first byte's place in Cairo's bytes */
  Stream *open;              /* the stream being written, or NULL */
  char *end_marker;          /* "\nendstream\nendobj\nM 0 obj\n   " of the open stream */
  gsize searched;            /* bytes of the open stream searched for its end */
  gsize raw_searched;        /* bytes of the raw piece searched for a stream */
  GThread *deflater;         /* deflates the streams queued, or NULL: deflated at once */
  GAsyncQueue *queue;        /* Stream*, then the spool itself: no more */
};

static const char stream_keyword[] = ">>\nstream\n";

static void
deflate_stream (Stream *s)
{
  s->deflated = bf_pdf_content_finish (s->plain->data, s->plain->len);
  g_byte_array_unref (s->plain);
  s->plain = NULL;
  g_atomic_int_set (&s->done, 1);
}

static gpointer
deflate_queued (gpointer data)
{
  BfPdfSpool *spool = data;
  gpointer item;
  while ((item = g_async_queue_pop (spool->queue)) != spool)
    deflate_stream (item);
  return NULL;
}

/* Waits for the streams queued to be deflated. */
static void
stop_deflater (BfPdfSpool *spool)
{
  if (!spool->deflater)
    return;
  g_async_queue_push (spool->queue, spool);
  g_thread_join (g_steal_pointer (&spool->deflater));
  g_clear_pointer (&spool->queue, g_async_queue_unref);
}

static void
piece_free (Piece *piece)
{
  if (piece->raw)
    g_byte_array_unref (piece->raw);
  if (piece->stream)
    {
      if (piece->stream->plain)
        g_byte_array_unref (piece->stream->plain);
      if (piece->stream->deflated)
        g_bytes_unref (piece->stream->deflated);
      g_free (piece->stream);
    }
  g_free (piece);
}

/* Appends @length bytes of @data to the file joined. */
static void
append_joined (BfPdfSpool *spool, const void *data, gsize length)
{
  if (!spool->file)
    g_string_append_len (spool->joined, data, length);
  else if (!spool->file_error && length && fwrite (data, 1, length, spool->file) != length)
    spool->file_error = errno ? errno : EIO;
  spool->joined_length += length;
}

/* Appends @s, deflated, to the file joined, and notes where it went. */
static void
join_stream (BfPdfSpool *spool, const Stream *s)
{
  static const char end[] = "\nendstream\nendobj\n";
  gsize length;
  const char *data = g_bytes_get_data (s->deflated, &length);
  Placed p = { s->cairo_start, s->cairo_length_object, s->cairo_end, spool->joined_length, 0, 0 };
  char text[96];
  int n = g_snprintf (text, sizeof text,
                      "%d 0 obj\n<< /Length %d 0 R /Filter /FlateDecode >>\nstream\n", s->number,
                      s->length_number);
  append_joined (spool, text, n);
  append_joined (spool, data, length);
  append_joined (spool, end, sizeof end - 1);
  p.joined_length_object = spool->joined_length;
  n = g_snprintf (text, sizeof text, "%d 0 obj\n   %" G_GSIZE_FORMAT "\nendobj\n",
                  s->length_number, length);
  append_joined (spool, text, n);
  p.joined_end = spool->joined_length;
  g_array_append_val (spool->placed, p);
  g_hash_table_add (spool->deflated, GINT_TO_POINTER (s->number));
}

/* Joins the pieces waiting, up to a stream not yet deflated. */
static void
join_waiting (BfPdfSpool *spool)
{
  Piece *piece;
  while ((piece = g_queue_peek_head (&spool->waiting)))
    {
      if (piece->raw)
        append_joined (spool, piece->raw->data, piece->raw->len);
      else if (!g_atomic_int_get (&piece->stream->done))
        return;
      else if (piece->stream->deflated)
        join_stream (spool, piece->stream);
      else
        spool->failed = TRUE;
      piece_free (g_queue_pop_head (&spool->waiting));
    }
}

/* The file joined in memory starts as large as glibc's malloc always maps
 * on its own (its M_MMAP_THRESHOLD is 32 MB at most; GString rounds this
 * up to 32 MB): only the pages written to are resident, and it grows by
 * remapping, never copied into a larger block that leaves the last one
 * behind freed but held.  Once finished, it is cut to its length. */
#define JOINED_SIZE ((32 << 20) - 1)

/* What the temporary file is written through. */
#define FILE_BUFFER_SIZE (256 * 1024)

/* A new temporary file, already unlinked, or NULL when none can be made. */
static FILE *
open_temporary_file (void)
{
  char *path = NULL;
  int fd = g_file_open_tmp ("bifolio-XXXXXX.pdf", &path, NULL);
  if (fd < 0)
    return NULL;
  g_unlink (path);
  g_free (path);
  FILE *file = fdopen (fd, "w+b");
  if (!file)
    {
      close (fd);
      return NULL;
    }
  setvbuf (file, NULL, _IOFBF, FILE_BUFFER_SIZE);
  return file;
}

BfPdfSpool *
bf_pdf_spool_new (int jobs)
{
  BfPdfSpool *spool = g_new0 (BfPdfSpool, 1);
  spool->file = open_temporary_file ();
  if (!spool->file)
    spool->joined = g_string_sized_new (JOINED_SIZE);
  spool->placed = g_array_new (FALSE, FALSE, sizeof (Placed));
  spool->deflated = g_hash_table_new (NULL, NULL);
  g_queue_init (&spool->waiting);
  spool->raw = g_byte_array_new ();
  if (jobs > 1)
    {
      spool->queue = g_async_queue_new ();
      spool->deflater = g_thread_new ("bifolio-deflate", deflate_queued, spool);
    }
  return spool;
}

/* Reads a number of at most 12 digits from @p, before @end; returns past
 * it, or NULL when there is none or it is longer. */
static const char *
read_number (const char *p, const char *end, gint64 *out)
{
  const char *start = p;
  gint64 n = 0;
  while (p < end && g_ascii_isdigit (*p) && p - start <= 12)
    n = n * 10 + (*p++ - '0');
  if (p == start || p - start > 12)
    return NULL;
  *out = n;
  return p;
}

/* Whether @line (@length bytes, no newline) is exactly @before, a number,
 * then @after; the number in *@out. */
static gboolean
line_is (const char *line, gsize length, const char *before, const char *after, gint64 *out)
{
  gsize b = strlen (before), a = strlen (after);
  if (length < b + a + 1 || memcmp (line, before, b) || memcmp (line + length - a, after, a))
    return FALSE;
  const char *end = read_number (line + b, line + length - a, out);
  return end == line + length - a;
}

/* Whether the raw piece's bytes before @keyword (the offset of its
 * ">>\nstream\n") are the first lines of an unfiltered stream Cairo
 * opened: "N 0 obj\n<< /Length M 0 R\n".  Sets where they begin. */
static gboolean
opens_plain_stream (const GByteArray *raw, gsize keyword, gint64 *number, gint64 *length_number,
                    gsize *start)
{
  const char *data = (const char *) raw->data;
  if (keyword == 0 || data[keyword - 1] != '\n')
    return FALSE;
  gsize second = keyword - 1;
  while (second > 0 && data[second - 1] != '\n')
    second--;
  if (second == 0)
    return FALSE;
  gsize first = second - 1;
  while (first > 0 && data[first - 1] != '\n')
    first--;
  if (!line_is (data + second, keyword - 1 - second, "<< /Length ", " 0 R", length_number))
    return FALSE;
  if (!line_is (data + first, second - 1 - first, "", " 0 obj", number))
    return FALSE;
  *start = first;
  return TRUE;
}

/* The raw piece ends: joined, or waiting behind a stream. */
static void
push_raw (BfPdfSpool *spool, gsize cairo_next)
{
  if (g_queue_is_empty (&spool->waiting))
    {
      append_joined (spool, spool->raw->data, spool->raw->len);
      g_byte_array_set_size (spool->raw, 0);
    }
  else
    {
      Piece *piece = g_new0 (Piece, 1);
      piece->raw = g_steal_pointer (&spool->raw);
      g_queue_push_tail (&spool->waiting, piece);
      spool->raw = g_byte_array_new ();
    }
  spool->raw_start = cairo_next;
}

static void write_open_stream (BfPdfSpool *spool, const guint8 *data, gsize length);

/* Cairo writes a few bytes at a time, and a search costs something each
 * time: bytes are searched once they end with @last (how Cairo ends what
 * is searched for: a stream's keyword, its length object) or once many
 * have come unsearched. */
#define SEARCH_AFTER (64 * 1024)

static gboolean
worth_searching (const GByteArray *bytes, gsize searched, const char *last)
{
  gsize n = strlen (last);
  return bytes->len >= searched + SEARCH_AFTER
         || (bytes->len >= n && !memcmp (bytes->data + bytes->len - n, last, n));
}

/* Looks in the raw piece, from where it was last searched, for the
 * start of a stream the spool takes, and opens it. */
static void
find_stream (BfPdfSpool *spool)
{
  GByteArray *raw = spool->raw;
  const gsize k = sizeof stream_keyword - 1;
  gsize search = spool->raw_searched;
  for (;;)
    {
      const guint8 *hit = search + k <= raw->len
                              ? memmem (raw->data + search, raw->len - search, stream_keyword, k)
                              : NULL;
      if (!hit)
        {
          /* The keyword may begin in the last bytes. */
          spool->raw_searched = MAX (raw->len, k - 1) - (k - 1);
          return;
        }
      gsize at = hit - raw->data;
      gint64 number, length_number;
      gsize start;
      if (opens_plain_stream (raw, at, &number, &length_number, &start)
          && number < G_MAXINT && length_number < G_MAXINT)
        {
          Stream *s = g_new0 (Stream, 1);
          s->number = number;
          s->length_number = length_number;
          s->cairo_start = spool->raw_start + start;
          s->cairo_body = spool->raw_start + at + k;
          s->plain = g_byte_array_new ();
          spool->open = s;
          spool->end_marker = g_strdup_printf ("\nendstream\nendobj\n%d 0 obj\n   ",
                                               s->length_number);
          spool->searched = 0;
          /* The stream's first bytes, come with its keyword. */
          gsize body = at + k;
          g_autoptr (GByteArray) rest = g_byte_array_new ();
          g_byte_array_append (rest, raw->data + body, raw->len - body);
          g_byte_array_set_size (raw, start);
          push_raw (spool, s->cairo_start);
          spool->raw_searched = 0;
          if (rest->len)
            write_open_stream (spool, rest->data, rest->len);
          return;
        }
      search = at + 1;
    }
}

/* More of Cairo's bytes outside any stream the spool takes. */
static void
write_raw (BfPdfSpool *spool, const guint8 *data, gsize length)
{
  g_byte_array_append (spool->raw, data, length);
  if (worth_searching (spool->raw, spool->raw_searched, "stream\n"))
    find_stream (spool);
}

/* The open stream has ended at @end of its bytes, its end and length
 * object taking @tail more: it is deflated, and what follows is raw. */
static void
close_stream (BfPdfSpool *spool, gsize end, gsize tail)
{
  static const char end_keywords[] = "\nendstream\nendobj\n";
  Stream *s = g_steal_pointer (&spool->open);
  GByteArray *plain = s->plain;
  gsize after = end + tail;
  g_autoptr (GByteArray) rest = g_byte_array_new ();
  g_byte_array_append (rest, plain->data + after, plain->len - after);
  g_byte_array_set_size (plain, end);
  s->cairo_length_object = s->cairo_body + end + sizeof end_keywords - 1;
  s->cairo_end = s->cairo_body + after;
  g_clear_pointer (&spool->end_marker, g_free);
  Piece *piece = g_new0 (Piece, 1);
  piece->stream = s;
  g_queue_push_tail (&spool->waiting, piece);
  if (spool->deflater)
    g_async_queue_push (spool->queue, s);
  else
    deflate_stream (s);
  spool->raw_start = s->cairo_end;
  join_waiting (spool); /* may free @s */
  if (rest->len)
    write_raw (spool, rest->data, rest->len);
}

static const char endobj[] = "\nendobj\n";

/* Looks in the open stream, from where it was last searched, for its end:
 * the end marker, then its length in digits and "\nendobj\n", the length
 * being where the marker is.  Closes it when found. */
static void
find_stream_end (BfPdfSpool *spool)
{
  const gsize e = sizeof endobj - 1;
  GByteArray *plain = spool->open->plain;
  gsize m = strlen (spool->end_marker);
  while (plain->len >= m && spool->searched <= plain->len - m)
    {
      const guint8 *hit = memmem (plain->data + spool->searched, plain->len - spool->searched,
                                  spool->end_marker, m);
      if (!hit)
        {
          spool->searched = plain->len - (m - 1); /* the marker may begin in its last bytes */
          return;
        }
      gsize at = hit - plain->data;
      const char *p = (const char *) hit + m, *end = (const char *) plain->data + plain->len;
      const char *q = p;
      while (q < end && g_ascii_isdigit (*q) && q - p <= 12)
        q++;
      gsize more = end - q;
      gboolean is_length = q > p && q - p <= 12;
      if ((q == end && q - p <= 12) || (is_length && more < e && !memcmp (q, endobj, more)))
        {
          spool->searched = at; /* the rest of its length object is to come */
          return;
        }
      gint64 n;
      if (is_length && more >= e && !memcmp (q, endobj, e) && read_number (p, q, &n)
          && (gsize) n == at)
        {
          close_stream (spool, at, q + e - (const char *) hit);
          return;
        }
      spool->searched = at + 1;
    }
}

/* More bytes of the open stream. */
static void
write_open_stream (BfPdfSpool *spool, const guint8 *data, gsize length)
{
  g_byte_array_append (spool->open->plain, data, length);
  if (worth_searching (spool->open->plain, spool->searched, endobj))
    find_stream_end (spool);
}

/* Cairo is done: what is left unsearched is searched, and a stream still
 * open (not one Cairo closed as the spool expects) goes back to the raw
 * piece, its header and bytes as they came. */
static void
search_the_rest (BfPdfSpool *spool)
{
  for (;;)
    {
      if (spool->open)
        {
          find_stream_end (spool);
          if (spool->open)
            break;
        }
      else
        {
          find_stream (spool);
          if (!spool->open)
            return;
        }
    }
  Stream *s = g_steal_pointer (&spool->open);
  g_autofree char *header = g_strdup_printf ("%d 0 obj\n<< /Length %d 0 R\n>>\nstream\n",
                                             s->number, s->length_number);
  g_byte_array_append (spool->raw, (const guint8 *) header, strlen (header));
  g_byte_array_append (spool->raw, s->plain->data, s->plain->len);
  g_byte_array_unref (s->plain);
  g_free (s);
  g_clear_pointer (&spool->end_marker, g_free);
}

/* Takes @length bytes: the spool's work on Cairo's bytes, as they come. */
static void
take (BfPdfSpool *spool, const guint8 *data, gsize length)
{
  if (spool->open)
    write_open_stream (spool, data, length);
  else
    write_raw (spool, data, length);
}

static void
take_gathered (BfPdfSpool *spool)
{
  if (spool->n_gathered)
    take (spool, spool->gathered, spool->n_gathered);
  spool->n_gathered = 0;
}

void
bf_pdf_spool_write (BfPdfSpool *spool, const guint8 *data, gsize length)
{
  if (spool->n_gathered + length > GATHER_BYTES)
    take_gathered (spool);
  if (length >= GATHER_BYTES)
    take (spool, data, length);
  else
    {
      memcpy (spool->gathered + spool->n_gathered, data, length);
      spool->n_gathered += length;
    }
}

/* Where Cairo's offset @offset (an object's start, or the table's) is in
 * the joined file, from the streams @placed (in order); -1 when it is
 * inside a stream the spool took but not at its objects. */
static gint64
moved_offset (const GArray *placed, gsize offset)
{
  /* The last stream that begins at or before @offset. */
  guint lo = 0, hi = placed->len;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (g_array_index (placed, Placed, mid).cairo_start <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return offset;
  const Placed *p = &g_array_index (placed, Placed, lo - 1);
  if (offset == p->cairo_start)
    return p->joined_start;
  if (offset == p->cairo_length_object)
    return p->joined_length_object;
  if (offset < p->cairo_end)
    return -1;
  return (gint64) offset + (gint64) p->joined_end - (gint64) p->cairo_end;
}

/* Moves the offsets of Cairo's cross-reference table (the last thing it
 * writes, with the trailer) to match.  @tail is the end of the file
 * joined, from its byte @tail_start on: the table is in it, as nothing
 * Cairo writes after its last stream is joined until the spool finishes. */
static gboolean
move_xref (GByteArray *tail, gsize tail_start, const GArray *placed)
{
  static const char startxref[] = "startxref\n";
  char *text = (char *) tail->data, *end = text + tail->len;
  gsize last = MIN (tail->len, 64);
  const char *at = g_strrstr_len (end - last, last, startxref);
  gint64 table;
  if (!at || !read_number (at + sizeof startxref - 1, end, &table))
    return FALSE;
  gint64 moved = moved_offset (placed, table);
  if (moved < (gint64) tail_start || (gsize) moved - tail_start + 5 > tail->len
      || memcmp (text + (moved - tail_start), "xref\n", 5))
    return FALSE;
  char *p = text + (moved - tail_start) + 5;
  gint64 first, count;
  p = (char *) read_number (p, end, &first);
  if (!p || first != 0 || p >= end || *p++ != ' ')
    return FALSE;
  p = (char *) read_number (p, end, &count);
  if (!p || p >= end || *p++ != '\n')
    return FALSE;
  /* Entries of 20 bytes: "OOOOOOOOOO GGGGG n \n". */
  for (gint64 i = 0; i < count; i++, p += 20)
    {
      if (end - p < 20 || p[19] != '\n')
        return FALSE;
      if (p[17] != 'n')
        continue;
      gint64 offset;
      if (read_number (p, p + 10, &offset) != p + 10)
        return FALSE;
      gint64 to = moved_offset (placed, offset);
      if (to < 0)
        return FALSE;
      char field[11];
      g_snprintf (field, sizeof field, "%010" G_GINT64_FORMAT, to);
      memcpy (p, field, 10);
    }
  g_byte_array_set_size (tail, at - text + sizeof startxref - 1);
  g_autofree char *ending = g_strdup_printf ("%" G_GINT64_FORMAT "\n%%%%EOF\n", moved);
  g_byte_array_append (tail, (const guint8 *) ending, strlen (ending));
  return TRUE;
}

/* The file joined, written to the temporary file, mapped; NULL with
 * @error set when it cannot be. */
static GBytes *
map_file (BfPdfSpool *spool, GError **error)
{
  if (!spool->file_error && fflush (spool->file) != 0)
    spool->file_error = errno ? errno : EIO;
  if (spool->file_error)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO,
                   "cannot write a temporary file in %s: %s (TMPDIR names another folder)",
                   g_get_tmp_dir (), g_strerror (spool->file_error));
      return NULL;
    }
  if (spool->joined_length == 0)
    return g_bytes_new (NULL, 0);
  GError *map_error = NULL;
  GMappedFile *mapped = g_mapped_file_new_from_fd (fileno (spool->file), FALSE, &map_error);
  if (!mapped)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_IO, "cannot read a temporary file in %s back: %s",
                   g_get_tmp_dir (), map_error->message);
      g_error_free (map_error);
      return NULL;
    }
  GBytes *bytes = g_mapped_file_get_bytes (mapped);
  g_mapped_file_unref (mapped);
  return bytes;
}

GBytes *
bf_pdf_spool_finish (BfPdfSpool *spool, GHashTable **deflated, GError **error)
{
  take_gathered (spool);
  stop_deflater (spool);
  search_the_rest (spool);
  join_waiting (spool);
  g_assert (g_queue_is_empty (&spool->waiting));
  /* No stream taken, the file is Cairo's as it came. */
  gboolean ok = !spool->failed
                && (spool->placed->len == 0
                    || move_xref (spool->raw, spool->joined_length, spool->placed));
  push_raw (spool, 0);
  GBytes *joined = NULL;
  if (!ok)
    g_set_error (error, BF_ERROR, BF_ERROR_LIBRARY, "Cairo's file is not as expected");
  else if (spool->file)
    joined = map_file (spool, error);
  else
    {
      gsize length = spool->joined->len;
      char *data = g_string_free (g_steal_pointer (&spool->joined), FALSE);
      joined = g_bytes_new_take (g_realloc (data, length + 1), length);
    }
  if (joined && deflated)
    *deflated = g_hash_table_ref (spool->deflated);
  bf_pdf_spool_free (spool);
  return joined;
}

void
bf_pdf_spool_free (BfPdfSpool *spool)
{
  if (!spool)
    return;
  stop_deflater (spool);
  if (spool->open)
    {
      g_byte_array_unref (spool->open->plain);
      g_free (spool->open);
    }
  g_free (spool->end_marker);
  if (spool->file)
    fclose (spool->file);
  if (spool->joined)
    g_string_free (spool->joined, TRUE);
  g_array_unref (spool->placed);
  g_hash_table_unref (spool->deflated);
  g_queue_clear_full (&spool->waiting, (GDestroyNotify) piece_free);
  if (spool->raw)
    g_byte_array_unref (spool->raw);
  g_free (spool);
}
