/* css.h — CSS syntax: tokens (CSS Syntax Level 3, §4) and a stylesheet of
 * rules and declarations parsed with the spec's error recovery (§5).
 *
 * No well-kept C library for this is packaged in Debian (libcroco is
 * unmaintained), so this one is ours, kept small and fuzzed.  Nothing here
 * knows any property: the cascade reads the declarations. */
#ifndef BF_CSS_H
#define BF_CSS_H

#include <glib.h>

typedef enum {
  BF_CSS_IDENT,
  BF_CSS_FUNCTION,      /* "name(" : text is the name */
  BF_CSS_AT_KEYWORD,    /* "@name" : text is the name */
  BF_CSS_HASH,          /* "#name" : text is the name; is_id when an identifier */
  BF_CSS_STRING,
  BF_CSS_BAD_STRING,
  BF_CSS_URL,           /* url(unquoted) : text is the address */
  BF_CSS_BAD_URL,
  BF_CSS_DELIM,         /* one code point in text */
  BF_CSS_NUMBER,
  BF_CSS_PERCENTAGE,
  BF_CSS_DIMENSION,     /* number with a unit: text is the unit */
  BF_CSS_WHITESPACE,
  BF_CSS_CDO,
  BF_CSS_CDC,
  BF_CSS_COLON,
  BF_CSS_SEMICOLON,
  BF_CSS_COMMA,
  BF_CSS_OPEN_SQUARE,
  BF_CSS_CLOSE_SQUARE,
  BF_CSS_OPEN_PAREN,
  BF_CSS_CLOSE_PAREN,
  BF_CSS_OPEN_CURLY,
  BF_CSS_CLOSE_CURLY,
  BF_CSS_EOF
} BfCssTokenType;

typedef struct {
  BfCssTokenType type;
  char *text;           /* owned; NULL for punctuation */
  double number;        /* numbers, percentages, dimensions */
  /* Flags in one word, so a token stays 40 bytes (sheets keep theirs). */
  guint is_integer : 1;
  guint has_sign : 1;   /* numbers written with + or - (CSS Syntax 3, §4.3.3):
                           "2n+1" is "2n" then "+1", and must stay so */
  guint is_id : 1;      /* hash tokens */
  int line, column;     /* 1-based, columns in code points */
} BfCssToken;

/* Tokenizes @text (UTF-8, @length bytes or -1).  Returns a GArray of
 * BfCssToken ending with BF_CSS_EOF; free with bf_css_tokens_free(). */
GArray *bf_css_tokenize (const char *text, gssize length);
/* The same for text that begins at line @first_line, column @first_column
 * of its file (a <style> element's). */
GArray *bf_css_tokenize_at (const char *text, gssize length, int first_line, int first_column);
void bf_css_tokens_free (GArray *tokens);
/* A copy of @token, its text its own. */
BfCssToken bf_css_token_copy (const BfCssToken *token);
/* Whether @tokens hold a var() function. */
gboolean bf_css_tokens_have_var (const GArray *tokens);
/* The index of the parenthesis among @tokens that closes the function or
 * parenthesis opened just before @from, or @end when none before @end
 * does. */
guint bf_css_tokens_closing_paren (const GArray *tokens, guint from, guint end);

/* A declaration: "name: value [!important]".  value holds the tokens of the
 * value, without surrounding white space and without !important.  The name
 * is in lower case, except a custom property's ("--name"), whose case
 * counts. */
typedef struct {
  char *name;           /* lower case */
  GArray *value;        /* BfCssToken (copies) */
  gboolean important;
  gboolean has_var;     /* the value refers to a custom property: var() */
  int line, column;
  gpointer parsed;      /* a value the cascade parsed once (content lists…),
                           freed with parsed_free */
  GDestroyNotify parsed_free;
} BfCssDeclaration;

typedef enum {
  BF_CSS_RULE_STYLE,    /* selector { declarations } */
  BF_CSS_RULE_AT        /* @name prelude { declarations } or @name prelude; */
} BfCssRuleType;

typedef struct _BfCssRule BfCssRule;
struct _BfCssRule {
  BfCssRuleType type;
  char *at_name;        /* at-rules: lower case name */
  GArray *prelude;      /* BfCssToken: the selector or the at-rule's prelude */
  GPtrArray *declarations;  /* BfCssDeclaration* */
  GPtrArray *rules;     /* nested rules of at-rules with a rule block
                           (@page margin boxes, @media), BfCssRule* */
  gboolean has_block;   /* at-rules: ended by a {} block, not by ';' */
  int line, column;
};

typedef struct {
  char *name;           /* file name for messages */
  GPtrArray *rules;     /* BfCssRule* in source order */
  GPtrArray *warnings;  /* "NAME:LINE:COL: warning: …" */
} BfCssStylesheet;

/* Parses a stylesheet.  Never fails: what cannot be parsed is skipped as
 * CSS says, with a warning. */
BfCssStylesheet *bf_css_stylesheet_parse (const char *text, gssize length, const char *name);
/* The same for a sheet that begins at line @first_line, column
 * @first_column of file @name (a <style> element's text). */
BfCssStylesheet *bf_css_stylesheet_parse_at (const char *text, gssize length, const char *name,
                                            int first_line, int first_column);
void bf_css_stylesheet_free (BfCssStylesheet *sheet);

/* Parses the declarations of a style="" attribute. */
GPtrArray *bf_css_declarations_parse (const char *text, const char *name, GPtrArray *warnings);

void bf_css_declaration_free (BfCssDeclaration *declaration);
void bf_css_rule_free (BfCssRule *rule);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BfCssStylesheet, bf_css_stylesheet_free)

/* css-serialize.c: @sheet written back as CSS; @for_epub leaves out @page,
 * @import, @font-face and the direction and unicode-bidi properties.
 * Returns a new string. */
char *bf_css_stylesheet_serialize (const BfCssStylesheet *sheet, gboolean for_epub);
/* As bf_css_stylesheet_serialize() for the EPUB, with @fallback_families
 * (NULL-terminated, or NULL) named in each font-family list before its
 * generic family; *@dropped (when not NULL) counts the selectors left out
 * (bf_css_selectors_level3()). */
char *bf_css_stylesheet_serialize_for_epub (const BfCssStylesheet *sheet,
                                            const char *const *fallback_families,
                                            guint *dropped);
/* level3.c: a style rule's selector list @prelude written in Selectors
 * Level 3, which epubcheck reads (:is() over compounds spread out, :not()
 * over more than one simple selector in its disjunctive form); what
 * cannot be (:has(), combinators inside them) is left out and counted in
 * *@dropped.  NULL when no selector is left; else a new string. */
char *bf_css_selectors_level3 (GArray *prelude, guint *dropped);
void bf_css_tokens_append (GString *out, GArray *tokens);
/* @text as a quoted CSS string, escaped. */
void bf_css_append_string (GString *out, const char *text);
/* @name as a name (an ident's letters), what may not stand in one
 * escaped. */
void bf_css_append_name (GString *out, const char *name);

/* ---------------------------------------------------------------- selectors
 * css-select.c: Selectors Level 3 less what paged documents cannot use —
 * type, universal, #id, .class, [attr], [attr=v], [attr~=v], [attr|=v],
 * [attr^=v], [attr$=v], [attr*=v], :first-child, :last-child, :root,
 * :lang(), :nth-child(), :nth-last-child(), :nth-of-type(),
 * :nth-last-of-type() (their argument An+B, "odd" or "even"),
 * :first-of-type, :last-of-type, :only-child, :only-of-type, and the
 * descendant, child (>), next-sibling (+) and subsequent-sibling (~)
 * combinators. */

typedef struct _BfCssSelector BfCssSelector;

/* Parses a selector list; NULL (with a warning naming the place) when any
 * selector in it is invalid or unsupported — CSS then drops the rule.
 * Returns a GPtrArray of BfCssSelector*. */
GPtrArray *bf_css_selectors_parse (GArray *prelude, const char *name, GPtrArray *warnings);

/* Specificity as one number: ids × 2^20 + classes × 2^10 + types. */
guint32 bf_css_selector_get_specificity (const BfCssSelector *selector);

/* TRUE when @element (an element of an HTML tree) matches. */
typedef struct _xmlNode *BfCssElement;
gboolean bf_css_selector_matches (const BfCssSelector *selector, BfCssElement element);

/* What matching learns about one tree that holds for every element of it:
 * for each `~` combinator, which elements have an earlier sibling matching
 * its left part, and each element's position among its siblings (for
 * :nth-child() and its kin).  With it, n siblings cost n, not n², against
 * `a ~ b` and `tr:nth-child(even)`.
 * Valid while the tree is unchanged and the selectors live (it knows them
 * by address); one thread at a time. */
typedef struct _BfCssMatchCache BfCssMatchCache;
BfCssMatchCache *bf_css_match_cache_new (void);
void bf_css_match_cache_free (BfCssMatchCache *cache);

/* bf_css_selector_matches, remembering in @cache (may be NULL) what holds
 * for later elements of the same tree. */
gboolean bf_css_selector_matches_cached (const BfCssSelector *selector, BfCssElement element,
                                         BfCssMatchCache *cache);

void bf_css_selector_free (BfCssSelector *selector);

/* ::before and ::after (also written :before, :after) end a selector. */
typedef enum {
  BF_CSS_PSEUDO_NONE,
  BF_CSS_PSEUDO_BEFORE,
  BF_CSS_PSEUDO_AFTER,
  BF_CSS_PSEUDO_MARKER      /* a list item's marker */
} BfCssPseudo;

BfCssPseudo bf_css_selector_get_pseudo (const BfCssSelector *selector);

/* What an element must have for the selector to match it, from its
 * rightmost compound: an id, else a class, else a type (for indexing
 * rules).  FALSE when the compound names none of them. */
typedef enum {
  BF_CSS_KEY_ID,
  BF_CSS_KEY_CLASS,
  BF_CSS_KEY_TYPE
} BfCssKeyKind;

gboolean bf_css_selector_get_key (const BfCssSelector *selector, BfCssKeyKind *kind,
                                  const char **name);

#endif
