/* front-matter.c — YAML front matter (libyaml) at the head of a Markdown file:
 * a "---" line, a YAML mapping, a closing "---" or "..." line.  Scalar values
 * are kept as they are; a list of scalars is joined with ", "; a mapping's
 * entries become "key.entry" (accessibility: summary: … → accessibility.summary). */
#include "read/read.h"

#include <string.h>
#include <yaml.h>

static gboolean
is_fence (const char *line, gsize len, gboolean closing)
{
  while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
    len--;
  return (len == 3 && memcmp (line, "---", 3) == 0)
         || (closing && len == 3 && memcmp (line, "...", 3) == 0);
}

/* Finds the closing fence; returns the offset of its line or -1. */
static gssize
find_closing_fence (const char *data, gsize length, gsize from, gsize *after)
{
  gsize pos = from;
  while (pos < length)
    {
      const char *nl = memchr (data + pos, '\n', length - pos);
      gsize end = nl ? (gsize) (nl - data) : length;
      if (is_fence (data + pos, end - pos, TRUE))
        {
          *after = nl ? end + 1 : end;
          return pos;
        }
      pos = end + 1;
    }
  return -1;
}

static void
set_yaml_error (GError **error, const char *name, const yaml_parser_t *parser)
{
  /* libyaml counts lines from 0 inside the block; the block starts on line 2. */
  const yaml_mark_t *mark = parser->context ? &parser->context_mark : &parser->problem_mark;
  if (parser->problem)
    mark = &parser->problem_mark;
  g_set_error (error, BF_ERROR, BF_ERROR_FORMAT, "%s:%d:%d: malformed front matter: %s",
               name, (int) mark->line + 2, (int) mark->column + 1,
               parser->problem ? parser->problem : "invalid YAML");
}

static char *
scalar_text (yaml_document_t *doc, yaml_node_t *node)
{
  if (node->type == YAML_SCALAR_NODE)
    return g_strstrip (g_strndup ((const char *) node->data.scalar.value, node->data.scalar.length));
  if (node->type == YAML_SEQUENCE_NODE)
    {
      GString *joined = g_string_new (NULL);
      for (yaml_node_item_t *item = node->data.sequence.items.start;
           item < node->data.sequence.items.top; item++)
        {
          yaml_node_t *child = yaml_document_get_node (doc, *item);
          if (!child || child->type != YAML_SCALAR_NODE)
            continue;
          if (joined->len)
            g_string_append (joined, ", ");
          g_string_append_len (joined, (const char *) child->data.scalar.value,
                               child->data.scalar.length);
        }
      return g_string_free (joined, FALSE);
    }
  return NULL;
}

static void
add_entry (GHashTable *metadata, const char *key, char *text)
{
  if (text)
    g_hash_table_replace (metadata, g_strdup (key), text);
}

/* One level down: the scalar and list entries of @mapping as "@prefix.entry". */
static void
add_mapping_entries (yaml_document_t *doc, yaml_node_t *mapping, const char *prefix,
                     GHashTable *metadata)
{
  for (yaml_node_pair_t *pair = mapping->data.mapping.pairs.start;
       pair < mapping->data.mapping.pairs.top; pair++)
    {
      yaml_node_t *key = yaml_document_get_node (doc, pair->key);
      yaml_node_t *value = yaml_document_get_node (doc, pair->value);
      if (!key || key->type != YAML_SCALAR_NODE || !value)
        continue;
      g_autofree char *entry = g_ascii_strdown ((const char *) key->data.scalar.value,
                                                key->data.scalar.length);
      g_autofree char *name = g_strconcat (prefix, ".", entry, NULL);
      add_entry (metadata, name, scalar_text (doc, value));
    }
}

gboolean
bf_front_matter_parse (const char *data, gsize length, const char *name,
                       GHashTable *metadata, gsize *body_offset, GError **error)
{
  *body_offset = 0;
  const char *nl = memchr (data, '\n', length);
  if (!nl || !is_fence (data, nl - data, FALSE))
    return TRUE;

  gsize yaml_start = nl - data + 1, after = 0;
  gssize yaml_end = find_closing_fence (data, length, yaml_start, &after);
  if (yaml_end < 0)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_FORMAT,
                   "%s:1:1: front matter is not closed (no \"---\" line after it)", name);
      return FALSE;
    }

  yaml_parser_t parser;
  yaml_document_t doc;
  yaml_parser_initialize (&parser);
  yaml_parser_set_input_string (&parser, (const unsigned char *) data + yaml_start,
                                yaml_end - yaml_start);
  if (!yaml_parser_load (&parser, &doc))
    {
      set_yaml_error (error, name, &parser);
      yaml_parser_delete (&parser);
      return FALSE;
    }

  gboolean ok = TRUE;
  yaml_node_t *root = yaml_document_get_root_node (&doc);
  if (root && root->type != YAML_MAPPING_NODE)
    {
      g_set_error (error, BF_ERROR, BF_ERROR_FORMAT,
                   "%s:%d:%d: malformed front matter: expected \"key: value\" lines", name,
                   (int) root->start_mark.line + 2, (int) root->start_mark.column + 1);
      ok = FALSE;
    }
  else if (root)
    {
      for (yaml_node_pair_t *pair = root->data.mapping.pairs.start;
           pair < root->data.mapping.pairs.top; pair++)
        {
          yaml_node_t *key = yaml_document_get_node (&doc, pair->key);
          yaml_node_t *value = yaml_document_get_node (&doc, pair->value);
          if (!key || key->type != YAML_SCALAR_NODE || !value)
            continue;
          g_autofree char *k = g_ascii_strdown ((const char *) key->data.scalar.value,
                                                key->data.scalar.length);
          if (value->type == YAML_MAPPING_NODE)
            add_mapping_entries (&doc, value, k, metadata);
          else
            add_entry (metadata, k, scalar_text (&doc, value));
        }
    }
  yaml_document_delete (&doc);
  yaml_parser_delete (&parser);
  if (ok)
    *body_offset = after;
  return ok;
}
