/* emoji.c — GitHub's emoji short codes in Markdown: ":rocket:" becomes 🚀,
 * as GitHub shows it, in every text of the document except code
 * (<code>, <pre>, <kbd>, <samp>, <tt>) and raw text (<script>, <style>,
 * <textarea>).  A code is a name between colons that stand apart from
 * letters and digits ("10:30:45" stays as it is); a name GitHub does not
 * know stays as it was typed.  The names are gemoji's (emoji-names.inc,
 * generated; no Debian package holds them). */
#include "read/read.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *name;
  const char *emoji;
} EmojiName;

static const EmojiName emoji_names[] = {
#include "read/emoji-names.inc"
};

/* The longest name gemoji has is under this. */
#define MAX_NAME 64

static int
compare_names (const void *key, const void *entry)
{
  return strcmp (key, ((const EmojiName *) entry)->name);
}

static const char *
emoji_named (const char *name, gsize length)
{
  if (length == 0 || length >= MAX_NAME)
    return NULL;
  char key[MAX_NAME];
  memcpy (key, name, length);
  key[length] = '\0';
  const EmojiName *found
      = bsearch (key, emoji_names, G_N_ELEMENTS (emoji_names), sizeof emoji_names[0], compare_names);
  return found ? found->emoji : NULL;
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '+' || c == '-';
}

/* @text with its short codes replaced (newly allocated), or NULL when it
 * has none. */
static char *
with_emoji (const char *text)
{
  GString *out = NULL;
  const char *copied = text; /* text before this is in out */
  for (const char *p = strchr (text, ':'); p; p = strchr (p, ':'))
    {
      const char *name = p + 1, *end = name;
      while (is_name_char (*end))
        end++;
      gboolean apart = (p == text || !g_ascii_isalnum (p[-1])) && *end == ':' && !g_ascii_isalnum (end[1]);
      const char *emoji = apart ? emoji_named (name, end - name) : NULL;
      if (!emoji)
        {
          p = end; /* a colon there may open the next code */
          continue;
        }
      if (!out)
        out = g_string_new (NULL);
      g_string_append_len (out, copied, p - copied);
      g_string_append (out, emoji);
      copied = p = end + 1;
    }
  if (!out)
    return NULL;
  g_string_append (out, copied);
  return g_string_free (out, FALSE);
}

static gboolean
holds_code (xmlNodePtr n)
{
  static const char *const code[] = { "code", "pre", "kbd", "samp", "tt", "script", "style", "textarea" };
  for (gsize i = 0; i < G_N_ELEMENTS (code); i++)
    if (!xmlStrcasecmp (n->name, BAD_CAST code[i]))
      return TRUE;
  return FALSE;
}

void
bf_document_expand_emoji_codes (xmlNodePtr root)
{
  for (xmlNodePtr n = root; n;)
    {
      gboolean descend = n->type == XML_ELEMENT_NODE && !holds_code (n);
      if (n->type == XML_TEXT_NODE && n->content && strchr ((const char *) n->content, ':'))
        {
          g_autofree char *changed = with_emoji ((const char *) n->content);
          if (changed)
            xmlNodeSetContent (n, BAD_CAST changed);
        }
      n = bf_node_next_in_walk (n, root, descend);
    }
}
