/* condition.h — the grammar @supports and @media conditions share (CSS
 * Conditional Rules 3, §6; Media Queries 4, §3): "not X", or X joined by
 * all "and" or all "or" (mixing them needs parentheses), each X in
 * parentheses or a function, read by the rule's own leaf reader; the
 * results three-valued, as Media Queries has them (@supports' leaves are
 * never unknown). */
#ifndef BF_CONDITION_H
#define BF_CONDITION_H

#include "style/cascade.h"

typedef struct _BfCondition BfCondition;

/* Reads the leaf between parentheses (or a function's arguments, @opener
 * being the function token) at tokens @open to @close (the closing
 * parenthesis). */
typedef BfMediaMatch (*BfConditionLeaf) (BfCondition *c, const BfCssToken *opener, guint open,
                                         guint close);

struct _BfCondition {
  GArray *tokens;
  guint i, end;               /* the tokens still to read */
  int depth;                  /* the parentheses around them */
  gboolean valid;             /* FALSE once the condition fails to parse */
  BfConditionLeaf leaf;
  gconstpointer data;         /* for @leaf */
};

/* The deepest parentheses read, one inside another. */
#define BF_CONDITION_MAX_DEPTH 32

void bf_condition_init (BfCondition *c, GArray *tokens, guint from, guint end,
                        BfConditionLeaf leaf, gconstpointer data);

/* The condition at @c (with @or_allowed, "or" may join its parts). */
BfMediaMatch bf_condition_read (BfCondition *c, gboolean or_allowed);

/* The condition that fills tokens @open to @close inside @c, read whole:
 * *@valid set to whether it parses (its result is then meaningless when it
 * does not), and FALSE too past BF_CONDITION_MAX_DEPTH. */
BfMediaMatch bf_condition_read_nested (const BfCondition *c, guint open, guint close,
                                       gboolean *valid);

const BfCssToken *bf_condition_token (const BfCondition *c, guint i);
void bf_condition_skip_whitespace (BfCondition *c);
gboolean bf_condition_is_word (const BfCondition *c, const char *word);

BfMediaMatch bf_match_not (BfMediaMatch m);
BfMediaMatch bf_match_and (BfMediaMatch a, BfMediaMatch b);
BfMediaMatch bf_match_or (BfMediaMatch a, BfMediaMatch b);

#endif
