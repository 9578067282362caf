/* Compiled per-line work of the boilerplate stage (optional).
 *
 * Each function is a transcription of a pure-Python reference in
 * textrepair/boilerplate.py, which stays the specification: the same
 * characters tested with the same predicates (Py_UNICODE_ISSPACE is what
 * str.split() and str.strip() use), and floats computed with the same
 * operations in the same order on C doubles, so results are bit-identical.
 * tests/test_boilerplate_kernel.py checks each against its reference.
 *
 *   token_stats(low, stop)           _token_stats: tokens per line, stopword share
 *   stop_index(words)                (a table of the stopwords for token_stats)
 *   has_cjk(text)                    _CJK.search(text) is not None
 *   norms(low, edge)                 _norms: " ".join(line.split()).strip(edge)
 *   literal_index(literals, gates)   (a trigram index of the gate literals)
 *   literal_scan(index, lines)       _literal_scan: which gates' literals each line holds
 *   linear_scores(buckets, columns, weights, first)   _linear_scores: the line model
 *   categorize_indexed(norms, ...)   _categorize_indexed: exact, prefix, anchored lookups
 *   gated_categorize(index, ...)   Lexicon.categorize's unanchored patterns (cats in place)
 *   split_lines(text)                _split_lines: lines, offsets, stripped non-blank lines
 *   max_segment(values)              _max_segment
 *   short_runs(flags)                _short_runs: the short_run column
 *   link_runs(short, terminal, ex)   _link_runs
 *   drop_isolated(keep, ...)         _drop_flags (keep changed in place)
 *   sigmoids(values)                 [_sigmoid(v) for v in values]
 *   line_classes(stripped, words, ...)   _line_classes: terminal, good, short
 *   verdicts(order, ...)             _verdicts: each removed line's reason and confidence
 *   line_flags(stripped, ntok, window)   _line_flags: colon, commas, digits, title case, ...
 *   line_edits(text, ..., removed, ...)  _edits: one Edit per removed line
 *   lexicon_columns(cats, words, ...)  _lexicon_columns: strong and weak lexicon lines
 *   keep_headings(keep, words, ...)   _keep_headings (keep changed in place)
 *   dense_columns(stripped, sw, good)   _dense_columns: lengths, shares, flags, position
 *   separator_lines(stripped, ...)   _separator_lines: lines with a separator beside a space
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* token_stats                                                               */

static int
check_str_list(PyObject *obj, const char *what)
{
    if (!PyList_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s must be a list of str", what);
        return -1;
    }
    Py_ssize_t n = PyList_GET_SIZE(obj);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!PyUnicode_Check(PyList_GET_ITEM(obj, i))) {
            PyErr_Format(PyExc_TypeError, "%s must be a list of str", what);
            return -1;
        }
    }
    return 0;
}

/* A set of words as code points, in an open-addressing table: token_stats
   looks tokens up without making a str of each. */
typedef struct {
    Py_ssize_t size; /* slots, a power of two */
    Py_ssize_t maxlen;
    Py_UCS4 **word;   /* NULL: empty slot */
    Py_ssize_t *len;
} StopIndex;

#define STOP_CAPSULE "textrepair._linefeatures.StopIndex"

static void
stop_free(StopIndex *ix)
{
    if (ix == NULL)
        return;
    if (ix->word != NULL)
        for (Py_ssize_t i = 0; i < ix->size; i++)
            PyMem_Free(ix->word[i]);
    PyMem_Free(ix->word);
    PyMem_Free(ix->len);
    PyMem_Free(ix);
}

static void
stop_capsule_free(PyObject *cap)
{
    stop_free((StopIndex *)PyCapsule_GetPointer(cap, STOP_CAPSULE));
}

static inline size_t
stop_hash(int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    size_t h = 14695981039346656037u;
    for (Py_ssize_t i = a; i < b; i++)
        h = (h ^ (size_t)PyUnicode_READ(kind, data, i)) * 1099511628211u;
    return h;
}

/* Whether the code points data[a:b] are one of the index's words. */
static int
stop_contains(const StopIndex *ix, int kind, const void *data, Py_ssize_t a, Py_ssize_t b)
{
    Py_ssize_t m = b - a;
    if (m > ix->maxlen)
        return 0;
    size_t mask = (size_t)ix->size - 1, i = stop_hash(kind, data, a, b) & mask;
    for (; ix->word[i] != NULL; i = (i + 1) & mask) {
        if (ix->len[i] != m)
            continue;
        Py_ssize_t q = 0;
        while (q < m && ix->word[i][q] == PyUnicode_READ(kind, data, a + q))
            q++;
        if (q == m)
            return 1;
    }
    return 0;
}

static PyObject *
stop_index(PyObject *self, PyObject *words)
{
    if (!PyAnySet_Check(words)) {
        PyErr_SetString(PyExc_TypeError, "words must be a set or frozenset of str");
        return NULL;
    }
    Py_ssize_t n = PySet_GET_SIZE(words), size = 8;
    while (size < 2 * n + 2)
        size *= 2;
    StopIndex *ix = PyMem_Calloc(1, sizeof(StopIndex));
    if (ix == NULL)
        return PyErr_NoMemory();
    ix->size = size;
    ix->word = PyMem_Calloc((size_t)size, sizeof(Py_UCS4 *));
    ix->len = PyMem_Calloc((size_t)size, sizeof(Py_ssize_t));
    if (ix->word == NULL || ix->len == NULL) {
        stop_free(ix);
        return PyErr_NoMemory();
    }
    PyObject *it = PyObject_GetIter(words), *w;
    if (it == NULL) {
        stop_free(ix);
        return NULL;
    }
    while ((w = PyIter_Next(it)) != NULL) {
        if (!PyUnicode_Check(w)) {
            Py_DECREF(w);
            continue; /* never equal to a token */
        }
        int kind = PyUnicode_KIND(w);
        const void *data = PyUnicode_DATA(w);
        Py_ssize_t m = PyUnicode_GET_LENGTH(w);
        size_t mask = (size_t)size - 1, i = stop_hash(kind, data, 0, m) & mask;
        while (ix->word[i] != NULL)
            i = (i + 1) & mask;
        ix->word[i] = PyUnicode_AsUCS4Copy(w);
        Py_DECREF(w);
        if (ix->word[i] == NULL)
            break;
        ix->len[i] = m;
        if (m > ix->maxlen)
            ix->maxlen = m;
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) {
        stop_free(ix);
        return NULL;
    }
    PyObject *cap = PyCapsule_New(ix, STOP_CAPSULE, stop_capsule_free);
    if (cap == NULL)
        stop_free(ix);
    return cap;
}

static PyObject *
token_stats(PyObject *self, PyObject *args)
{
    PyObject *low, *stop;
    if (!PyArg_ParseTuple(args, "OO:token_stats", &low, &stop))
        return NULL;
    if (check_str_list(low, "low") < 0)
        return NULL;
    const StopIndex *ix = NULL;
    if (PyCapsule_CheckExact(stop)) {
        ix = PyCapsule_GetPointer(stop, STOP_CAPSULE);
        if (ix == NULL)
            return NULL;
    }
    else if (!PyAnySet_Check(stop)) {
        PyErr_SetString(PyExc_TypeError, "stop must be a set, a frozenset or a stop_index");
        return NULL;
    }
    /* Tokens longer than the longest stopword cannot be one: no lookup. */
    Py_ssize_t maxlen = 0;
    if (ix == NULL) {
        PyObject *it = PyObject_GetIter(stop), *w;
        if (it == NULL)
            return NULL;
        while ((w = PyIter_Next(it)) != NULL) {
            Py_ssize_t k = PyUnicode_Check(w) ? PyUnicode_GET_LENGTH(w) : PY_SSIZE_T_MAX;
            if (k > maxlen)
                maxlen = k;
            Py_DECREF(w);
        }
        Py_DECREF(it);
        if (PyErr_Occurred())
            return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(low);
    PyObject *ntok = PyList_New(n), *shares = PyList_New(n);
    if (ntok == NULL || shares == NULL)
        goto fail;
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *s = PyList_GET_ITEM(low, j);
        int kind = PyUnicode_KIND(s);
        const void *data = PyUnicode_DATA(s);
        Py_ssize_t len = PyUnicode_GET_LENGTH(s), i = 0, count = 0, hits = 0;
        /* (one loop per storage width: no kind switch per character) */
#define TOKENS(T)                                                                        \
    do {                                                                                 \
        const T *p = (const T *)data;                                                    \
        while (i < len) {                                                                \
            while (i < len && Py_UNICODE_ISSPACE((Py_UCS4)p[i]))                         \
                i++;                                                                     \
            if (i >= len)                                                                \
                break;                                                                   \
            Py_ssize_t a = i;                                                            \
            while (i < len && !Py_UNICODE_ISSPACE((Py_UCS4)p[i]))                        \
                i++;                                                                     \
            count++;                                                                     \
            if (ix != NULL)                                                              \
                hits += stop_contains(ix, kind, data, a, i);                             \
            else if (i - a <= maxlen) {                                                  \
                PyObject *tok = PyUnicode_Substring(s, a, i);                            \
                if (tok == NULL)                                                         \
                    goto fail;                                                           \
                int r = PySet_Contains(stop, tok);                                       \
                Py_DECREF(tok);                                                          \
                if (r < 0)                                                               \
                    goto fail;                                                           \
                hits += r;                                                               \
            }                                                                            \
        }                                                                                \
    } while (0)
        if (kind == PyUnicode_1BYTE_KIND)
            TOKENS(Py_UCS1);
        else if (kind == PyUnicode_2BYTE_KIND)
            TOKENS(Py_UCS2);
        else
            TOKENS(Py_UCS4);
#undef TOKENS
        PyObject *c = PyLong_FromSsize_t(count);
        if (c == NULL)
            goto fail;
        PyList_SET_ITEM(ntok, j, c);
        /* hits / ntok as Python's int true division (both exact in a double);
           a line without tokens (never one of the stage's) counts 0.0. */
        PyObject *f = PyFloat_FromDouble(count ? (double)hits / (double)count : 0.0);
        if (f == NULL)
            goto fail;
        PyList_SET_ITEM(shares, j, f);
    }
    return Py_BuildValue("(NN)", ntok, shares);
fail:
    Py_XDECREF(ntok);
    Py_XDECREF(shares);
    return NULL;
}

/* _CJK's ranges: kana, CJK ideographs, Hangul syllables, compatibility ideographs. */
static inline int
is_cjk(Py_UCS4 c)
{
    return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) ||
           (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) ||
           (c >= 0xf900 && c <= 0xfaff);
}

/* _OTHER_SCRIPT's ranges: Hebrew up to the end of the phonetic extensions, CJK
   radicals up to Hangul, the astral planes. */
static inline int
is_other_script(Py_UCS4 c)
{
    return (c >= 0x0590 && c <= 0x1dff) || (c >= 0x2e80 && c <= 0xd7ff) || c >= 0x10000;
}

/* Whether a str holds a character for which PRED is true; a string of the
   1-byte kind (Latin-1) holds none of the ranges above. One loop per storage
   width with the predicate inlined (no call or kind switch per character). */
#define ANY_CHAR(NAME, PRED)                                                             \
    static PyObject *NAME(PyObject *text)                                                \
    {                                                                                    \
        if (!PyUnicode_Check(text)) {                                                    \
            PyErr_SetString(PyExc_TypeError, "text must be str");                        \
            return NULL;                                                                 \
        }                                                                                \
        int kind = PyUnicode_KIND(text);                                                 \
        const void *data = PyUnicode_DATA(text);                                         \
        Py_ssize_t n = PyUnicode_GET_LENGTH(text);                                       \
        if (kind == PyUnicode_2BYTE_KIND) {                                              \
            const Py_UCS2 *p = (const Py_UCS2 *)data;                                    \
            for (Py_ssize_t i = 0; i < n; i++)                                           \
                if (PRED((Py_UCS4)p[i]))                                                 \
                    Py_RETURN_TRUE;                                                      \
        }                                                                                \
        else if (kind == PyUnicode_4BYTE_KIND) {                                         \
            const Py_UCS4 *p = (const Py_UCS4 *)data;                                    \
            for (Py_ssize_t i = 0; i < n; i++)                                           \
                if (PRED(p[i]))                                                          \
                    Py_RETURN_TRUE;                                                      \
        }                                                                                \
        Py_RETURN_FALSE;                                                                 \
    }

ANY_CHAR(any_cjk, is_cjk)
ANY_CHAR(any_other_script, is_other_script)
#undef ANY_CHAR

/* Whether text holds a character of _CJK's ranges. */
static PyObject *
has_cjk(PyObject *self, PyObject *text)
{
    return any_cjk(text);
}

/* Whether text holds a character of _OTHER_SCRIPT's ranges: one pass over the
   characters instead of a regex scan. */
static PyObject *
has_other_script(PyObject *self, PyObject *text)
{
    return any_other_script(text);
}

/* Whether text holds one of the characters of chars: one pass over text
   (any(map(text.__contains__, chars)) makes one per character of chars). */
static PyObject *
has_any(PyObject *self, PyObject *args)
{
    PyObject *text, *chars;
    if (!PyArg_ParseTuple(args, "UU:has_any", &text, &chars))
        return NULL;
    Py_ssize_t m = PyUnicode_GET_LENGTH(chars);
    if (m == 0)
        Py_RETURN_FALSE;
    Py_UCS4 lo = PyUnicode_READ_CHAR(chars, 0);
    for (Py_ssize_t k = 1; k < m; k++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(chars, k);
        if (c < lo)
            lo = c;
    }
    int kind = PyUnicode_KIND(text), ckind = PyUnicode_KIND(chars);
    const void *data = PyUnicode_DATA(text), *cdata = PyUnicode_DATA(chars);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c < lo)
            continue; /* (most characters: below the smallest of chars) */
        for (Py_ssize_t k = 0; k < m; k++)
            if (PyUnicode_READ(ckind, cdata, k) == c)
                Py_RETURN_TRUE;
    }
    Py_RETURN_FALSE;
}

/* [table[min(w, len(table) - 1)] for w in words]: the word-count bucket of
   each line (words are counts, never negative). */
static PyObject *
buckets(PyObject *self, PyObject *args)
{
    PyObject *words, *table;
    if (!PyArg_ParseTuple(args, "O!O!:buckets", &PyList_Type, &words, &PyTuple_Type, &table))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(words), cap = PyTuple_GET_SIZE(table) - 1;
    if (cap < 0) {
        PyErr_SetString(PyExc_ValueError, "empty table");
        return NULL;
    }
    PyObject *out = PyList_New(n);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t j = 0; j < n; j++) {
        Py_ssize_t w = PyLong_AsSsize_t(PyList_GET_ITEM(words, j));
        if (w == -1 && PyErr_Occurred()) {
            Py_DECREF(out);
            return NULL;
        }
        if (w < 0) {
            Py_DECREF(out);
            PyErr_SetString(PyExc_ValueError, "word counts must not be negative");
            return NULL;
        }
        PyList_SET_ITEM(out, j, Py_NewRef(PyTuple_GET_ITEM(table, w < cap ? w : cap)));
    }
    return out;
}

/* ------------------------------------------------------------------------ */
/* norms                                                                     */

/* The edge characters: a bitmap of those in the Basic Multilingual Plane (a
   line's two ends are tested against some 200 characters), the str for others. */
typedef struct {
    PyObject *edge;
    uint8_t bmp[0x10000 / 8];
} EdgeSet;

static void
edge_set(EdgeSet *set, PyObject *edge)
{
    set->edge = edge;
    memset(set->bmp, 0, sizeof(set->bmp));
    for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(edge); k++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(edge, k);
        if (c < 0x10000)
            set->bmp[c >> 3] |= (uint8_t)(1u << (c & 7));
    }
}

static int
in_edge(const EdgeSet *set, Py_UCS4 ch)
{
    if (ch < 0x10000)
        return (set->bmp[ch >> 3] >> (ch & 7)) & 1;
    return PyUnicode_FindChar(set->edge, ch, 0, PyUnicode_GET_LENGTH(set->edge), 1) >= 0;
}

/* " ".join(s.split()).strip(edge) */
static PyObject *
norm_one(PyObject *s, const EdgeSet *edge, Py_UCS4 *buf)
{
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    Py_ssize_t len = PyUnicode_GET_LENGTH(s), i = 0, out = 0;
    /* Collapse whitespace runs to one space between tokens. */
    int contiguous = 1; /* the collapsed string is a slice of s */
    Py_ssize_t first = -1;
    /* (one loop per storage width: no kind switch per character) */
#define COLLAPSE(T)                                                                      \
    do {                                                                                 \
        const T *p = (const T *)data;                                                    \
        while (i < len) {                                                                \
            Py_ssize_t ws = i;                                                           \
            while (i < len && Py_UNICODE_ISSPACE((Py_UCS4)p[i]))                         \
                i++;                                                                     \
            if (i >= len)                                                                \
                break;                                                                   \
            if (first < 0)                                                               \
                first = i;                                                               \
            else {                                                                       \
                if (i - ws != 1 || p[ws] != ' ')                                         \
                    contiguous = 0;                                                      \
                buf[out++] = ' ';                                                        \
            }                                                                            \
            while (i < len && !Py_UNICODE_ISSPACE((Py_UCS4)p[i]))                        \
                buf[out++] = p[i++];                                                     \
        }                                                                                \
    } while (0)
    if (kind == PyUnicode_1BYTE_KIND)
        COLLAPSE(Py_UCS1);
    else if (kind == PyUnicode_2BYTE_KIND)
        COLLAPSE(Py_UCS2);
    else
        COLLAPSE(Py_UCS4);
#undef COLLAPSE
    Py_ssize_t a = 0, b = out;
    while (a < b && in_edge(edge, buf[a]))
        a++;
    while (b > a && in_edge(edge, buf[b - 1]))
        b--;
    if (contiguous && first >= 0)
        return PyUnicode_Substring(s, first + a, first + b);
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf + a, b - a);
}

static PyObject *
norms(PyObject *self, PyObject *args)
{
    PyObject *low, *edge;
    if (!PyArg_ParseTuple(args, "OU:norms", &low, &edge))
        return NULL;
    if (check_str_list(low, "low") < 0)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(low), longest = 0;
    for (Py_ssize_t j = 0; j < n; j++) {
        Py_ssize_t k = PyUnicode_GET_LENGTH(PyList_GET_ITEM(low, j));
        if (k > longest)
            longest = k;
    }
    if ((size_t)longest >= PY_SSIZE_T_MAX / sizeof(Py_UCS4))
        return PyErr_NoMemory();
    Py_UCS4 *buf = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(longest + 1));
    if (buf == NULL)
        return PyErr_NoMemory();
    EdgeSet *set = PyMem_Malloc(sizeof(EdgeSet));
    PyObject *out = set == NULL ? NULL : PyList_New(n);
    if (out == NULL)
        goto fail;
    edge_set(set, edge);
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *r = norm_one(PyList_GET_ITEM(low, j), set, buf);
        if (r == NULL)
            goto fail;
        PyList_SET_ITEM(out, j, r);
    }
    PyMem_Free(buf);
    PyMem_Free(set);
    return out;
fail:
    if (set == NULL && !PyErr_Occurred())
        PyErr_NoMemory();
    PyMem_Free(buf);
    PyMem_Free(set);
    Py_XDECREF(out);
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* literal_index / literal_scan                                              */

#define TABLE_BITS 14
#define TABLE_SIZE (1 << TABLE_BITS)

typedef struct {
    Py_ssize_t nlit;
    Py_ssize_t ngates;
    Py_UCS4 **chars; /* each literal's code points */
    Py_ssize_t *len;
    Py_ssize_t *gate;
    int32_t *next; /* the next literal in the same bucket, or -1 */
    int two;       /* some literal has two characters */
    /* one bit per bucket, set when it holds a literal: the scan's test on most
       positions reads these 2 KB (in the first-level cache) instead of head */
    uint64_t used[TABLE_SIZE / 64];
    int32_t head[TABLE_SIZE];
} LiteralIndex;

#define CAPSULE_NAME "textrepair._linefeatures.LiteralIndex"

static inline unsigned
bigram(Py_UCS4 a, Py_UCS4 b)
{
    return (unsigned)((a * 40503u) ^ b) & (TABLE_SIZE - 1);
}

/* A literal of three characters or more is filed under its first three, one of
   two under its two: the scan probes each position's three characters (text
   holds far fewer of the literals' first trigrams than of their bigrams), and
   its two only when some literal has two. */
static inline unsigned
trigram(Py_UCS4 a, Py_UCS4 b, Py_UCS4 c)
{
    return (unsigned)((((a * 40503u) ^ b) * 2654435761u) ^ c) & (TABLE_SIZE - 1);
}

static void
index_free(LiteralIndex *ix)
{
    if (ix == NULL)
        return;
    if (ix->chars != NULL)
        for (Py_ssize_t i = 0; i < ix->nlit; i++)
            PyMem_Free(ix->chars[i]);
    PyMem_Free(ix->chars);
    PyMem_Free(ix->len);
    PyMem_Free(ix->gate);
    PyMem_Free(ix->next);
    PyMem_Free(ix);
}

static void
capsule_free(PyObject *cap)
{
    index_free((LiteralIndex *)PyCapsule_GetPointer(cap, CAPSULE_NAME));
}

static PyObject *
literal_index(PyObject *self, PyObject *args)
{
    PyObject *lits, *gates;
    if (!PyArg_ParseTuple(args, "OO:literal_index", &lits, &gates))
        return NULL;
    if (check_str_list(lits, "literals") < 0)
        return NULL;
    if (!PyList_Check(gates) || PyList_GET_SIZE(gates) != PyList_GET_SIZE(lits)) {
        PyErr_SetString(PyExc_TypeError, "gates must be a list of int, one per literal");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(lits);
    if (n >= INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "too many literals");
        return NULL;
    }
    LiteralIndex *ix = PyMem_Calloc(1, sizeof(LiteralIndex));
    if (ix == NULL)
        return PyErr_NoMemory();
    ix->chars = PyMem_Calloc((size_t)n + 1, sizeof(Py_UCS4 *));
    ix->len = PyMem_Calloc((size_t)n + 1, sizeof(Py_ssize_t));
    ix->gate = PyMem_Calloc((size_t)n + 1, sizeof(Py_ssize_t));
    ix->next = PyMem_Calloc((size_t)n + 1, sizeof(int32_t));
    if (!ix->chars || !ix->len || !ix->gate || !ix->next) {
        index_free(ix);
        return PyErr_NoMemory();
    }
    ix->nlit = n;
    for (Py_ssize_t h = 0; h < TABLE_SIZE; h++)
        ix->head[h] = -1;
    /* Literals are chained in reverse so that each bucket lists them in order. */
    for (Py_ssize_t i = n - 1; i >= 0; i--) {
        PyObject *s = PyList_GET_ITEM(lits, i);
        Py_ssize_t g = PyLong_AsSsize_t(PyList_GET_ITEM(gates, i));
        if (g == -1 && PyErr_Occurred()) {
            index_free(ix);
            return NULL;
        }
        Py_ssize_t k = PyUnicode_GET_LENGTH(s);
        if (k < 2 || g < 0) {
            index_free(ix);
            PyErr_SetString(PyExc_ValueError,
                            "literals must have two characters or more, gates >= 0");
            return NULL;
        }
        ix->chars[i] = PyUnicode_AsUCS4Copy(s);
        if (ix->chars[i] == NULL) {
            index_free(ix);
            return NULL;
        }
        ix->len[i] = k;
        ix->gate[i] = g;
        if (g + 1 > ix->ngates)
            ix->ngates = g + 1;
        const Py_UCS4 *c = ix->chars[i];
        unsigned h = k == 2 ? bigram(c[0], c[1]) : trigram(c[0], c[1], c[2]);
        if (k == 2)
            ix->two = 1;
        ix->next[i] = ix->head[h];
        ix->head[h] = (int32_t)i;
        ix->used[h >> 6] |= (uint64_t)1 << (h & 63);
    }
    PyObject *cap = PyCapsule_New(ix, CAPSULE_NAME, capsule_free);
    if (cap == NULL)
        index_free(ix);
    return cap;
}

/* The gates whose literals the str s holds, each once, into found (in the
   order met; hit[g] set for each): their number. */
static Py_ssize_t
scan_line(const LiteralIndex *ix, PyObject *s, unsigned char *hit, Py_ssize_t *found)
{
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    Py_ssize_t len = PyUnicode_GET_LENGTH(s), nfound = 0;
    /* the same loop for each storage width (the compiler cannot hoist the switch) */
#define SCAN(T)                                                                          \
    do {                                                                                 \
        const T *p = (const T *)data;                                                    \
        for (Py_ssize_t i = 0; i + 1 < len; i++) {                                       \
            Py_UCS4 a = p[i], b = p[i + 1];                                              \
            unsigned h3 = i + 2 < len ? trigram(a, b, p[i + 2]) : TABLE_SIZE;            \
            unsigned h2 = ix->two ? bigram(a, b) : TABLE_SIZE;                           \
            for (int probe = 0; probe < 2; probe++) {                                    \
            unsigned h = probe == 0 ? h3 : h2;                                           \
            if (h == TABLE_SIZE || (probe == 1 && h2 == h3) ||                           \
                !((ix->used[h >> 6] >> (h & 63)) & 1))                                   \
                continue;                                                                \
            for (int32_t t = ix->head[h]; t >= 0; t = ix->next[t]) {                     \
                Py_ssize_t m = ix->len[t], g = ix->gate[t];                              \
                const Py_UCS4 *c = ix->chars[t];                                         \
                if (hit[g] || m > len - i || c[0] != a || c[1] != b)                     \
                    continue;                                                            \
                Py_ssize_t q = 2;                                                        \
                while (q < m && (Py_UCS4)p[i + q] == c[q])                               \
                    q++;                                                                 \
                if (q == m) {                                                            \
                    hit[g] = 1;                                                          \
                    found[nfound++] = g;                                                 \
                }                                                                        \
            }                                                                            \
            }                                                                            \
        }                                                                                \
    } while (0)
    if (kind == PyUnicode_1BYTE_KIND)
        SCAN(Py_UCS1);
    else if (kind == PyUnicode_2BYTE_KIND)
        SCAN(Py_UCS2);
    else
        SCAN(Py_UCS4);
#undef SCAN
    /* gates in ascending order (few: insertion sort) */
    for (Py_ssize_t x = 1; x < nfound; x++) {
        Py_ssize_t v = found[x], y = x;
        for (; y > 0 && found[y - 1] > v; y--)
            found[y] = found[y - 1];
        found[y] = v;
    }
    return nfound;
}

static PyObject *
literal_scan(PyObject *self, PyObject *args)
{
    PyObject *cap, *lines;
    if (!PyArg_ParseTuple(args, "OO:literal_scan", &cap, &lines))
        return NULL;
    LiteralIndex *ix = PyCapsule_GetPointer(cap, CAPSULE_NAME);
    if (ix == NULL)
        return NULL;
    if (check_str_list(lines, "lines") < 0)
        return NULL;
    unsigned char *hit = PyMem_Calloc((size_t)ix->ngates + 1, 1);
    Py_ssize_t *found = PyMem_Calloc((size_t)ix->ngates + 1, sizeof(Py_ssize_t));
    PyObject *out = PyList_New(0);
    if (hit == NULL || found == NULL || out == NULL) {
        PyMem_Free(hit);
        PyMem_Free(found);
        Py_XDECREF(out);
        return PyErr_NoMemory();
    }
    Py_ssize_t n = PyList_GET_SIZE(lines);
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_ssize_t nfound = scan_line(ix, PyList_GET_ITEM(lines, k), hit, found);
        if (nfound == 0)
            continue;
        /* (flags reset below) */
        PyObject *gs = PyTuple_New(nfound);
        if (gs == NULL)
            goto fail;
        for (Py_ssize_t x = 0; x < nfound; x++) {
            hit[found[x]] = 0;
            PyObject *v = PyLong_FromSsize_t(found[x]);
            if (v == NULL) {
                Py_DECREF(gs);
                goto fail;
            }
            PyTuple_SET_ITEM(gs, x, v);
        }
        PyObject *pair = Py_BuildValue("(nN)", k, gs);
        if (pair == NULL || PyList_Append(out, pair) < 0) {
            Py_XDECREF(pair);
            goto fail;
        }
        Py_DECREF(pair);
    }
    PyMem_Free(hit);
    PyMem_Free(found);
    return out;
fail:
    PyMem_Free(hit);
    PyMem_Free(found);
    Py_DECREF(out);
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* linear_scores                                                             */

/* z = weights[0] + weights[bucket]; then for each feature k >= first in order,
   z[j] += value * weights[k] over a dense column (a list, one value per line)
   or a sparse one (a dict line -> value, in its insertion order). */
static PyObject *
linear_scores(PyObject *self, PyObject *args)
{
    PyObject *buckets, *columns, *weights;
    Py_ssize_t first;
    if (!PyArg_ParseTuple(args, "OOOn:linear_scores", &buckets, &columns, &weights, &first))
        return NULL;
    if (!PyList_Check(buckets) || !PyDict_Check(columns) || !PyTuple_Check(weights)) {
        PyErr_SetString(PyExc_TypeError, "expected a list, a dict and a tuple");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(buckets), nw = PyTuple_GET_SIZE(weights);
    if (nw < 1 || first < 1) {
        PyErr_SetString(PyExc_ValueError, "weights must not be empty, first >= 1");
        return NULL;
    }
    double *w = PyMem_Malloc(sizeof(double) * (size_t)nw);
    double *z = PyMem_Malloc(sizeof(double) * ((size_t)n + 1));
    PyObject *out = NULL;
    if (w == NULL || z == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < nw; k++) {
        w[k] = PyFloat_AsDouble(PyTuple_GET_ITEM(weights, k));
        if (w[k] == -1.0 && PyErr_Occurred())
            goto done;
    }
    for (Py_ssize_t j = 0; j < n; j++) {
        Py_ssize_t b = PyLong_AsSsize_t(PyList_GET_ITEM(buckets, j));
        if (b == -1 && PyErr_Occurred())
            goto done;
        if (b < 0 || b >= nw) {
            PyErr_SetString(PyExc_IndexError, "bucket out of range");
            goto done;
        }
        z[j] = w[0] + w[b];
    }
    for (Py_ssize_t k = first; k < nw; k++) {
        PyObject *key = PyLong_FromSsize_t(k);
        if (key == NULL)
            goto done;
        PyObject *col = PyDict_GetItemWithError(columns, key); /* borrowed */
        Py_DECREF(key);
        if (col == NULL) {
            if (PyErr_Occurred())
                goto done;
            continue;
        }
        double wk = w[k];
        if (PyDict_Check(col)) {
            Py_ssize_t pos = 0;
            PyObject *jj, *vv;
            while (PyDict_Next(col, &pos, &jj, &vv)) {
                Py_ssize_t j = PyLong_AsSsize_t(jj);
                if (j == -1 && PyErr_Occurred())
                    goto done;
                if (j < 0 || j >= n) {
                    PyErr_SetString(PyExc_IndexError, "line out of range");
                    goto done;
                }
                double v = PyFloat_AsDouble(vv);
                if (v == -1.0 && PyErr_Occurred())
                    goto done;
                double p = v * wk;
                z[j] = z[j] + p;
            }
        }
        else if (PyList_Check(col)) {
            if (PyList_GET_SIZE(col) < n) {
                PyErr_SetString(PyExc_ValueError, "dense column shorter than the lines");
                goto done;
            }
            for (Py_ssize_t j = 0; j < n; j++) {
                double v = PyFloat_AsDouble(PyList_GET_ITEM(col, j));
                if (v == -1.0 && PyErr_Occurred())
                    goto done;
                double p = v * wk;
                z[j] = z[j] + p;
            }
        }
        else {
            PyErr_SetString(PyExc_TypeError, "a column must be a list or a dict");
            goto done;
        }
    }
    out = PyList_New(n);
    if (out == NULL)
        goto done;
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *f = PyFloat_FromDouble(z[j]);
        if (f == NULL) {
            Py_CLEAR(out);
            goto done;
        }
        PyList_SET_ITEM(out, j, f);
    }
done:
    PyMem_Free(w);
    PyMem_Free(z);
    return out;
}


/* ------------------------------------------------------------------------ */
/* line_flags                                                                */

/* str.istitle, as CPython's unicode_istitle_impl. */
static int
is_title(int kind, const void *data, Py_ssize_t len)
{
    if (len == 1) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, 0);
        return Py_UNICODE_ISTITLE(ch) || Py_UNICODE_ISUPPER(ch);
    }
    int cased = 0, previous_is_cased = 0;
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch < 128) { /* ASCII: the Unicode predicates' answers, without the lookup */
            if (ch >= 'A' && ch <= 'Z') {
                if (previous_is_cased)
                    return 0;
                previous_is_cased = cased = 1;
            }
            else if (ch >= 'a' && ch <= 'z') {
                if (!previous_is_cased)
                    return 0;
                previous_is_cased = cased = 1;
            }
            else
                previous_is_cased = 0;
            continue;
        }
        if (Py_UNICODE_ISUPPER(ch) || Py_UNICODE_ISTITLE(ch)) {
            if (previous_is_cased)
                return 0;
            previous_is_cased = cased = 1;
        }
        else if (Py_UNICODE_ISLOWER(ch)) {
            if (!previous_is_cased)
                return 0;
            previous_is_cased = cased = 1;
        }
        else
            previous_is_cased = 0;
    }
    return cased;
}

static int
set_flag(PyObject *dict, Py_ssize_t j, double value)
{
    PyObject *k = PyLong_FromSsize_t(j), *v = PyFloat_FromDouble(value);
    int r = (k && v) ? PyDict_SetItem(dict, k, v) : -1;
    Py_XDECREF(k);
    Py_XDECREF(v);
    return r;
}

static int
tail_is(int kind, const void *data, Py_ssize_t len, const Py_UCS4 *suf, Py_ssize_t m)
{
    if (m > len)
        return 0;
    for (Py_ssize_t q = 0; q < m; q++)
        if (PyUnicode_READ(kind, data, len - m + q) != suf[q])
            return 0;
    return 1;
}

/* The sparse columns read off each line's characters (see _line_flags). */
static PyObject *
line_flags(PyObject *self, PyObject *args)
{
    PyObject *stripped, *ntok;
    Py_ssize_t window;
    if (!PyArg_ParseTuple(args, "OOn:line_flags", &stripped, &ntok, &window))
        return NULL;
    if (check_str_list(stripped, "stripped") < 0)
        return NULL;
    if (window < 0) {
        PyErr_SetString(PyExc_ValueError, "window must be >= 0");
        return NULL;
    }
    if (!PyList_Check(ntok) || PyList_GET_SIZE(ntok) != PyList_GET_SIZE(stripped)) {
        PyErr_SetString(PyExc_TypeError, "ntok must be a list of int, one per line");
        return NULL;
    }
    static const Py_UCS4 dots[] = {'.', '.', '.'}, ell[] = {0x2026},
                         b1[] = {'[', 0x2026, ']'}, b2[] = {'[', '.', '.', '.', ']'},
                         p1[] = {'(', 0x2026, ')'}, ago[] = {'a', 'g', 'o'};
    Py_ssize_t n = PyList_GET_SIZE(stripped);
    PyObject *colon = PyDict_New(), *commas = PyDict_New(), *digits = PyDict_New(),
             *title = PyDict_New(), *trunc = PyDict_New(), *agos = PyList_New(0),
             *dups = PyDict_New(), *seen = PyDict_New();
    if (!colon || !commas || !digits || !title || !trunc || !agos || !dups || !seen)
        goto fail;
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *s = PyList_GET_ITEM(stripped, j);
        int kind = PyUnicode_KIND(s);
        const void *data = PyUnicode_DATA(s);
        Py_ssize_t len = PyUnicode_GET_LENGTH(s);
        Py_UCS4 last = len ? PyUnicode_READ(kind, data, len - 1) : 0;
        if (len && (last == ':' || last == 0xFF1A))
            if (set_flag(colon, j, 1.0) < 0)
                goto fail;
        Py_ssize_t nc = 0, nd = 0, head = len < window ? len : window;
        for (Py_ssize_t i = 0; i < len; i++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, i);
            if (ch == ',' || ch == 0x060C || ch == 0xFF0C || ch == 0x3001)
                nc++;
            else if (i < head && (ch < 128 ? (ch >= '0' && ch <= '9') : Py_UNICODE_ISDECIMAL(ch)))
                nd++;
        }
        if (nc && set_flag(commas, j, (double)(nc < 5 ? nc : 5) / 5.0) < 0)
            goto fail;
        if (nd && set_flag(digits, j, (double)nd / (double)head) < 0)
            goto fail;
        PyObject *t = PyList_GET_ITEM(ntok, j);
        Py_ssize_t words = PyLong_Check(t) ? PyLong_AsSsize_t(t) : 0;
        if (words == -1 && PyErr_Occurred())
            goto fail;
        if (words > 1 && is_title(kind, data, len) && set_flag(title, j, 1.0) < 0)
            goto fail;
        if (tail_is(kind, data, len, dots, 3) || tail_is(kind, data, len, ell, 1) ||
            tail_is(kind, data, len, b1, 3) || tail_is(kind, data, len, b2, 5) ||
            tail_is(kind, data, len, p1, 3))
            if (set_flag(trunc, j, 1.0) < 0)
                goto fail;
        if (len <= 60 && nd == 0 && tail_is(kind, data, len, ago, 3)) {
            PyObject *k = PyLong_FromSsize_t(j);
            if (k == NULL || PyList_Append(agos, k) < 0) {
                Py_XDECREF(k);
                goto fail;
            }
            Py_DECREF(k);
        }
        /* duplicates: the first index of each line, -1 once it repeats */
        PyObject *prev = PyDict_GetItemWithError(seen, s);
        if (prev == NULL) {
            if (PyErr_Occurred())
                goto fail;
            PyObject *k = PyLong_FromSsize_t(j);
            if (k == NULL || PyDict_SetItem(seen, s, k) < 0) {
                Py_XDECREF(k);
                goto fail;
            }
            Py_DECREF(k);
        }
        else if (PyDict_SetItem(dups, s, Py_None) < 0)
            goto fail;
    }
    PyObject *dup = PyDict_New();
    if (dup == NULL)
        goto fail;
    if (PyDict_GET_SIZE(dups))
        for (Py_ssize_t j = 0; j < n; j++) {
            int r = PyDict_Contains(dups, PyList_GET_ITEM(stripped, j));
            if (r < 0 || (r && set_flag(dup, j, 1.0) < 0)) {
                Py_DECREF(dup);
                goto fail;
            }
        }
    Py_DECREF(dups);
    Py_DECREF(seen);
    return Py_BuildValue("(NNNNNNN)", colon, commas, digits, title, trunc, agos, dup);
fail:
    Py_XDECREF(colon);
    Py_XDECREF(commas);
    Py_XDECREF(digits);
    Py_XDECREF(title);
    Py_XDECREF(trunc);
    Py_XDECREF(agos);
    Py_XDECREF(dups);
    Py_XDECREF(seen);
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* line_edits                                                                */

static Py_ssize_t
item_index(PyObject *list, Py_ssize_t i)
{
    if (i < 0 || i >= PyList_GET_SIZE(list)) {
        PyErr_SetString(PyExc_IndexError, "line index out of range");
        return -1;
    }
    return PyLong_AsSsize_t(PyList_GET_ITEM(list, i));
}

/* One Edit per removed line (see _edits): the spans, then objects made as
   Edit._trusted makes them (object.__new__, then each slot's descriptor). */
static PyObject *
line_edits(PyObject *self, PyObject *args)
{
    PyObject *text, *starts, *lines, *idx, *removed, *cls, *descrs, *stage, *rounder;
    if (!PyArg_ParseTuple(args, "UOOOOOOUO:line_edits", &text, &starts, &lines, &idx,
                          &removed, &cls, &descrs, &stage, &rounder))
        return NULL;
    if (!PyList_Check(starts) || !PyList_Check(lines) || !PyList_Check(idx) ||
        !PyDict_Check(removed) || !PyType_Check(cls) || !PyTuple_Check(descrs) ||
        PyTuple_GET_SIZE(descrs) != 7) {
        PyErr_SetString(PyExc_TypeError, "bad arguments to line_edits");
        return NULL;
    }
    for (Py_ssize_t f = 0; f < 7; f++)
        if (Py_TYPE(PyTuple_GET_ITEM(descrs, f))->tp_descr_set == NULL) {
            PyErr_SetString(PyExc_TypeError, "descriptors must be data descriptors");
            return NULL;
        }
    Py_ssize_t n = PyList_GET_SIZE(idx), length = PyUnicode_GET_LENGTH(text);
    PyObject *empty = NULL, *four = NULL, *noargs = NULL, *out = NULL;
    Py_ssize_t last_kept = -1;
    for (Py_ssize_t j = n - 1; j >= 0; j--) {
        PyObject *k = PyLong_FromSsize_t(j);
        if (k == NULL)
            return NULL;
        int r = PyDict_Contains(removed, k);
        Py_DECREF(k);
        if (r < 0)
            return NULL;
        if (!r) {
            last_kept = j;
            break;
        }
    }
    empty = PyUnicode_New(0, 0);
    four = PyLong_FromLong(4);
    noargs = PyTuple_New(0);
    out = PyList_New(0);
    if (!empty || !four || !noargs || !out)
        goto fail;
    Py_ssize_t pos = 0;
    PyObject *key, *val;
    while (PyDict_Next(removed, &pos, &key, &val)) {
        Py_ssize_t j = PyLong_AsSsize_t(key);
        if (j == -1 && PyErr_Occurred())
            goto fail;
        if (j < 0 || j >= n || !PyTuple_Check(val) || PyTuple_GET_SIZE(val) != 2) {
            PyErr_SetString(PyExc_ValueError, "removed must map line -> (reason, confidence)");
            goto fail;
        }
        Py_ssize_t phys = item_index(idx, j), begin, end;
        if (phys == -1 && PyErr_Occurred())
            goto fail;
        if (j < last_kept || last_kept < 0) {
            begin = item_index(starts, phys);
            if (begin == -1 && PyErr_Occurred())
                goto fail;
            if (j + 1 < n) {
                Py_ssize_t next = item_index(idx, j + 1);
                if (next == -1 && PyErr_Occurred())
                    goto fail;
                end = item_index(starts, next);
                if (end == -1 && PyErr_Occurred())
                    goto fail;
            }
            else
                end = length;
        }
        else {
            Py_ssize_t prev = item_index(idx, j - 1);
            if (prev == -1 && PyErr_Occurred())
                goto fail;
            Py_ssize_t ps = item_index(starts, prev);
            if (ps == -1 && PyErr_Occurred())
                goto fail;
            if (prev >= PyList_GET_SIZE(lines) || phys >= PyList_GET_SIZE(lines)) {
                PyErr_SetString(PyExc_IndexError, "line index out of range");
                goto fail;
            }
            begin = ps + PyUnicode_GET_LENGTH(PyList_GET_ITEM(lines, prev)) + 1;
            if (j + 1 < n) {
                Py_ssize_t s0 = item_index(starts, phys);
                if (s0 == -1 && PyErr_Occurred())
                    goto fail;
                end = s0 + PyUnicode_GET_LENGTH(PyList_GET_ITEM(lines, phys)) + 1;
                if (end > length)
                    end = length;
            }
            else
                end = length;
        }
        if (begin < 0 || end < begin || end > length) {
            PyErr_SetString(PyExc_ValueError, "edit span out of the text");
            goto fail;
        }
        PyObject *fields[7];
        fields[0] = PyLong_FromSsize_t(begin);
        fields[1] = PyLong_FromSsize_t(end);
        fields[2] = PyUnicode_Substring(text, begin, end);
        fields[3] = Py_NewRef(empty);
        fields[4] = Py_NewRef(stage);
        fields[5] = Py_NewRef(PyTuple_GET_ITEM(val, 0));
        fields[6] = PyObject_CallFunctionObjArgs(rounder, PyTuple_GET_ITEM(val, 1), four, NULL);
        PyObject *e = PyBaseObject_Type.tp_new((PyTypeObject *)cls, noargs, NULL);
        int ok = e != NULL;
        for (int f = 0; f < 7; f++) {
            if (ok && fields[f] != NULL) {
                PyObject *d = PyTuple_GET_ITEM(descrs, f);
                ok = Py_TYPE(d)->tp_descr_set(d, e, fields[f]) == 0;
            }
            else
                ok = 0;
        }
        for (int f = 0; f < 7; f++)
            Py_XDECREF(fields[f]);
        if (!ok || PyList_Append(out, e) < 0) {
            Py_XDECREF(e);
            goto fail;
        }
        Py_DECREF(e);
    }
    Py_DECREF(empty);
    Py_DECREF(four);
    Py_DECREF(noargs);
    return out;
fail:
    Py_XDECREF(empty);
    Py_XDECREF(four);
    Py_XDECREF(noargs);
    Py_XDECREF(out);
    return NULL;
}


/* ------------------------------------------------------------------------ */
/* categorize_indexed                                                        */

static PyObject *str_regex, *str_match, *str_search, *str_lastgroup, *str_categories,
    *str_starts, *str_need;

/* norm.startswith(starts) for a tuple of strings (_PatternGroup.match's
   necessary condition). 1 yes, 0 no, -1 error. The strings are sorted and none
   begins another (_PatternGroup checks it): only the last one not after norm
   can begin it (one between it and norm would begin with it), found by
   bisection when there are more than a few. */
static int
starts_with_one_of(PyObject *starts, PyObject *norm)
{
    Py_ssize_t m = PyTuple_GET_SIZE(starts);
    for (Py_ssize_t k = 0; k < m; k++)
        if (!PyUnicode_Check(PyTuple_GET_ITEM(starts, k))) {
            PyErr_SetString(PyExc_TypeError, "_PatternGroup.starts must hold str");
            return -1;
        }
    Py_ssize_t lo = 0, hi = m;
    if (m > 4) {
        while (lo < hi) {
            Py_ssize_t mid = lo + (hi - lo) / 2;
            int c = PyUnicode_Compare(PyTuple_GET_ITEM(starts, mid), norm);
            if (c == -1 && PyErr_Occurred())
                return -1;
            if (c <= 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == 0)
            return 0;
        lo -= 1;
        hi = lo + 1;
    }
    for (Py_ssize_t k = lo; k < hi; k++) {
        Py_ssize_t r = PyUnicode_Tailmatch(norm, PyTuple_GET_ITEM(starts, k), 0, PY_SSIZE_T_MAX, -1);
        if (r != 0)
            return (int)r;
    }
    return 0;
}

static PyObject *group_call(PyObject *group, PyObject *norm, PyObject *method);

/* group.match(norm) of a _PatternGroup: None unless norm begins with one of
   its starts (when it knows them); else its regex's match, the category of the
   alternative that matched (lastgroup), or None. New reference. */
static PyObject *
group_match(PyObject *group, PyObject *norm)
{
    /* (a group without the attribute, from an older boilerplate.py that a
       benchmark loads beside this kernel, has no starts: no exception raised) */
    PyObject *starts;
#if PY_VERSION_HEX >= 0x030D0000
    if (PyObject_GetOptionalAttr(group, str_starts, &starts) < 0)
        return NULL;
#else
    if (_PyObject_LookupAttr(group, str_starts, &starts) < 0)
        return NULL;
#endif
    if (starts == NULL)
        starts = Py_NewRef(Py_None);
    if (starts != Py_None) {
        int r = PyTuple_Check(starts) ? starts_with_one_of(starts, norm) : -2;
        Py_DECREF(starts);
        if (r == -2)
            PyErr_SetString(PyExc_TypeError, "_PatternGroup.starts must be a tuple or None");
        if (r < 0)
            return NULL;
        if (r == 0)
            Py_RETURN_NONE;
    }
    else
        Py_DECREF(starts);
    return group_call(group, norm, str_match);
}

/* 1 when norm holds one of the group's need literals or the group has none
   (None, or no attribute: a group of an older boilerplate.py), 0 when not, -1
   on error (_PatternGroup.match's and .search's second necessary condition). */
static int
holds_needed(PyObject *group, PyObject *norm)
{
    PyObject *need;
#if PY_VERSION_HEX >= 0x030D0000
    if (PyObject_GetOptionalAttr(group, str_need, &need) < 0)
        return -1;
#else
    if (_PyObject_LookupAttr(group, str_need, &need) < 0)
        return -1;
#endif
    if (need == NULL || need == Py_None) {
        Py_XDECREF(need);
        return 1;
    }
    if (!PyTuple_Check(need)) {
        Py_DECREF(need);
        PyErr_SetString(PyExc_TypeError, "_PatternGroup.need must be a tuple or None");
        return -1;
    }
    int r = 0;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(need) && r == 0; k++) {
        PyObject *lit = PyTuple_GET_ITEM(need, k);
        if (!PyUnicode_Check(lit)) {
            PyErr_SetString(PyExc_TypeError, "_PatternGroup.need must hold str");
            r = -1;
            break;
        }
        r = PyUnicode_Contains(norm, lit);
    }
    Py_DECREF(need);
    return r;
}

/* group.regex.<method>(norm) of a _PatternGroup (method: "match" or "search"):
   the category of the alternative that matched (lastgroup), or None; None
   without a regex call when norm holds none of the group's need literals. New
   reference. */
static PyObject *
group_call(PyObject *group, PyObject *norm, PyObject *method)
{
    int held = holds_needed(group, norm);
    if (held < 0)
        return NULL;
    if (held == 0)
        Py_RETURN_NONE;
    PyObject *regex = PyObject_GetAttr(group, str_regex);
    if (regex == NULL)
        return NULL;
    PyObject *m = PyObject_CallMethodOneArg(regex, method, norm);
    Py_DECREF(regex);
    if (m == NULL)
        return NULL;
    if (m == Py_None)
        return m;
    PyObject *last = PyObject_GetAttr(m, str_lastgroup);
    Py_DECREF(m);
    if (last == NULL)
        return NULL;
    if (last == Py_None || (PyUnicode_Check(last) && PyUnicode_GET_LENGTH(last) == 0)) {
        Py_DECREF(last);
        Py_RETURN_NONE;
    }
    PyObject *cats = PyObject_GetAttr(group, str_categories);
    if (cats == NULL) {
        Py_DECREF(last);
        return NULL;
    }
    PyObject *cat = PyObject_GetItem(cats, last);
    Py_DECREF(cats);
    Py_DECREF(last);
    return cat;
}

/* d.get(key) as a new reference (None when absent). */
static PyObject *
dict_get(PyObject *d, PyObject *key)
{
    PyObject *v = PyDict_GetItemWithError(d, key);
    if (v == NULL)
        return PyErr_Occurred() ? NULL : Py_NewRef(Py_None);
    return Py_NewRef(v);
}

/* Lexicon._prefix(norm) for the dict prefixes (first word -> ((phrase,
   category), ...)): the first word is _FIRST_WORD's match, [^\W_]+ (the
   characters str.isalnum accepts, as re's \w without "_") joined by ' ', '’'
   or '-' to the next such run, "" when norm does not begin with one; the
   category of the first phrase that norm begins with, followed by the end or
   a space, else None. New reference. */
static PyObject *
prefix_lookup(PyObject *prefixes, PyObject *norm)
{
    int kind = PyUnicode_KIND(norm);
    const void *data = PyUnicode_DATA(norm);
    Py_ssize_t len = PyUnicode_GET_LENGTH(norm), end = 0;
    while (end < len && Py_UNICODE_ISALNUM(PyUnicode_READ(kind, data, end)))
        end++;
    if (end > 0)
        while (end + 1 < len) {
            Py_UCS4 c = PyUnicode_READ(kind, data, end);
            if ((c != '\'' && c != 0x2019 && c != '-') ||
                !Py_UNICODE_ISALNUM(PyUnicode_READ(kind, data, end + 1)))
                break;
            end += 2;
            while (end < len && Py_UNICODE_ISALNUM(PyUnicode_READ(kind, data, end)))
                end++;
        }
    PyObject *word = PyUnicode_Substring(norm, 0, end);
    if (word == NULL)
        return NULL;
    PyObject *entries = PyDict_GetItemWithError(prefixes, word); /* borrowed */
    Py_DECREF(word);
    if (entries == NULL)
        return PyErr_Occurred() ? NULL : Py_NewRef(Py_None);
    if (!PyTuple_Check(entries)) {
        PyErr_SetString(PyExc_TypeError, "prefixes must map str to tuples of (phrase, category)");
        return NULL;
    }
    for (Py_ssize_t e = 0; e < PyTuple_GET_SIZE(entries); e++) {
        PyObject *pair = PyTuple_GET_ITEM(entries, e);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 ||
            !PyUnicode_Check(PyTuple_GET_ITEM(pair, 0))) {
            PyErr_SetString(PyExc_TypeError,
                            "prefixes must map str to tuples of (phrase, category)");
            return NULL;
        }
        PyObject *phrase = PyTuple_GET_ITEM(pair, 0);
        Py_ssize_t m = PyUnicode_GET_LENGTH(phrase);
        if (m > len || (m < len && PyUnicode_READ(kind, data, m) != ' '))
            continue;
        Py_ssize_t r = PyUnicode_Tailmatch(norm, phrase, 0, PY_SSIZE_T_MAX, -1);
        if (r < 0)
            return NULL;
        if (r)
            return Py_NewRef(PyTuple_GET_ITEM(pair, 1));
    }
    Py_RETURN_NONE;
}

/* The indexed steps of Lexicon.categorize (see _categorize_indexed); prefix is
   Lexicon._prefix, or the dict Lexicon.prefixes that prefix_lookup reads. */
static PyObject *
categorize_indexed(PyObject *self, PyObject *args)
{
    PyObject *norms, *exact, *starts, *prefix, *heads, *chars;
    Py_ssize_t max_chars, head_len;
    if (!PyArg_ParseTuple(args, "OOOOOOnn:categorize_indexed", &norms, &exact, &starts, &prefix,
                          &heads, &chars, &max_chars, &head_len))
        return NULL;
    if (check_str_list(norms, "norms") < 0)
        return NULL;
    if (!PyDict_Check(exact) || !PyAnySet_Check(starts) || !PyDict_Check(heads) ||
        !PyDict_Check(chars)) {
        PyErr_SetString(PyExc_TypeError, "bad arguments to categorize_indexed");
        return NULL;
    }
    int use_prefix = prefix != Py_None;
    Py_ssize_t n = PyList_GET_SIZE(norms);
    PyObject *cats = PyList_New(n), *todo = PyList_New(0), *zero = NULL;
    if (cats == NULL || todo == NULL)
        goto fail;
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *c = dict_get(exact, PyList_GET_ITEM(norms, j));
        if (c == NULL)
            goto fail;
        PyList_SET_ITEM(cats, j, c);
    }
    zero = PyUnicode_FromOrdinal('0');
    if (zero == NULL)
        goto fail;
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *norm = PyList_GET_ITEM(norms, j);
        Py_ssize_t len = PyUnicode_GET_LENGTH(norm);
        if (PyList_GET_ITEM(cats, j) != Py_None || len == 0 || len >= 2000)
            continue;
        PyObject *cat = NULL;
        if (use_prefix) {
            PyObject *two = PyUnicode_Substring(norm, 0, 2);
            if (two == NULL)
                goto fail;
            int r = PySet_Contains(starts, two);
            Py_DECREF(two);
            if (r == 0) {
                PyObject *one = PyUnicode_Substring(norm, 0, 1);
                if (one == NULL)
                    goto fail;
                r = PySet_Contains(starts, one);
                Py_DECREF(one);
            }
            if (r < 0)
                goto fail;
            if (r) {
                cat = PyDict_Check(prefix) ? prefix_lookup(prefix, norm)
                                           : PyObject_CallOneArg(prefix, norm);
                if (cat == NULL)
                    goto fail;
                PyList_SetItem(cats, j, cat); /* steals; the old value was None */
                if (cat != Py_None)
                    continue;
            }
        }
        if (len > max_chars)
            continue;
        PyObject *key = PyUnicode_Substring(norm, 0, head_len);
        if (key == NULL)
            goto fail;
        PyObject *group = PyDict_GetItemWithError(heads, key); /* borrowed */
        Py_DECREF(key);
        if (group == NULL && PyErr_Occurred())
            goto fail;
        cat = Py_NewRef(Py_None);
        if (group != NULL) {
            Py_DECREF(cat);
            cat = group_match(group, norm);
            if (cat == NULL)
                goto fail;
        }
        if (cat == Py_None) {
            Py_UCS4 ch = PyUnicode_READ_CHAR(norm, 0);
            if (Py_UNICODE_ISDIGIT(ch))
                key = Py_NewRef(zero);
            else
                key = PyUnicode_FromOrdinal((int)ch);
            if (key == NULL) {
                Py_DECREF(cat);
                goto fail;
            }
            group = PyDict_GetItemWithError(chars, key);
            Py_DECREF(key);
            if (group == NULL && PyErr_Occurred()) {
                Py_DECREF(cat);
                goto fail;
            }
            if (group != NULL) {
                Py_DECREF(cat);
                cat = group_match(group, norm);
                if (cat == NULL)
                    goto fail;
            }
        }
        PyList_SetItem(cats, j, cat);
        if (cat == Py_None) {
            PyObject *k = PyLong_FromSsize_t(j);
            if (k == NULL || PyList_Append(todo, k) < 0) {
                Py_XDECREF(k);
                goto fail;
            }
            Py_DECREF(k);
        }
    }
    Py_DECREF(zero);
    return Py_BuildValue("(NN)", cats, todo);
fail:
    Py_XDECREF(zero);
    Py_XDECREF(cats);
    Py_XDECREF(todo);
    return NULL;
}


/* The unanchored patterns' step of Lexicon.categorize: for each line j of
   todo, in order, the gates whose literals norms[j] holds (literal_scan), in
   ascending order, tried with gated[g][1].regex.search until one matches;
   cats[j] set to its category. cats is changed in place; returns None. */
static PyObject *
gated_categorize(PyObject *self, PyObject *args)
{
    PyObject *cap, *norms, *todo, *gated, *cats;
    if (!PyArg_ParseTuple(args, "OOOOO:gated_categorize", &cap, &norms, &todo, &gated, &cats))
        return NULL;
    LiteralIndex *ix = PyCapsule_GetPointer(cap, CAPSULE_NAME);
    if (ix == NULL)
        return NULL;
    if (check_str_list(norms, "norms") < 0)
        return NULL;
    if (!PyList_Check(todo) || !PyTuple_Check(gated) || !PyList_Check(cats) ||
        PyList_GET_SIZE(cats) != PyList_GET_SIZE(norms) || PyTuple_GET_SIZE(gated) < ix->ngates) {
        PyErr_SetString(PyExc_TypeError, "bad arguments to gated_categorize");
        return NULL;
    }
    unsigned char *hit = PyMem_Calloc((size_t)ix->ngates + 1, 1);
    Py_ssize_t *found = PyMem_Calloc((size_t)ix->ngates + 1, sizeof(Py_ssize_t));
    if (hit == NULL || found == NULL) {
        PyMem_Free(hit);
        PyMem_Free(found);
        return PyErr_NoMemory();
    }
    Py_ssize_t n = PyList_GET_SIZE(norms);
    for (Py_ssize_t t = 0; t < PyList_GET_SIZE(todo); t++) {
        Py_ssize_t j = PyLong_AsSsize_t(PyList_GET_ITEM(todo, t));
        if (j == -1 && PyErr_Occurred())
            goto fail;
        if (j < 0 || j >= n) {
            PyErr_SetString(PyExc_IndexError, "line out of range");
            goto fail;
        }
        PyObject *norm = PyList_GET_ITEM(norms, j);
        Py_ssize_t nfound = scan_line(ix, norm, hit, found);
        for (Py_ssize_t x = 0; x < nfound; x++)
            hit[found[x]] = 0;
        for (Py_ssize_t x = 0; x < nfound; x++) {
            PyObject *pair = PyTuple_GET_ITEM(gated, found[x]);
            if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
                PyErr_SetString(PyExc_TypeError, "gated must hold (literals, group) pairs");
                goto fail;
            }
            PyObject *cat = group_call(PyTuple_GET_ITEM(pair, 1), norm, str_search);
            if (cat == NULL)
                goto fail;
            if (cat != Py_None) {
                PyList_SetItem(cats, j, cat); /* steals cat */
                break;
            }
            Py_DECREF(cat);
        }
    }
    PyMem_Free(hit);
    PyMem_Free(found);
    Py_RETURN_NONE;
fail:
    PyMem_Free(hit);
    PyMem_Free(found);
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* split_lines                                                               */

/* text.split("\n"), each line's offset, and the stripped non-blank lines with
   their indexes (see _split_lines). */
static PyObject *
split_lines(PyObject *self, PyObject *args)
{
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U:split_lines", &text))
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t len = PyUnicode_GET_LENGTH(text), a = 0, i = 0;
    PyObject *lines = PyList_New(0), *starts = PyList_New(0), *idx = PyList_New(0),
             *stripped = PyList_New(0);
    if (!lines || !starts || !idx || !stripped)
        goto fail;
    Py_ssize_t phys = 0;
    for (;;) {
        i = a;
        if (kind == PyUnicode_1BYTE_KIND) {
            const Py_UCS1 *p = (const Py_UCS1 *)data;
            const void *nl = memchr(p + a, '\n', (size_t)(len - a));
            i = nl ? (const Py_UCS1 *)nl - p : len;
        }
        else
            while (i < len && PyUnicode_READ(kind, data, i) != '\n')
                i++;
        PyObject *line = PyUnicode_Substring(text, a, i), *st = PyLong_FromSsize_t(a);
        if (line == NULL || st == NULL || PyList_Append(lines, line) < 0 ||
            PyList_Append(starts, st) < 0) {
            Py_XDECREF(line);
            Py_XDECREF(st);
            goto fail;
        }
        Py_DECREF(st);
        Py_ssize_t lo = a, hi = i;
        while (lo < hi && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, lo)))
            lo++;
        while (hi > lo && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, hi - 1)))
            hi--;
        if (hi > lo) {
            PyObject *s = (lo == a && hi == i) ? Py_NewRef(line)
                                               : PyUnicode_Substring(text, lo, hi);
            PyObject *k = PyLong_FromSsize_t(phys);
            if (s == NULL || k == NULL || PyList_Append(stripped, s) < 0 ||
                PyList_Append(idx, k) < 0) {
                Py_XDECREF(s);
                Py_XDECREF(k);
                Py_DECREF(line);
                goto fail;
            }
            Py_DECREF(s);
            Py_DECREF(k);
        }
        Py_DECREF(line);
        phys++;
        if (i >= len)
            break;
        a = i + 1;
    }
    return Py_BuildValue("(NNNN)", lines, starts, idx, stripped);
fail:
    Py_XDECREF(lines);
    Py_XDECREF(starts);
    Py_XDECREF(idx);
    Py_XDECREF(stripped);
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* max_segment, short_runs, link_runs, drop_isolated, sigmoids               */

static PyObject *
max_segment(PyObject *self, PyObject *values)
{
    if (!PyList_Check(values)) {
        PyErr_SetString(PyExc_TypeError, "values must be a list of float");
        return NULL;
    }
    double best = -Py_HUGE_VAL, current = 0.0;
    Py_ssize_t best_start = 0, best_end = 0, start = 0, n = PyList_GET_SIZE(values);
    for (Py_ssize_t i = 0; i < n; i++) {
        double v = PyFloat_AsDouble(PyList_GET_ITEM(values, i));
        if (v == -1.0 && PyErr_Occurred())
            return NULL;
        if (current <= 0.0) {
            current = v;
            start = i;
        }
        else
            current = current + v;
        if (current > best) {
            best = current;
            best_start = start;
            best_end = i;
        }
    }
    return Py_BuildValue("(nn)", best_start, best_end);
}

static PyObject *
short_runs(PyObject *self, PyObject *flags)
{
    if (!PyList_Check(flags)) {
        PyErr_SetString(PyExc_TypeError, "flags must be a list of bool");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(flags);
    PyObject *out = PyList_New(n), *zero = PyFloat_FromDouble(0.0);
    if (out == NULL || zero == NULL)
        goto fail;
    Py_ssize_t a = 0;
    while (a < n) {
        int f = PyObject_IsTrue(PyList_GET_ITEM(flags, a));
        if (f < 0)
            goto fail;
        Py_ssize_t b = a + 1;
        for (; b < n; b++) {
            int g = PyObject_IsTrue(PyList_GET_ITEM(flags, b));
            if (g < 0)
                goto fail;
            if (g != f)
                break;
        }
        PyObject *v = f ? PyFloat_FromDouble(log((double)(b - a))) : Py_NewRef(zero);
        if (v == NULL)
            goto fail;
        for (Py_ssize_t j = a; j < b; j++)
            PyList_SET_ITEM(out, j, Py_NewRef(v));
        Py_DECREF(v);
        a = b;
    }
    Py_DECREF(zero);
    return out;
fail:
    Py_XDECREF(out);
    Py_XDECREF(zero);
    return NULL;
}

static PyObject *
link_runs(PyObject *self, PyObject *args)
{
    PyObject *shorts, *terminal, *exclude;
    if (!PyArg_ParseTuple(args, "OOO:link_runs", &shorts, &terminal, &exclude))
        return NULL;
    if (!PyList_Check(shorts) || !PyList_Check(terminal) ||
        PyList_GET_SIZE(terminal) < PyList_GET_SIZE(shorts)) {
        PyErr_SetString(PyExc_TypeError, "short and terminal must be lists of bool");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(shorts);
    unsigned char *link = PyMem_Calloc((size_t)n + 1, 1);
    if (link == NULL)
        return PyErr_NoMemory();
    for (Py_ssize_t j = 0; j < n; j++) {
        int s = PyObject_IsTrue(PyList_GET_ITEM(shorts, j));
        int t = PyObject_IsTrue(PyList_GET_ITEM(terminal, j));
        if (s < 0 || t < 0) {
            PyMem_Free(link);
            return NULL;
        }
        link[j] = s && !t;
    }
    PyObject *it = PyObject_GetIter(exclude), *x;
    if (it == NULL) {
        PyMem_Free(link);
        return NULL;
    }
    while ((x = PyIter_Next(it)) != NULL) {
        Py_ssize_t j = PyLong_AsSsize_t(x);
        Py_DECREF(x);
        if (j == -1 && PyErr_Occurred())
            break;
        if (j < 0)
            j += n; /* a negative index, as list assignment reads it */
        if (j < 0 || j >= n) {
            PyErr_SetString(PyExc_IndexError, "list assignment index out of range");
            break;
        }
        link[j] = 0;
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) {
        PyMem_Free(link);
        return NULL;
    }
    Py_ssize_t count = 0, a = 0;
    while (a < n) {
        Py_ssize_t b = a + 1;
        while (b < n && link[b] == link[a])
            b++;
        if (link[a] && b - a >= 3)
            count += b - a;
        a = b;
    }
    PyMem_Free(link);
    return PyLong_FromSsize_t(count);
}

static PyObject *
drop_isolated(PyObject *self, PyObject *args)
{
    PyObject *keep, *good, *terminal, *words;
    Py_ssize_t max_words, max_run;
    if (!PyArg_ParseTuple(args, "OOOOnn:drop_isolated", &keep, &good, &terminal, &words,
                          &max_words, &max_run))
        return NULL;
    if (!PyList_Check(keep) || !PyList_Check(good) || !PyList_Check(terminal) ||
        !PyList_Check(words)) {
        PyErr_SetString(PyExc_TypeError, "expected lists");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(keep);
    /* zip stops at the shortest list */
    Py_ssize_t m = n;
    if (PyList_GET_SIZE(good) < m)
        m = PyList_GET_SIZE(good);
    if (PyList_GET_SIZE(terminal) < m)
        m = PyList_GET_SIZE(terminal);
    if (PyList_GET_SIZE(words) < m)
        m = PyList_GET_SIZE(words);
    unsigned char *link = PyMem_Calloc((size_t)m + 1, 1);
    if (link == NULL)
        return PyErr_NoMemory();
    for (Py_ssize_t j = 0; j < m; j++) {
        int k = PyObject_IsTrue(PyList_GET_ITEM(keep, j)), g = 0, t = 0;
        Py_ssize_t w = 0;
        if (k > 0)
            g = PyObject_IsTrue(PyList_GET_ITEM(good, j));
        if (k > 0 && g == 0)
            t = PyObject_IsTrue(PyList_GET_ITEM(terminal, j));
        if (k > 0 && g == 0 && t == 0) {
            w = PyLong_AsSsize_t(PyList_GET_ITEM(words, j));
            if (w == -1 && PyErr_Occurred()) {
                PyMem_Free(link);
                return NULL;
            }
        }
        if (k < 0 || g < 0 || t < 0) {
            PyMem_Free(link);
            return NULL;
        }
        link[j] = k && !g && !t && w <= max_words;
    }
    Py_ssize_t pos = 0;
    while (pos < m) {
        Py_ssize_t end = pos + 1;
        while (end < m && link[end] == link[pos])
            end++;
        Py_ssize_t length = end - pos;
        if (link[pos] && length <= max_run && pos > 0 && end < n) {
            int before = PyObject_IsTrue(PyList_GET_ITEM(keep, pos - 1));
            int after = before ? 0 : PyObject_IsTrue(PyList_GET_ITEM(keep, end));
            if (before < 0 || after < 0) {
                PyMem_Free(link);
                return NULL;
            }
            if (!before && !after)
                for (Py_ssize_t j = pos; j < end; j++)
                    PyList_SetItem(keep, j, Py_NewRef(Py_False));
        }
        pos = end;
    }
    PyMem_Free(link);
    Py_RETURN_NONE;
}

/* 1 / (1 + exp(-z)) for z >= 0, exp(z) / (1 + exp(z)) below (see _sigmoid). */
static PyObject *
sigmoids(PyObject *self, PyObject *values)
{
    if (!PyList_Check(values)) {
        PyErr_SetString(PyExc_TypeError, "values must be a list of float");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(values);
    PyObject *out = PyList_New(n);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t j = 0; j < n; j++) {
        double z = PyFloat_AsDouble(PyList_GET_ITEM(values, j)), r;
        if (z == -1.0 && PyErr_Occurred()) {
            Py_DECREF(out);
            return NULL;
        }
        if (z >= 0) {
            double d = 1.0 + exp(-z);
            r = 1.0 / d;
        }
        else {
            double e = exp(z);
            double d = 1.0 + e;
            r = e / d;
        }
        PyObject *f = PyFloat_FromDouble(r);
        if (f == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, j, f);
    }
    return out;
}

/* ------------------------------------------------------------------------ */
/* line_classes                                                              */

/* Each line's closing punctuation (its last character in ``terminal``, a set
   of one-character strings), whether it is a sentence-like paragraph, and
   whether it is short (see _line_classes). */
static PyObject *
line_classes(PyObject *self, PyObject *args)
{
    PyObject *stripped, *words, *shares, *terminal;
    Py_ssize_t good_words, long_words, short_words;
    double good_share;
    if (!PyArg_ParseTuple(args, "OOOOndnn:line_classes", &stripped, &words, &shares, &terminal,
                          &good_words, &good_share, &long_words, &short_words))
        return NULL;
    if (check_str_list(stripped, "stripped") < 0)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(stripped);
    if (!PyList_Check(words) || !PyList_Check(shares) || PyList_GET_SIZE(words) != n ||
        PyList_GET_SIZE(shares) != n || !PyAnySet_Check(terminal)) {
        PyErr_SetString(PyExc_TypeError,
                        "words and shares must be lists as long as stripped, terminal a set");
        return NULL;
    }
    Py_UCS4 marks[64];
    Py_ssize_t nmarks = 0;
    int empty = 0; /* "" in terminal: an empty line's last character "" is in it */
    PyObject *it = PyObject_GetIter(terminal), *x;
    if (it == NULL)
        return NULL;
    while ((x = PyIter_Next(it)) != NULL) {
        if (PyUnicode_Check(x) && PyUnicode_GET_LENGTH(x) == 0)
            empty = 1;
        else if (PyUnicode_Check(x) && PyUnicode_GET_LENGTH(x) == 1) {
            if (nmarks == 64) {
                Py_DECREF(x);
                PyErr_SetString(PyExc_ValueError, "at most 64 terminal characters");
                break;
            }
            marks[nmarks++] = PyUnicode_READ_CHAR(x, 0);
        }
        Py_DECREF(x);
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return NULL;
    PyObject *term = PyList_New(n), *good = PyList_New(n), *shrt = PyList_New(n);
    if (!term || !good || !shrt)
        goto fail;
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *s = PyList_GET_ITEM(stripped, j);
        Py_ssize_t len = PyUnicode_GET_LENGTH(s);
        int t = len == 0 && empty;
        if (len) {
            Py_UCS4 c = PyUnicode_READ_CHAR(s, len - 1);
            for (Py_ssize_t q = 0; q < nmarks && !t; q++)
                t = marks[q] == c;
        }
        Py_ssize_t nw = PyLong_AsSsize_t(PyList_GET_ITEM(words, j));
        if (nw == -1 && PyErr_Occurred())
            goto fail;
        double share = PyFloat_AsDouble(PyList_GET_ITEM(shares, j));
        if (share == -1.0 && PyErr_Occurred())
            goto fail;
        int g = nw >= good_words && share >= good_share && (t || nw >= long_words);
        PyList_SET_ITEM(term, j, PyBool_FromLong(t));
        PyList_SET_ITEM(good, j, PyBool_FromLong(g));
        PyList_SET_ITEM(shrt, j, PyBool_FromLong(nw <= short_words));
    }
    return Py_BuildValue("(NNN)", term, good, shrt);
fail:
    Py_XDECREF(term);
    Py_XDECREF(good);
    Py_XDECREF(shrt);
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* verdicts                                                                  */

static PyObject *str_repeated, *str_nav, *str_date, *str_url, *str_related, *str_footer;

static int
contains_int(PyObject *container, PyObject *key)
{
    return PySequence_Contains(container, key);
}

static PyObject *
verdict(PyObject *reason, double conf)
{
    PyObject *f = PyFloat_FromDouble(conf);
    if (f == NULL)
        return NULL;
    return Py_BuildValue("(ON)", reason, f);
}

/* The reason and confidence of each removed line (see _verdicts). */
static PyObject *
verdicts(PyObject *self, PyObject *args)
{
    PyObject *order, *repeated, *cats, *sig, *removable, *date_only, *url_only, *teasers,
        *inside, *tails;
    Py_ssize_t end;
    if (!PyArg_ParseTuple(args, "OOOOOOOOOnO:verdicts", &order, &repeated, &cats, &sig,
                          &removable, &date_only, &url_only, &teasers, &inside, &end, &tails))
        return NULL;
    if (!PyList_Check(order) || !PyDict_Check(repeated) || !PyList_Check(cats) ||
        !PyList_Check(sig) || !PyList_Check(inside) || !PyList_Check(tails)) {
        PyErr_SetString(PyExc_TypeError, "bad arguments to verdicts");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(cats), ntails = PyList_GET_SIZE(tails);
    if (PyList_GET_SIZE(sig) < n || PyList_GET_SIZE(inside) < n) {
        PyErr_SetString(PyExc_ValueError, "sig and inside must cover every line");
        return NULL;
    }
    PyObject *out = PyDict_New();
    if (out == NULL)
        return NULL;
    int any_repeated = PyDict_GET_SIZE(repeated) > 0;
    PyObject *v = NULL;
    for (Py_ssize_t x = 0; x < PyList_GET_SIZE(order); x++) {
        PyObject *key = PyList_GET_ITEM(order, x);
        v = NULL;
        Py_ssize_t j = PyLong_AsSsize_t(key);
        if (j == -1 && PyErr_Occurred())
            goto fail;
        if (j < 0 || j >= n) {
            PyErr_SetString(PyExc_IndexError, "line out of range");
            goto fail;
        }
        if (any_repeated) {
            PyObject *r = PyDict_GetItemWithError(repeated, key);
            if (r == NULL && PyErr_Occurred())
                goto fail;
            if (r != NULL) {
                v = Py_BuildValue("(OO)", str_repeated, r);
                if (v == NULL || PyDict_SetItem(out, key, v) < 0)
                    goto fail_v;
                Py_DECREF(v);
                continue;
            }
        }
        PyObject *cat = PyList_GET_ITEM(cats, j);
        double s = PyFloat_AsDouble(PyList_GET_ITEM(sig, j));
        if (s == -1.0 && PyErr_Occurred())
            goto fail;
        double conf = 1.0 - s;
        int r;
        if ((r = contains_int(removable, key)) != 0) {
            if (r < 0)
                goto fail;
            int truthy = PyObject_IsTrue(cat);
            if (truthy < 0)
                goto fail;
            v = verdict(truthy ? cat : str_nav, 0.9 > conf ? 0.9 : conf);
        }
        else if ((r = contains_int(date_only, key)) != 0) {
            if (r < 0)
                goto fail;
            v = verdict(str_date, conf);
        }
        else if ((r = contains_int(url_only, key)) != 0) {
            if (r < 0)
                goto fail;
            v = verdict(str_url, conf);
        }
        else if ((r = contains_int(teasers, key)) != 0) {
            if (r < 0)
                goto fail;
            v = verdict(str_related, conf);
        }
        else {
            int in = 0;
            if (j > end) {
                in = PyObject_IsTrue(PyList_GET_ITEM(inside, j));
                if (in < 0)
                    goto fail;
            }
            if (j > end && !in) {
                /* bisect_right(tails, j) */
                Py_ssize_t lo = 0, hi = ntails;
                while (lo < hi) {
                    Py_ssize_t mid = (lo + hi) / 2;
                    Py_ssize_t tm = PyLong_AsSsize_t(PyList_GET_ITEM(tails, mid));
                    if (tm == -1 && PyErr_Occurred())
                        goto fail;
                    if (j < tm)
                        hi = mid;
                    else
                        lo = mid + 1;
                }
                PyObject *reason = str_footer;
                if (lo) {
                    Py_ssize_t tj = PyLong_AsSsize_t(PyList_GET_ITEM(tails, lo - 1));
                    if (tj == -1 && PyErr_Occurred())
                        goto fail;
                    if (tj < 0 || tj >= n) {
                        PyErr_SetString(PyExc_IndexError, "tail line out of range");
                        goto fail;
                    }
                    PyObject *tc = PyList_GET_ITEM(cats, tj);
                    int truthy = PyObject_IsTrue(tc);
                    if (truthy < 0)
                        goto fail;
                    if (truthy)
                        reason = tc;
                }
                v = verdict(reason, conf);
            }
            else
                v = verdict(str_nav, conf);
        }
        if (v == NULL || PyDict_SetItem(out, key, v) < 0)
            goto fail_v;
        Py_DECREF(v);
    }
    return out;
fail_v:
    Py_XDECREF(v);
    Py_DECREF(out);
    return NULL;
fail:
    Py_DECREF(out);
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* dense_columns, separator_lines                                            */

/* Whether each item of a list is a bool (the paragraph flags of line_classes). */
static int
check_bool_list(PyObject *obj, const char *what)
{
    if (!PyList_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "%s must be a list of bool", what);
        return -1;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(obj); i++)
        if (!PyBool_Check(PyList_GET_ITEM(obj, i))) {
            PyErr_Format(PyExc_TypeError, "%s must be a list of bool", what);
            return -1;
        }
    return 0;
}

/* The dense columns of _dense_columns in one pass: log1p of each length, the
   stopword share == 0.0, position j / (n - 1), the paragraph share among the
   three lines on each side, the previous and next paragraph flags, paragraph
   characters and their running total. Integer sums are exact in a double, so
   (double)a / (double)b is Python's int / int (both operands below 2**53). */
static PyObject *
dense_columns(PyObject *self, PyObject *args)
{
    PyObject *stripped, *sw, *good;
    if (!PyArg_ParseTuple(args, "OOO:dense_columns", &stripped, &sw, &good))
        return NULL;
    if (check_str_list(stripped, "stripped") < 0 || check_bool_list(good, "good") < 0)
        return NULL;
    if (!PyList_Check(sw)) {
        PyErr_SetString(PyExc_TypeError, "sw must be a list of float");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(stripped);
    if (PyList_GET_SIZE(sw) != n || PyList_GET_SIZE(good) != n) {
        PyErr_SetString(PyExc_ValueError, "stripped, sw and good must have the same length");
        return NULL;
    }
    PyObject *out[8] = {NULL};
    Py_ssize_t *psum = PyMem_Malloc(((size_t)n + 1) * sizeof(Py_ssize_t));
    PyObject *zero = PyFloat_FromDouble(0.0);
    if (psum == NULL || zero == NULL)
        goto nomem;
    for (int k = 0; k < 8; k++)
        if ((out[k] = PyList_New(n)) == NULL)
            goto fail;
    PyObject *log_chars = out[0], *no_stop = out[1], *position = out[2], *context = out[3],
             *prev = out[4], *next = out[5], *gchars = out[6], *seen = out[7];
    psum[0] = 0;
    Py_ssize_t total = 0;
    for (Py_ssize_t j = 0; j < n; j++) {
        Py_ssize_t len = PyUnicode_GET_LENGTH(PyList_GET_ITEM(stripped, j));
        int g = PyList_GET_ITEM(good, j) == Py_True;
        psum[j + 1] = psum[j] + g;
        PyObject *v = PyFloat_FromDouble(log1p((double)len));
        if (v == NULL)
            goto fail;
        PyList_SET_ITEM(log_chars, j, v);
        PyObject *x = PyList_GET_ITEM(sw, j);
        if (PyFloat_CheckExact(x))
            v = Py_NewRef(PyFloat_AS_DOUBLE(x) == 0.0 ? Py_True : Py_False);
        else if ((v = PyObject_RichCompare(x, zero, Py_EQ)) == NULL)
            goto fail;
        PyList_SET_ITEM(no_stop, j, v);
        v = n > 1 ? PyFloat_FromDouble((double)j / (double)(n - 1)) : Py_NewRef(zero);
        if (v == NULL)
            goto fail;
        PyList_SET_ITEM(position, j, v);
        PyList_SET_ITEM(prev, j, Py_NewRef(j ? PyList_GET_ITEM(good, j - 1) : Py_False));
        PyList_SET_ITEM(next, j, Py_NewRef(j + 1 < n ? PyList_GET_ITEM(good, j + 1) : Py_False));
        Py_ssize_t c = g ? len : 0;
        total += c;
        if ((v = PyLong_FromSsize_t(c)) == NULL)
            goto fail;
        PyList_SET_ITEM(gchars, j, v);
        if ((v = PyLong_FromSsize_t(total)) == NULL)
            goto fail;
        PyList_SET_ITEM(seen, j, v);
    }
    for (Py_ssize_t j = 0; j < n; j++) {
        Py_ssize_t g = psum[j + 1] - psum[j];
        double share;
        if (j >= 3 && j < n - 3) /* the inner lines: six neighbours */
            share = (double)(psum[j + 4] - psum[j - 3] - g) / 6.0;
        else {
            Py_ssize_t lo = j - 3 > 0 ? j - 3 : 0, hi = j + 4 < n ? j + 4 : n;
            Py_ssize_t d = hi - lo - 1 > 1 ? hi - lo - 1 : 1;
            share = (double)(psum[hi] - psum[lo] - g) / (double)d;
        }
        PyObject *v = PyFloat_FromDouble(share);
        if (v == NULL)
            goto fail;
        PyList_SET_ITEM(context, j, v);
    }
    PyMem_Free(psum);
    Py_DECREF(zero);
    return Py_BuildValue("(NNNNNNNN)", out[0], out[1], out[2], out[3], out[4], out[5], out[6],
                         out[7]);
nomem:
    PyErr_NoMemory();
fail:
    PyMem_Free(psum);
    Py_XDECREF(zero);
    for (int k = 0; k < 8; k++)
        Py_XDECREF(out[k]);
    return NULL;
}

/* The lines of _separator_lines: those shorter than max_chars holding a
   character of one with a whitespace character beside it on the same line, or
   one of two with whitespace on both sides (str.isspace: Py_UNICODE_ISSPACE).
   {line: 1.0} in line order. */
static PyObject *
separator_lines(PyObject *self, PyObject *args)
{
    PyObject *stripped, *one, *two;
    Py_ssize_t max_chars;
    if (!PyArg_ParseTuple(args, "OUUn:separator_lines", &stripped, &one, &two, &max_chars))
        return NULL;
    if (check_str_list(stripped, "stripped") < 0)
        return NULL;
    Py_UCS4 *c1 = PyUnicode_AsUCS4Copy(one), *c2 = PyUnicode_AsUCS4Copy(two);
    PyObject *out = PyDict_New(), *value = PyFloat_FromDouble(1.0);
    if (c1 == NULL || c2 == NULL || out == NULL || value == NULL)
        goto fail;
    Py_ssize_t n1 = PyUnicode_GET_LENGTH(one), n2 = PyUnicode_GET_LENGTH(two);
    /* side[c]: 1 for a character of one, 2 of two, 3 both (below 256); above,
       a look through the (short) strings */
    unsigned char side[256] = {0};
    for (Py_ssize_t i = 0; i < n1; i++)
        if (c1[i] < 256)
            side[c1[i]] |= 1;
    for (Py_ssize_t i = 0; i < n2; i++)
        if (c2[i] < 256)
            side[c2[i]] |= 2;
    Py_ssize_t n = PyList_GET_SIZE(stripped);
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *s = PyList_GET_ITEM(stripped, k);
        Py_ssize_t len = PyUnicode_GET_LENGTH(s);
        if (len >= max_chars)
            continue;
        int kind = PyUnicode_KIND(s);
        const void *data = PyUnicode_DATA(s);
        int found = 0;
        for (Py_ssize_t i = 0; i < len && !found; i++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, i);
            int which = 0;
            if (ch < 256)
                which = side[ch];
            else {
                for (Py_ssize_t q = 0; q < n1; q++)
                    if (c1[q] == ch)
                        which |= 1;
                for (Py_ssize_t q = 0; q < n2; q++)
                    if (c2[q] == ch)
                        which |= 2;
            }
            if (!which)
                continue;
            int before = i > 0 && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i - 1));
            int after = i + 1 < len && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i + 1));
            found = ((which & 1) && (before || after)) || ((which & 2) && before && after);
        }
        if (found) {
            PyObject *key = PyLong_FromSsize_t(k);
            if (key == NULL || PyDict_SetItem(out, key, value) < 0) {
                Py_XDECREF(key);
                goto fail;
            }
            Py_DECREF(key);
        }
    }
    PyMem_Free(c1);
    PyMem_Free(c2);
    Py_DECREF(value);
    return out;
fail:
    PyMem_Free(c1);
    PyMem_Free(c2);
    Py_XDECREF(out);
    Py_XDECREF(value);
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* lexicon_columns                                                           */

/* int(words[k]) as a Py_ssize_t; -1 with an exception set on error. */
static int
word_count(PyObject *words, Py_ssize_t k, Py_ssize_t *out)
{
    *out = PyLong_AsSsize_t(PyList_GET_ITEM(words, k));
    return (*out == -1 && PyErr_Occurred()) ? -1 : 0;
}

/* _lexicon_columns: each line with a (true) category goes to weak when its
   category is in weak_cats or it has more than max_words words, or when it is
   terminal with at least sentence_words words, its category not in
   sentence_cats and its norm not an exact phrase; to lexicon otherwise.
   ({line: 1.0}, {line: 1.0}) in line order. */
static PyObject *
lexicon_columns(PyObject *self, PyObject *args)
{
    PyObject *cats, *words, *terminal, *norms, *exact, *weak_cats, *sentence_cats;
    Py_ssize_t max_words, sentence_words;
    if (!PyArg_ParseTuple(args, "OOOOOOOnn:lexicon_columns", &cats, &words, &terminal, &norms,
                          &exact, &weak_cats, &sentence_cats, &max_words, &sentence_words))
        return NULL;
    if (!PyList_Check(cats) || !PyList_Check(words) || !PyList_Check(terminal) ||
        !PyList_Check(norms) || !PyDict_Check(exact) || !PyAnySet_Check(weak_cats) ||
        !PyAnySet_Check(sentence_cats)) {
        PyErr_SetString(PyExc_TypeError, "bad arguments to lexicon_columns");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(cats);
    if (PyList_GET_SIZE(words) < n || PyList_GET_SIZE(terminal) < n ||
        PyList_GET_SIZE(norms) < n) {
        PyErr_SetString(PyExc_IndexError, "words, terminal and norms must cover every line");
        return NULL;
    }
    PyObject *lexicon = PyDict_New(), *weak = PyDict_New(), *one = PyFloat_FromDouble(1.0);
    if (lexicon == NULL || weak == NULL || one == NULL)
        goto fail;
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *cat = PyList_GET_ITEM(cats, j);
        int r = PyObject_IsTrue(cat);
        if (r < 0)
            goto fail;
        if (!r)
            continue;
        Py_ssize_t w;
        if (word_count(words, j, &w) < 0)
            goto fail;
        int is_weak = PySet_Contains(weak_cats, cat);
        if (is_weak < 0)
            goto fail;
        if (!is_weak && w > max_words)
            is_weak = 1;
        if (!is_weak) {
            r = PyObject_IsTrue(PyList_GET_ITEM(terminal, j));
            if (r < 0)
                goto fail;
            if (r && w >= sentence_words) {
                r = PySet_Contains(sentence_cats, cat);
                if (r < 0)
                    goto fail;
                if (!r) {
                    r = PyDict_Contains(exact, PyList_GET_ITEM(norms, j));
                    if (r < 0)
                        goto fail;
                    is_weak = !r;
                }
            }
        }
        PyObject *key = PyLong_FromSsize_t(j);
        if (key == NULL || PyDict_SetItem(is_weak ? weak : lexicon, key, one) < 0) {
            Py_XDECREF(key);
            goto fail;
        }
        Py_DECREF(key);
    }
    Py_DECREF(one);
    return Py_BuildValue("(NN)", lexicon, weak);
fail:
    Py_XDECREF(lexicon);
    Py_XDECREF(weak);
    Py_XDECREF(one);
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* keep_headings                                                             */

/* _keep_headings: for each paragraph j (words >= good_words) from the last up,
   kept, after a removed line: up to max_headings removed lines above it kept
   (see-through lines skipped), stopping at a line with a category, a date or
   URL alone, more than max_words words, or navigation above the headline.
   keep is changed in place; returns None. */
static PyObject *
keep_headings(PyObject *self, PyObject *args)
{
    PyObject *keep, *words, *cats, *date_only, *url_only, *see;
    Py_ssize_t title, headline, good_words, max_headings, max_words;
    if (!PyArg_ParseTuple(args, "OOOOOnnOnnn:keep_headings", &keep, &words, &cats, &date_only,
                          &url_only, &title, &headline, &see, &good_words, &max_headings,
                          &max_words))
        return NULL;
    if (!PyList_Check(keep) || !PyList_Check(words) || !PyList_Check(cats) ||
        !PyDict_Check(date_only) || !PyDict_Check(url_only) || !PyAnySet_Check(see)) {
        PyErr_SetString(PyExc_TypeError, "bad arguments to keep_headings");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(keep);
    if (PyList_GET_SIZE(words) != n || PyList_GET_SIZE(cats) != n) {
        PyErr_SetString(PyExc_ValueError, "keep, words and cats must have the same length");
        return NULL;
    }
    for (Py_ssize_t j = n - 1; j >= 0; j--) {
        Py_ssize_t w;
        if (word_count(words, j, &w) < 0)
            return NULL;
        if (w < good_words)
            continue;
        int kj = PyObject_IsTrue(PyList_GET_ITEM(keep, j));
        if (kj < 0)
            return NULL;
        if (!kj || j == 0)
            continue;
        int kp = PyObject_IsTrue(PyList_GET_ITEM(keep, j - 1));
        if (kp < 0)
            return NULL;
        if (kp)
            continue;
        Py_ssize_t k = j - 1, steps = 0;
        while (k >= 0 && steps < max_headings) {
            int kk = PyObject_IsTrue(PyList_GET_ITEM(keep, k));
            if (kk < 0)
                return NULL;
            if (kk)
                break;
            PyObject *cat = PyList_GET_ITEM(cats, k);
            int r = PySet_Contains(see, cat);
            if (r < 0)
                return NULL;
            if (r) {
                k--; /* an embedded post between a heading and its paragraph */
                continue;
            }
            if (cat != Py_None)
                break;
            PyObject *key = PyLong_FromSsize_t(k);
            if (key == NULL)
                return NULL;
            r = PyDict_Contains(date_only, key);
            if (r == 0)
                r = PyDict_Contains(url_only, key);
            Py_DECREF(key);
            if (r < 0)
                return NULL;
            if (r)
                break;
            if (word_count(words, k, &w) < 0)
                return NULL;
            if (w > max_words)
                break;
            if (k < headline && headline <= j && k != title)
                break; /* navigation above the headline is not a heading */
            if (PyList_SetItem(keep, k, Py_NewRef(Py_True)) < 0)
                return NULL;
            k--;
            steps++;
        }
    }
    Py_RETURN_NONE;
}

/* ------------------------------------------------------------------------ */

static PyMethodDef methods[] = {
    {"token_stats", token_stats, METH_VARARGS,
     "token_stats(low, stop) -> (tokens per line, stopword share per line)"},
    {"stop_index", stop_index, METH_O, "stop_index(words) -> an index for token_stats"},
    {"has_cjk", has_cjk, METH_O, "has_cjk(text) -> whether _CJK.search(text) finds one"},
    {"has_any", has_any, METH_VARARGS,
     "has_any(text, chars) -> whether text holds a character of chars"},
    {"buckets", buckets, METH_VARARGS,
     "buckets(words, table) -> [table[min(w, len(table) - 1)] for w in words]"},
    {"has_other_script", has_other_script, METH_O,
     "has_other_script(text) -> whether _OTHER_SCRIPT.search(text) finds one"},
    {"norms", norms, METH_VARARGS, "norms(low, edge) -> [' '.join(s.split()).strip(edge)]"},
    {"literal_index", literal_index, METH_VARARGS,
     "literal_index(literals, gates) -> an index for literal_scan"},
    {"literal_scan", literal_scan, METH_VARARGS,
     "literal_scan(index, lines) -> [(line, gates whose literals it holds, ascending)]"},
    {"linear_scores", linear_scores, METH_VARARGS,
     "linear_scores(buckets, columns, weights, first) -> the line model's scores"},
    {"categorize_indexed", categorize_indexed, METH_VARARGS,
     "categorize_indexed(norms, exact, starts, prefix, heads, chars, max_chars, head_len)"
     " -> (categories, lines still undecided)"},
    {"gated_categorize", gated_categorize, METH_VARARGS,
     "gated_categorize(index, norms, todo, gated, cats) -> None (cats set for the lines"
     " an unanchored pattern matches)"},
    {"split_lines", split_lines, METH_VARARGS,
     "split_lines(text) -> (lines, starts, indexes of the non-blank lines, stripped lines)"},
    {"max_segment", max_segment, METH_O, "max_segment(values) -> (start, end)"},
    {"short_runs", short_runs, METH_O, "short_runs(flags) -> log of each true run's length"},
    {"link_runs", link_runs, METH_VARARGS, "link_runs(short, terminal, exclude) -> int"},
    {"drop_isolated", drop_isolated, METH_VARARGS,
     "drop_isolated(keep, good, terminal, words, max_words, max_run) -> None (keep changed)"},
    {"sigmoids", sigmoids, METH_O, "sigmoids(values) -> [_sigmoid(v) for v in values]"},
    {"line_classes", line_classes, METH_VARARGS,
     "line_classes(stripped, words, shares, terminal, good_words, good_share, long_words,"
     " short_words) -> (terminal, good, short)"},
    {"verdicts", verdicts, METH_VARARGS,
     "verdicts(order, repeated, cats, sig, removable, date_only, url_only, teasers, inside,"
     " end, tails) -> {line: (reason, confidence)}"},
    {"line_flags", line_flags, METH_VARARGS,
     "line_flags(stripped, ntok, window) -> the sparse columns read off each line"},
    {"dense_columns", dense_columns, METH_VARARGS,
     "dense_columns(stripped, sw, good) -> (log_chars, no_stopword, position, context,"
     " prev_good, next_good, good_chars, seen)"},
    {"separator_lines", separator_lines, METH_VARARGS,
     "separator_lines(stripped, one_side, two_sides, max_chars) -> {line: 1.0}"},
    {"lexicon_columns", lexicon_columns, METH_VARARGS,
     "lexicon_columns(cats, words, terminal, norms, exact, weak_categories,"
     " sentence_categories, max_words, sentence_words) -> (lexicon, weak)"},
    {"keep_headings", keep_headings, METH_VARARGS,
     "keep_headings(keep, words, cats, date_only, url_only, title, headline, see_through,"
     " good_words, max_headings, max_words) -> None (keep changed)"},
    {"line_edits", line_edits, METH_VARARGS,
     "line_edits(text, starts, lines, idx, removed, cls, descriptors, stage, rounder) -> edits"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_linefeatures",
    "Compiled per-line work of textrepair's boilerplate stage (see boilerplate.py).", -1,
    methods,
};

PyMODINIT_FUNC
PyInit__linefeatures(void)
{
    str_regex = PyUnicode_InternFromString("regex");
    str_match = PyUnicode_InternFromString("match");
    str_search = PyUnicode_InternFromString("search");
    str_lastgroup = PyUnicode_InternFromString("lastgroup");
    str_categories = PyUnicode_InternFromString("categories");
    str_starts = PyUnicode_InternFromString("starts");
    str_need = PyUnicode_InternFromString("need");
    str_repeated = PyUnicode_InternFromString("repeated-line");
    str_nav = PyUnicode_InternFromString("nav-line");
    str_date = PyUnicode_InternFromString("date-line");
    str_url = PyUnicode_InternFromString("url-line");
    str_related = PyUnicode_InternFromString("related-links");
    str_footer = PyUnicode_InternFromString("footer");
    if (!str_regex || !str_match || !str_search || !str_lastgroup || !str_categories || !str_starts ||
        !str_need || !str_repeated || !str_nav || !str_date || !str_url || !str_related || !str_footer)
        return NULL;
    return PyModule_Create(&module);
}
