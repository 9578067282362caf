/* Compiled kernel of the token stage's candidate search and dictionary load (optional).
 *
 * Each function here is a transcription of a pure-Python reference in
 * textrepair/candidates.py, which stays the specification: the same
 * operations in the same order on C doubles (IEEE binary64, as Python
 * floats), so costs come out bit-identical and ties break the same way.
 * tests/test_kernel.py checks both against each other.
 *
 *   osa_distance(a, b)              candidates.osa_distance
 *   Aligner(...).align(o, w)        Channel.align (the weighted DP)
 *   DeleteLookup(...).lookup(q, d)  DeleteIndex.lookup
 *   DeleteLookup(...).within(...)   DeleteIndex.within (lookup, then verify)
 *   expand(...)                     the recursion of Channel.variants
 *   sites(...)                      Channel.variant_sites
 *   PrefixKeys(keys)(head)          tokens._Lexicon.word_prefix
 *   triage(...)                     candidates.triage_variants
 *   scored(...)                     tokens._Lexicon._scored (rank, align, score)
 *   splits(...)                     the loop of tokens._Lexicon._splits
 *   search(...)                     the OCR path of tokens._Lexicon.candidates after
 *                                   the index lookup (the functions above, in order)
 *   search_typing(...)              the same for tokens._Lexicon._typing_candidates
 *   skeleton(word)                  tokens._skeleton (words of ASCII letters)
 *   parse_grouped(data, start)      dictionary._parse_grouped (a cold load's parse)
 *   parse_grouped_into(d, data, i)  the same, line by line, for a file read in pieces
 *   trim_heap()                     malloc_trim(0) after a load (no ctypes import)
 *
 * Where a reference relies on Python's unbounded integers (osa_distance on a
 * differing middle longer than 64 characters) or on recursion over a long
 * token, the kernel calls the pure-Python function instead.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

/* ------------------------------------------------------------------------ */
/* Small helpers                                                             */

/* A str as UCS4 code points; ``stack`` is used when it is large enough. */
typedef struct {
    Py_UCS4 *p;
    Py_ssize_t n;
    Py_UCS4 *heap;
} ucs4buf;

#define STACK_CHARS 128

static int
to_ucs4(PyObject *s, ucs4buf *b, Py_UCS4 *stack)
{
    if (!PyUnicode_Check(s)) {
        PyErr_SetString(PyExc_TypeError, "expected str");
        return -1;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    b->n = n;
    b->heap = NULL;
    if (n <= STACK_CHARS) {
        b->p = stack;
    }
    else {
        if ((size_t)n > PY_SSIZE_T_MAX / sizeof(Py_UCS4) - 1) {
            PyErr_NoMemory();
            return -1;
        }
        b->heap = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(n + 1));
        if (b->heap == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        b->p = b->heap;
    }
    /* One loop per storage kind (PyUnicode_READ would branch on it per character). */
    switch (PyUnicode_KIND(s)) {
    case PyUnicode_1BYTE_KIND: {
        const Py_UCS1 *d = PyUnicode_1BYTE_DATA(s);
        for (Py_ssize_t i = 0; i < n; i++) {
            b->p[i] = d[i];
        }
        break;
    }
    case PyUnicode_2BYTE_KIND: {
        const Py_UCS2 *d = PyUnicode_2BYTE_DATA(s);
        for (Py_ssize_t i = 0; i < n; i++) {
            b->p[i] = d[i];
        }
        break;
    }
    default:
        memcpy(b->p, PyUnicode_4BYTE_DATA(s), sizeof(Py_UCS4) * (size_t)n);
        break;
    }
    return 0;
}

static void
free_ucs4(ucs4buf *b)
{
    if (b->heap != NULL) {
        PyMem_Free(b->heap);
        b->heap = NULL;
    }
}

static PyObject *
str_from(const Py_UCS4 *p, Py_ssize_t n)
{
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, p, n);
}

/* Open-addressing map from a 64-bit key to an int (linear probing). */
typedef struct {
    uint64_t *keys;
    int32_t *vals;
    size_t cap; /* a power of two, or 0 */
    size_t len;
} imap;

#define IMAP_EMPTY UINT64_MAX

static uint64_t
mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static void
imap_free(imap *m)
{
    PyMem_Free(m->keys);
    PyMem_Free(m->vals);
    m->keys = NULL;
    m->vals = NULL;
    m->cap = m->len = 0;
}

static int
imap_get(const imap *m, uint64_t key, int32_t *out)
{
    if (!m->cap) {
        return 0;
    }
    size_t mask = m->cap - 1;
    size_t i = (size_t)mix64(key) & mask;
    for (;;) {
        uint64_t k = m->keys[i];
        if (k == key) {
            *out = m->vals[i];
            return 1;
        }
        if (k == IMAP_EMPTY) {
            return 0;
        }
        i = (i + 1) & mask;
    }
}

static int imap_put(imap *m, uint64_t key, int32_t val);

static int
imap_grow(imap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    imap bigger = {NULL, NULL, cap, 0};
    bigger.keys = PyMem_Malloc(sizeof(uint64_t) * cap);
    bigger.vals = PyMem_Malloc(sizeof(int32_t) * cap);
    if (bigger.keys == NULL || bigger.vals == NULL) {
        imap_free(&bigger);
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i < cap; i++) {
        bigger.keys[i] = IMAP_EMPTY;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys[i] != IMAP_EMPTY) {
            imap_put(&bigger, m->keys[i], m->vals[i]);
        }
    }
    imap_free(m);
    *m = bigger;
    return 0;
}

/* Insert or overwrite. */
static int
imap_put(imap *m, uint64_t key, int32_t val)
{
    if ((m->len + 1) * 2 > m->cap && imap_grow(m) < 0) {
        return -1;
    }
    size_t mask = m->cap - 1;
    size_t i = (size_t)mix64(key) & mask;
    while (m->keys[i] != IMAP_EMPTY && m->keys[i] != key) {
        i = (i + 1) & mask;
    }
    if (m->keys[i] == IMAP_EMPTY) {
        m->keys[i] = key;
        m->len++;
    }
    m->vals[i] = val;
    return 0;
}

/* Keys for fragments of up to two code points (21 bits each). */
static uint64_t
frag_key(Py_ssize_t len, Py_UCS4 c1, Py_UCS4 c2)
{
    return ((uint64_t)len << 42) | ((uint64_t)c1 << 21) | (uint64_t)c2;
}

/* A str of length 1 or 2 as a fragment key; -1 with no error set if it is not. */
static int
str_frag_key(PyObject *s, Py_ssize_t want_min, Py_ssize_t want_max, uint64_t *key)
{
    if (!PyUnicode_Check(s)) {
        return -1;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    if (n < want_min || n > want_max) {
        return -1;
    }
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    Py_UCS4 c1 = n >= 1 ? PyUnicode_READ(kind, data, 0) : 0;
    Py_UCS4 c2 = n >= 2 ? PyUnicode_READ(kind, data, 1) : 0;
    *key = frag_key(n, c1, c2);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* osa_distance                                                              */

static PyObject *osa_fallback = NULL; /* candidates._osa_distance_py */

/* OSA distance of two code-point strings; -2 if the bit-parallel
 * transcription cannot take them (differing middle over 64 characters). */
static Py_ssize_t
osa_core(const Py_UCS4 *a, Py_ssize_t la0, const Py_UCS4 *b, Py_ssize_t lb0)
{
    if (la0 == lb0 && (la0 == 0 || memcmp(a, b, sizeof(Py_UCS4) * (size_t)la0) == 0)) {
        return 0;
    }
    Py_ssize_t p = 0;
    Py_ssize_t n = la0 < lb0 ? la0 : lb0;
    while (p < n && a[p] == b[p]) {
        p++;
    }
    a += p;
    b += p;
    Py_ssize_t la = la0 - p, lb = lb0 - p;
    Py_ssize_t s = 0;
    n = la < lb ? la : lb;
    while (s < n && a[la - 1 - s] == b[lb - 1 - s]) {
        s++;
    }
    la -= s;
    lb -= s;
    if (!la || !lb) {
        return la ? la : lb;
    }
    if (la > 64) {
        return -2;
    }
    /* Pattern bitmasks of ``a``: a table for ASCII, a short list otherwise. */
    uint64_t ascii[128];
    memset(ascii, 0, sizeof(ascii));
    Py_UCS4 other_c[64];
    uint64_t other_m[64];
    int n_other = 0;
    uint64_t bit = 1;
    for (Py_ssize_t i = 0; i < la; i++, bit <<= 1) {
        Py_UCS4 c = a[i];
        if (c < 128) {
            ascii[c] |= bit;
        }
        else {
            int k = 0;
            while (k < n_other && other_c[k] != c) {
                k++;
            }
            if (k == n_other) {
                other_c[k] = c;
                other_m[k] = 0;
                n_other++;
            }
            other_m[k] |= bit;
        }
    }
    uint64_t full = la == 64 ? UINT64_MAX : (((uint64_t)1 << la) - 1);
    uint64_t top = (uint64_t)1 << (la - 1);
    uint64_t vp = full, vn = 0, d0 = 0, pm_prev = 0;
    Py_ssize_t score = la;
    for (Py_ssize_t j = 0; j < lb; j++) {
        Py_UCS4 c = b[j];
        uint64_t pm = 0;
        if (c < 128) {
            pm = ascii[c];
        }
        else {
            for (int k = 0; k < n_other; k++) {
                if (other_c[k] == c) {
                    pm = other_m[k];
                    break;
                }
            }
        }
        uint64_t tr = (((~d0) & pm) << 1) & pm_prev;
        d0 = ((((pm & vp) + vp) ^ vp) | pm | vn | tr) & full;
        uint64_t hp = vn | (~(d0 | vp) & full);
        uint64_t hn = d0 & vp;
        if (hp & top) {
            score += 1;
        }
        else if (hn & top) {
            score -= 1;
        }
        hp = ((hp << 1) | 1) & full;
        hn = (hn << 1) & full;
        vp = hn | (~(d0 | hp) & full);
        vn = hp & d0;
        pm_prev = pm;
    }
    return score;
}

/* Distance via the kernel, or the pure function for long inputs; -1 on error. */
static Py_ssize_t
osa_objects(PyObject *ao, const Py_UCS4 *a, Py_ssize_t la, PyObject *bo, const Py_UCS4 *b,
            Py_ssize_t lb)
{
    Py_ssize_t d = osa_core(a, la, b, lb);
    if (d != -2) {
        return d;
    }
    if (osa_fallback == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "textrepair._kernel: no osa fallback set");
        return -1;
    }
    PyObject *r = PyObject_CallFunctionObjArgs(osa_fallback, ao, bo, NULL);
    if (r == NULL) {
        return -1;
    }
    d = PyLong_AsSsize_t(r);
    Py_DECREF(r);
    return d;
}

PyDoc_STRVAR(osa_distance_doc,
             "osa_distance(a, b)\n--\n\n"
             "Optimal string alignment distance (Levenshtein plus adjacent transpositions).\n\n"
             "The compiled form of textrepair.candidates.osa_distance.");

static PyObject *
k_osa_distance(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "osa_distance() takes exactly 2 arguments");
        return NULL;
    }
    Py_UCS4 sa[STACK_CHARS], sb[STACK_CHARS];
    ucs4buf a, b;
    if (to_ucs4(args[0], &a, sa) < 0) {
        return NULL;
    }
    if (to_ucs4(args[1], &b, sb) < 0) {
        free_ucs4(&a);
        return NULL;
    }
    Py_ssize_t d = osa_objects(args[0], a.p, a.n, args[1], b.p, b.n);
    free_ucs4(&a);
    free_ucs4(&b);
    if (d < 0 && PyErr_Occurred()) {
        return NULL;
    }
    return PyLong_FromSsize_t(d);
}

static PyObject *
k_set_osa_fallback(PyObject *self, PyObject *func)
{
    if (!PyCallable_Check(func)) {
        PyErr_SetString(PyExc_TypeError, "expected a callable");
        return NULL;
    }
    Py_INCREF(func);
    Py_XSETREF(osa_fallback, func);
    Py_RETURN_NONE;
}

/* ------------------------------------------------------------------------ */
/* Aligner: Channel.align                                                    */

typedef struct {
    uint64_t obs;      /* observed fragment key */
    int la;            /* length of the intended side, 0-2 */
    Py_UCS4 a[2];
    double cost;
    char flag;
} frag_entry;

typedef struct {
    PyObject_HEAD
    double ins_c, del_c, tr_c;
    /* single-character tables: code point -> index into cost/flag arrays */
    imap ins, del, del2, sub;
    double *ins_cost, *del_cost, *del2_cost, *sub_cost;
    char *ins_flag, *del_flag, *sub_flag;
    Py_ssize_t n_ins, n_del, n_del2, n_sub, cap_sub;
    /* fragments by observed side: key -> index of the first entry; entries of
     * one key are contiguous, in table order */
    imap by_obs;
    int32_t *obs_count;
    frag_entry *frags;
    Py_ssize_t n_frags;
    int max_obs;
    PyObject *sub_entry; /* Channel._sub_entry: cost of a substitution the table lacks */
} Aligner;

static int
Aligner_traverse(Aligner *self, visitproc visit, void *arg)
{
    Py_VISIT(self->sub_entry);
    return 0;
}

static int
Aligner_clear(Aligner *self)
{
    Py_CLEAR(self->sub_entry);
    return 0;
}

static void
Aligner_dealloc(Aligner *self)
{
    PyObject_GC_UnTrack(self);
    Aligner_clear(self);
    imap_free(&self->ins);
    imap_free(&self->del);
    imap_free(&self->del2);
    imap_free(&self->sub);
    imap_free(&self->by_obs);
    PyMem_Free(self->ins_cost);
    PyMem_Free(self->del_cost);
    PyMem_Free(self->del2_cost);
    PyMem_Free(self->sub_cost);
    PyMem_Free(self->ins_flag);
    PyMem_Free(self->del_flag);
    PyMem_Free(self->sub_flag);
    PyMem_Free(self->obs_count);
    PyMem_Free(self->frags);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* A {str: number} dict of fragments of ``lo``-``hi`` characters into a map and arrays. */
static int
load_table(PyObject *d, Py_ssize_t lo, Py_ssize_t hi, PyObject *flags, imap *m, double **cost,
           char **flag, Py_ssize_t *count)
{
    if (!PyDict_Check(d)) {
        PyErr_SetString(PyExc_TypeError, "expected a dict");
        return -1;
    }
    Py_ssize_t n = PyDict_Size(d);
    *cost = PyMem_Malloc(sizeof(double) * (size_t)(n + 1));
    *flag = PyMem_Malloc((size_t)(n + 1));
    if (*cost == NULL || *flag == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t pos = 0, i = 0;
    PyObject *k, *v;
    while (PyDict_Next(d, &pos, &k, &v)) {
        uint64_t key;
        if (str_frag_key(k, lo, hi, &key) < 0) {
            PyErr_SetString(PyExc_ValueError, "unexpected fragment in a channel table");
            return -1;
        }
        double c = PyFloat_AsDouble(v);
        if (c == -1.0 && PyErr_Occurred()) {
            return -1;
        }
        int f = 0;
        if (flags != NULL && flags != Py_None) {
            f = PySequence_Contains(flags, k);
            if (f < 0) {
                return -1;
            }
        }
        (*cost)[i] = c;
        (*flag)[i] = (char)f;
        if (imap_put(m, key, (int32_t)i) < 0) {
            return -1;
        }
        i++;
    }
    *count = i;
    return 0;
}

static int
Aligner_init(Aligner *self, PyObject *args, PyObject *kwds)
{
    double ins_c, del_c, tr_c;
    PyObject *ins_t, *del_t, *del2, *f_ins, *f_del, *by_obs, *sub_entry;
    int max_obs;
    if (!PyArg_ParseTuple(args, "dddOOOOOOiO", &ins_c, &del_c, &tr_c, &ins_t, &del_t, &del2,
                          &f_ins, &f_del, &by_obs, &max_obs, &sub_entry)) {
        return -1;
    }
    if (self->frags != NULL || self->sub_entry != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Aligner already initialised");
        return -1;
    }
    if (!PyCallable_Check(sub_entry) || !PyDict_Check(by_obs)) {
        PyErr_SetString(PyExc_TypeError, "bad Aligner arguments");
        return -1;
    }
    if (max_obs < 1 || max_obs > 2) {
        PyErr_SetString(PyExc_ValueError, "observed fragments must be of 1 or 2 characters");
        return -1;
    }
    self->ins_c = ins_c;
    self->del_c = del_c;
    self->tr_c = tr_c;
    self->max_obs = max_obs;
    Py_INCREF(sub_entry);
    self->sub_entry = sub_entry;
    if (load_table(ins_t, 1, 1, f_ins, &self->ins, &self->ins_cost, &self->ins_flag,
                   &self->n_ins) < 0 ||
        load_table(del_t, 1, 1, f_del, &self->del, &self->del_cost, &self->del_flag,
                   &self->n_del) < 0) {
        return -1;
    }
    char *unused = NULL;
    int r = load_table(del2, 2, 2, NULL, &self->del2, &self->del2_cost, &unused, &self->n_del2);
    PyMem_Free(unused);
    if (r < 0) {
        return -1;
    }
    /* by_obs: {observed: [(intended, cost, flag), ...]} */
    Py_ssize_t total = 0, pos = 0;
    PyObject *k, *v;
    while (PyDict_Next(by_obs, &pos, &k, &v)) {
        if (!PyList_Check(v)) {
            PyErr_SetString(PyExc_TypeError, "by_obs values must be lists");
            return -1;
        }
        total += PyList_GET_SIZE(v);
    }
    Py_ssize_t n_keys = PyDict_Size(by_obs);
    self->frags = PyMem_Malloc(sizeof(frag_entry) * (size_t)(total + 1));
    self->obs_count = PyMem_Malloc(sizeof(int32_t) * (size_t)(n_keys + 1));
    if (self->frags == NULL || self->obs_count == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t fi = 0, ki = 0;
    pos = 0;
    while (PyDict_Next(by_obs, &pos, &k, &v)) {
        uint64_t okey;
        if (str_frag_key(k, 1, 2, &okey) < 0) {
            PyErr_SetString(PyExc_ValueError, "unexpected observed fragment");
            return -1;
        }
        int32_t dup;
        if (imap_get(&self->by_obs, okey, &dup)) {
            PyErr_SetString(PyExc_ValueError, "duplicate observed fragment");
            return -1;
        }
        /* the map gives the key's slot; obs_count[slot] entries start at frags[first] */
        Py_ssize_t first = fi;
        for (Py_ssize_t t = 0; t < PyList_GET_SIZE(v); t++) {
            PyObject *e = PyList_GET_ITEM(v, t);
            PyObject *a, *c, *f;
            if (!PyTuple_Check(e) || PyTuple_GET_SIZE(e) != 3) {
                PyErr_SetString(PyExc_TypeError, "by_obs entries must be 3-tuples");
                return -1;
            }
            a = PyTuple_GET_ITEM(e, 0);
            c = PyTuple_GET_ITEM(e, 1);
            f = PyTuple_GET_ITEM(e, 2);
            uint64_t akey;
            if (str_frag_key(a, 0, 2, &akey) < 0) {
                PyErr_SetString(PyExc_ValueError, "unexpected intended fragment");
                return -1;
            }
            frag_entry *fe = &self->frags[fi];
            fe->obs = okey;
            fe->la = (int)PyUnicode_GET_LENGTH(a);
            fe->a[0] = fe->la >= 1 ? PyUnicode_READ_CHAR(a, 0) : 0;
            fe->a[1] = fe->la >= 2 ? PyUnicode_READ_CHAR(a, 1) : 0;
            fe->cost = PyFloat_AsDouble(c);
            if (fe->cost == -1.0 && PyErr_Occurred()) {
                return -1;
            }
            int fl = PyObject_IsTrue(f);
            if (fl < 0) {
                return -1;
            }
            fe->flag = (char)fl;
            fi++;
        }
        self->obs_count[ki] = (int32_t)(fi - first);
        /* value: (key index << 0); first entry recovered from a running offset */
        if (imap_put(&self->by_obs, okey, (int32_t)ki) < 0) {
            return -1;
        }
        ki++;
    }
    self->n_frags = fi;
    /* Replace counts by start offsets in a second array held after the counts:
     * simplest is to turn obs_count into (start, count) pairs. */
    int32_t *pairs = PyMem_Malloc(sizeof(int32_t) * 2 * (size_t)(n_keys + 1));
    if (pairs == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    int32_t off = 0;
    for (Py_ssize_t i = 0; i < ki; i++) {
        pairs[2 * i] = off;
        pairs[2 * i + 1] = self->obs_count[i];
        off += self->obs_count[i];
    }
    PyMem_Free(self->obs_count);
    self->obs_count = pairs;
    return 0;
}

/* Substitution cost and flag of intended ``wc`` observed as ``oc`` (memoized). */
static int
sub_lookup(Aligner *self, Py_UCS4 wc, Py_UCS4 oc, double *cost, char *flag)
{
    uint64_t key = frag_key(2, wc, oc);
    int32_t idx;
    if (imap_get(&self->sub, key, &idx)) {
        *cost = self->sub_cost[idx];
        *flag = self->sub_flag[idx];
        return 0;
    }
    PyObject *a = str_from(&wc, 1);
    if (a == NULL) {
        return -1;
    }
    PyObject *b = str_from(&oc, 1);
    if (b == NULL) {
        Py_DECREF(a);
        return -1;
    }
    PyObject *r = PyObject_CallFunctionObjArgs(self->sub_entry, a, b, NULL);
    Py_DECREF(a);
    Py_DECREF(b);
    if (r == NULL) {
        return -1;
    }
    if (!PyTuple_Check(r) || PyTuple_GET_SIZE(r) != 2) {
        Py_DECREF(r);
        PyErr_SetString(PyExc_TypeError, "sub_entry must return (cost, flag)");
        return -1;
    }
    double c = PyFloat_AsDouble(PyTuple_GET_ITEM(r, 0));
    int f = PyObject_IsTrue(PyTuple_GET_ITEM(r, 1));
    Py_DECREF(r);
    if ((c == -1.0 && PyErr_Occurred()) || f < 0) {
        return -1;
    }
    if (self->n_sub == self->cap_sub) {
        Py_ssize_t cap = self->cap_sub ? self->cap_sub * 2 : 256;
        double *nc = PyMem_Realloc(self->sub_cost, sizeof(double) * (size_t)cap);
        if (nc == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        self->sub_cost = nc;
        char *nf = PyMem_Realloc(self->sub_flag, (size_t)cap);
        if (nf == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        self->sub_flag = nf;
        self->cap_sub = cap;
    }
    self->sub_cost[self->n_sub] = c;
    self->sub_flag[self->n_sub] = (char)f;
    if (imap_put(&self->sub, key, (int32_t)self->n_sub) < 0) {
        return -1;
    }
    self->n_sub++;
    *cost = c;
    *flag = (char)f;
    return 0;
}

/* The DP of Channel.align on code points; rows kept in a ring of three
 * (nothing reaches further back than two rows). */
static int
align_core(Aligner *self, const Py_UCS4 *o0, Py_ssize_t n0, const Py_UCS4 *w0, Py_ssize_t m0,
           double *out_cost, int *out_flag)
{
    Py_ssize_t lim = n0 < m0 ? n0 : m0;
    Py_ssize_t p = 0;
    while (p < lim && o0[p] == w0[p]) {
        p++;
    }
    Py_ssize_t s = 0;
    while (s < lim - p && o0[n0 - 1 - s] == w0[m0 - 1 - s]) {
        s++;
    }
    p = p > 2 ? p - 2 : 0;
    s = s > 2 ? s - 2 : 0;
    const Py_UCS4 *o = o0 + p;
    const Py_UCS4 *w = w0 + p;
    Py_ssize_t n = n0 - s - p;
    Py_ssize_t m = m0 - s - p;
    if (n < 0) {
        n = 0;
    }
    if (m < 0) {
        m = 0;
    }
    size_t cols = (size_t)m + 1;
    if (cols > (PY_SSIZE_T_MAX / 64)) {
        PyErr_NoMemory();
        return -1;
    }
    /* one block: dcost, d2cost (NaN-free marker array), 3 rows; flags */
    double *dbl = PyMem_Malloc(sizeof(double) * cols * 5);
    char *chr = PyMem_Malloc(cols * 5);
    if (dbl == NULL || chr == NULL) {
        PyMem_Free(dbl);
        PyMem_Free(chr);
        PyErr_NoMemory();
        return -1;
    }
    double *dcost = dbl, *d2cost = dbl + cols;
    double *rowbuf[3] = {dbl + 2 * cols, dbl + 3 * cols, dbl + 4 * cols};
    char *dflag = chr, *d2has = chr + cols;
    char *flagbuf[3] = {chr + 2 * cols, chr + 3 * cols, chr + 4 * cols};
    int32_t idx;
    for (Py_ssize_t j = 1; j <= m; j++) {
        Py_UCS4 wc = w[j - 1];
        if (imap_get(&self->del, frag_key(1, wc, 0), &idx)) {
            dcost[j] = self->del_cost[idx];
            dflag[j] = self->del_flag[idx];
        }
        else {
            dcost[j] = self->del_c;
            dflag[j] = 0;
        }
        d2has[j] = 0;
        if (j >= 2 && imap_get(&self->del2, frag_key(2, w[j - 2], wc), &idx)) {
            d2has[j] = 1;
            d2cost[j] = self->del2_cost[idx];
        }
    }
    double *row0 = rowbuf[0];
    char *f0 = flagbuf[0];
    row0[0] = 0.0;
    f0[0] = 0;
    for (Py_ssize_t j = 1; j <= m; j++) {
        row0[j] = row0[j - 1] + dcost[j];
        f0[j] = f0[j - 1] || dflag[j];
        if (d2has[j]) {
            double c = row0[j - 2] + d2cost[j];
            if (c < row0[j]) {
                row0[j] = c;
                f0[j] = f0[j - 2];
            }
        }
    }
    const int32_t *ranges = self->obs_count;
    for (Py_ssize_t i = 1; i <= n; i++) {
        Py_UCS4 oc = o[i - 1];
        double *prev = rowbuf[(i - 1) % 3];
        char *pflag = flagbuf[(i - 1) % 3];
        double *prev2 = i >= 2 ? rowbuf[(i - 2) % 3] : NULL;
        char *pflag2 = i >= 2 ? flagbuf[(i - 2) % 3] : NULL;
        double *cur = rowbuf[i % 3];
        char *cf = flagbuf[i % 3];
        double ins_cost;
        char ins_flag;
        if (imap_get(&self->ins, frag_key(1, oc, 0), &idx)) {
            ins_cost = self->ins_cost[idx];
            ins_flag = self->ins_flag[idx];
        }
        else {
            ins_cost = self->ins_c;
            ins_flag = 0;
        }
        cur[0] = prev[0] + ins_cost;
        cf[0] = pflag[0] || ins_flag;
        /* fragment entries whose observed side ends here, for lb = 1, 2 */
        int32_t fstart[3] = {0, 0, 0}, fcount[3] = {0, 0, 0};
        int any = 0;
        Py_ssize_t maxlb = self->max_obs < i ? self->max_obs : i;
        for (Py_ssize_t lb = 1; lb <= maxlb; lb++) {
            uint64_t key = lb == 1 ? frag_key(1, o[i - 1], 0) : frag_key(2, o[i - 2], o[i - 1]);
            if (!imap_get(&self->by_obs, key, &idx)) {
                continue;
            }
            fstart[lb] = ranges[2 * idx];
            fcount[lb] = ranges[2 * idx + 1];
            if (!fcount[lb]) {
                continue;
            }
            any = 1;
            double *src = lb == 1 ? prev : prev2;
            char *srcf = lb == 1 ? pflag : pflag2;
            for (int32_t t = 0; t < fcount[lb]; t++) {
                const frag_entry *fe = &self->frags[fstart[lb] + t];
                if (!fe->la) {
                    double v = src[0] + fe->cost;
                    if (v < cur[0]) {
                        cur[0] = v;
                        cf[0] = fe->flag || srcf[0];
                    }
                }
            }
        }
        for (Py_ssize_t j = 1; j <= m; j++) {
            Py_UCS4 wc = w[j - 1];
            double v;
            char fl;
            if (wc == oc) {
                v = prev[j - 1];
                fl = pflag[j - 1];
            }
            else {
                double sc;
                char sfl;
                if (sub_lookup(self, wc, oc, &sc, &sfl) < 0) {
                    PyMem_Free(dbl);
                    PyMem_Free(chr);
                    return -1;
                }
                v = prev[j - 1] + sc;
                fl = pflag[j - 1] || sfl;
            }
            double x = prev[j] + ins_cost;
            if (x < v) {
                v = x;
                fl = pflag[j] || ins_flag;
            }
            x = cur[j - 1] + dcost[j];
            if (x < v) {
                v = x;
                fl = cf[j - 1] || dflag[j];
            }
            if (d2has[j] && cur[j - 2] + d2cost[j] < v) {
                v = cur[j - 2] + d2cost[j];
                fl = cf[j - 2];
            }
            if (i > 1 && j > 1 && oc == w[j - 2] && o[i - 2] == wc) {
                x = prev2[j - 2] + self->tr_c;
                if (x < v) {
                    v = x;
                    fl = pflag2[j - 2];
                }
            }
            if (any) {
                for (Py_ssize_t lb = 1; lb <= maxlb; lb++) {
                    double *src = lb == 1 ? prev : prev2;
                    char *srcf = lb == 1 ? pflag : pflag2;
                    for (int32_t t = 0; t < fcount[lb]; t++) {
                        const frag_entry *fe = &self->frags[fstart[lb] + t];
                        int la = fe->la;
                        if (la) {
                            if (la > j || w[j - la] != fe->a[0] ||
                                (la == 2 && w[j - 1] != fe->a[1])) {
                                continue;
                            }
                        }
                        x = src[j - la] + fe->cost;
                        if (x < v) {
                            v = x;
                            fl = fe->flag || srcf[j - la];
                        }
                    }
                }
            }
            cur[j] = v;
            cf[j] = fl;
        }
    }
    *out_cost = rowbuf[n % 3][m];
    *out_flag = flagbuf[n % 3][m] ? 1 : 0;
    PyMem_Free(dbl);
    PyMem_Free(chr);
    return 0;
}

static PyObject *
Aligner_align(Aligner *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "align() takes exactly 2 arguments");
        return NULL;
    }
    if (self->sub_entry == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Aligner not initialised");
        return NULL;
    }
    Py_UCS4 so[STACK_CHARS], sw[STACK_CHARS];
    ucs4buf o, w;
    if (to_ucs4(args[0], &o, so) < 0) {
        return NULL;
    }
    if (to_ucs4(args[1], &w, sw) < 0) {
        free_ucs4(&o);
        return NULL;
    }
    double cost;
    int flag;
    int r = align_core(self, o.p, o.n, w.p, w.n, &cost, &flag);
    free_ucs4(&o);
    free_ucs4(&w);
    if (r < 0) {
        return NULL;
    }
    return Py_BuildValue("(dO)", cost, flag ? Py_True : Py_False);
}

static PyMethodDef Aligner_methods[] = {
    {"align", (PyCFunction)(void (*)(void))Aligner_align, METH_FASTCALL,
     "align(observed, intended) -> (cost, flagged): Channel.align compiled."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject AlignerType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "textrepair._kernel.Aligner",
    .tp_basicsize = sizeof(Aligner),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "A channel's tables in C, for Channel.align.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Aligner_init,
    .tp_dealloc = (destructor)Aligner_dealloc,
    .tp_traverse = (traverseproc)Aligner_traverse,
    .tp_clear = (inquiry)Aligner_clear,
    .tp_methods = Aligner_methods,
};

/* ------------------------------------------------------------------------ */
/* DeleteLookup: DeleteIndex.lookup and .within                              */

typedef struct {
    PyObject_HEAD
    Py_buffer view;
    int has_view;
    PyObject *words; /* tuple */
    Py_ssize_t *lengths; /* of the words, to skip most of them without touching them */
    Py_ssize_t prefix;
    int id_bits;
    uint64_t hash_mask;
    /* dir[b] is the first entry whose top DIR_BITS bits (of id_bits plus the hash's
     * bits) are b or more: a lookup searches one bucket instead of every entry. */
    uint32_t *dir;
    int dir_shift;
} DeleteLookup;

#define DIR_BITS 16

static int
DeleteLookup_traverse(DeleteLookup *self, visitproc visit, void *arg)
{
    Py_VISIT(self->words);
    return 0;
}

static int
DeleteLookup_clear(DeleteLookup *self)
{
    if (self->has_view) {
        PyBuffer_Release(&self->view);
        self->has_view = 0;
    }
    Py_CLEAR(self->words);
    return 0;
}

static void
DeleteLookup_dealloc(DeleteLookup *self)
{
    PyObject_GC_UnTrack(self);
    DeleteLookup_clear(self);
    PyMem_Free(self->lengths);
    PyMem_Free(self->dir);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* The bucket of a key (clamped, so any int64 has one). */
static inline Py_ssize_t
dir_bucket(const DeleteLookup *self, int64_t key)
{
    if (key < 0) {
        return 0;
    }
    uint64_t b = (uint64_t)key >> self->dir_shift;
    return b >= ((uint64_t)1 << DIR_BITS) ? ((Py_ssize_t)1 << DIR_BITS) - 1 : (Py_ssize_t)b;
}

/* The bucket directory over the sorted keys; none (full searches) if it cannot be
 * made. Buckets are monotone in the key, so on sorted keys a bucket's range holds
 * exactly the entries a search of the whole array would reach. */
static void
build_dir(DeleteLookup *self)
{
    Py_ssize_t nk = self->view.len / 8;
    PyMem_Free(self->dir);
    self->dir = NULL;
    if (nk >= (Py_ssize_t)UINT32_MAX) {
        return;
    }
    int hash_bits = 0;
    for (uint64_t m = self->hash_mask; m; m >>= 1) {
        hash_bits++;
    }
    int total = self->id_bits + hash_bits;
    self->dir_shift = total > DIR_BITS ? total - DIR_BITS : 0;
    Py_ssize_t nb = (Py_ssize_t)1 << DIR_BITS;
    uint32_t *dir = PyMem_Malloc(sizeof(uint32_t) * (size_t)(nb + 1));
    if (dir == NULL) {
        return; /* slower, same answers */
    }
    const int64_t *keys = (const int64_t *)self->view.buf;
    Py_ssize_t next = 0;
    for (Py_ssize_t i = 0; i < nk; i++) {
        Py_ssize_t b = dir_bucket(self, keys[i]);
        while (next <= b) {
            dir[next++] = (uint32_t)i;
        }
    }
    while (next <= nb) {
        dir[next++] = (uint32_t)nk;
    }
    self->dir = dir;
}

static int
DeleteLookup_init(DeleteLookup *self, PyObject *args, PyObject *kwds)
{
    PyObject *keys, *words;
    Py_ssize_t prefix;
    int id_bits;
    unsigned long long hash_mask;
    if (!PyArg_ParseTuple(args, "OO!niK", &keys, &PyTuple_Type, &words, &prefix, &id_bits,
                          &hash_mask)) {
        return -1;
    }
    if (self->has_view) {
        PyErr_SetString(PyExc_RuntimeError, "DeleteLookup already initialised");
        return -1;
    }
    if (PyObject_GetBuffer(keys, &self->view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0) {
        return -1;
    }
    self->has_view = 1;
    if (self->view.itemsize != 8 || self->view.format == NULL ||
        strcmp(self->view.format, "q") != 0) {
        PyErr_SetString(PyExc_TypeError, "keys must be an array('q')");
        return -1;
    }
    if (id_bits < 1 || id_bits > 40 || prefix < 0) {
        PyErr_SetString(PyExc_ValueError, "bad DeleteLookup parameters");
        return -1;
    }
    Py_ssize_t nw = PyTuple_GET_SIZE(words);
    self->lengths = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(nw + 1));
    if (self->lengths == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < nw; i++) {
        PyObject *w = PyTuple_GET_ITEM(words, i);
        if (!PyUnicode_Check(w)) {
            PyErr_SetString(PyExc_TypeError, "index words must be str");
            return -1;
        }
        self->lengths[i] = PyUnicode_GET_LENGTH(w);
    }
    Py_INCREF(words);
    Py_XSETREF(self->words, words);
    self->prefix = prefix;
    self->id_bits = id_bits;
    self->hash_mask = (uint64_t)hash_mask;
    build_dir(self);
    return 0;
}

typedef struct {
    int64_t *p;
    size_t n, cap;
} i64vec;

static int
vec_push(i64vec *v, int64_t x)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        int64_t *np = PyMem_Realloc(v->p, sizeof(int64_t) * cap);
        if (np == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        v->p = np;
        v->cap = cap;
    }
    v->p[v->n++] = x;
    return 0;
}

/* Ascending sort of a[0:n] in place (an inlined comparison: glibc's qsort calls
 * back per comparison, and these arrays are sorted on every lookup): insertion
 * sort for short runs, else quicksort on the median of three, recursing into
 * the smaller side. */
static void
sort_i64(int64_t *a, size_t n)
{
    while (n > 16) {
        size_t mid = n / 2;
        int64_t x = a[0], y = a[mid], z = a[n - 1];
        int64_t pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        size_t i = 0, j = n - 1;
        for (;;) {
            while (a[i] < pivot) {
                i++;
            }
            while (pivot < a[j]) {
                j--;
            }
            if (i >= j) {
                break;
            }
            int64_t t = a[i];
            a[i] = a[j];
            a[j] = t;
            i++;
            j--;
        }
        /* a[0:j+1] <= pivot <= a[j+1:n] */
        size_t left = j + 1;
        if (left < n - left) {
            sort_i64(a, left);
            a += left;
            n -= left;
        }
        else {
            sort_i64(a + left, n - left);
            n = left;
        }
    }
    for (size_t i = 1; i < n; i++) {
        int64_t t = a[i];
        size_t k = i;
        while (k > 0 && a[k - 1] > t) {
            a[k] = a[k - 1];
            k--;
        }
        a[k] = t;
    }
}

static void
sort_unique(i64vec *v)
{
    if (v->n < 2) {
        return;
    }
    sort_i64(v->p, v->n);
    size_t k = 1;
    for (size_t i = 1; i < v->n; i++) {
        if (v->p[i] != v->p[k - 1]) {
            v->p[k++] = v->p[i];
        }
    }
    v->n = k;
}

/* CRC-32 (zlib's: reflected polynomial 0xEDB88320) of the UTF-8 bytes of s, lone
 * surrogates encoded as three bytes ("surrogatepass"): the same value as
 * candidates._stable_hashes, which keys the index in every process. */
static uint32_t crc_table[256];

static void
crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) {
            c = (c & 1u) ? (0xEDB88320u ^ (c >> 1)) : (c >> 1);
        }
        crc_table[i] = c;
    }
}

#define CRC_BYTE(c, b) ((c) = crc_table[((c) ^ (uint32_t)(b)) & 0xFFu] ^ ((c) >> 8))

static uint32_t
crc32_utf8(const Py_UCS4 *s, Py_ssize_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 cp = s[i];
        if (cp < 0x80) {
            CRC_BYTE(c, cp);
        }
        else if (cp < 0x800) {
            CRC_BYTE(c, 0xC0 | (cp >> 6));
            CRC_BYTE(c, 0x80 | (cp & 0x3F));
        }
        else if (cp < 0x10000) {
            CRC_BYTE(c, 0xE0 | (cp >> 12));
            CRC_BYTE(c, 0x80 | ((cp >> 6) & 0x3F));
            CRC_BYTE(c, 0x80 | (cp & 0x3F));
        }
        else {
            CRC_BYTE(c, 0xF0 | (cp >> 18));
            CRC_BYTE(c, 0x80 | ((cp >> 12) & 0x3F));
            CRC_BYTE(c, 0x80 | ((cp >> 6) & 0x3F));
            CRC_BYTE(c, 0x80 | (cp & 0x3F));
        }
    }
    return c ^ 0xFFFFFFFFu;
}

/* Hash one delete of q (positions da < db removed; -1 for none) into ``hashes``. */
static int
push_delete_hash(const Py_UCS4 *q, Py_ssize_t n, Py_ssize_t da, Py_ssize_t db, Py_UCS4 *tmp,
                 i64vec *hashes, uint64_t mask, int bits)
{
    Py_ssize_t k = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (i != da && i != db) {
            tmp[k++] = q[i];
        }
    }
    uint32_t h = crc32_utf8(tmp, k);
    return vec_push(hashes, (int64_t)(((uint64_t)h & mask) << bits));
}

/* Sorted distinct ids of the words whose deletes share a hash with the query's. */
static int
lookup_ids(DeleteLookup *self, PyObject *query, Py_ssize_t d, i64vec *ids)
{
    Py_UCS4 sq[STACK_CHARS], tmp_stack[STACK_CHARS];
    ucs4buf qb;
    if (to_ucs4(query, &qb, sq) < 0) {
        return -1;
    }
    Py_ssize_t n = qb.n < self->prefix ? qb.n : self->prefix;
    Py_UCS4 *tmp = tmp_stack;
    if (n > STACK_CHARS) {
        tmp = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)n);
        if (tmp == NULL) {
            free_ucs4(&qb);
            PyErr_NoMemory();
            return -1;
        }
    }
    i64vec hashes = {NULL, 0, 0};
    int err = 0;
    uint64_t mask = self->hash_mask;
    int bits = self->id_bits;
    err = push_delete_hash(qb.p, n, -1, -1, tmp, &hashes, mask, bits);
    if (!err && d >= 1) {
        for (Py_ssize_t a = 0; a < n && !err; a++) {
            err = push_delete_hash(qb.p, n, a, -1, tmp, &hashes, mask, bits);
        }
    }
    if (!err && d >= 2) {
        for (Py_ssize_t a = 0; a < n && !err; a++) {
            for (Py_ssize_t b = a + 1; b < n && !err; b++) {
                err = push_delete_hash(qb.p, n, a, b, tmp, &hashes, mask, bits);
            }
        }
    }
    if (tmp != tmp_stack) {
        PyMem_Free(tmp);
    }
    free_ucs4(&qb);
    if (err) {
        PyMem_Free(hashes.p);
        return -1;
    }
    sort_unique(&hashes);
    const int64_t *keys = (const int64_t *)self->view.buf;
    Py_ssize_t nk = self->view.len / 8;
    int64_t id_mask = (int64_t)(((uint64_t)1 << bits) - 1);
    Py_ssize_t nw = PyTuple_GET_SIZE(self->words);
    for (size_t t = 0; t < hashes.n && !err; t++) {
        int64_t h = hashes.p[t];
        int64_t end = h | id_mask;
        Py_ssize_t lo = 0, hi = nk;
        if (self->dir != NULL) {
            Py_ssize_t b = dir_bucket(self, h);
            lo = self->dir[b];
            hi = self->dir[b + 1];
        }
        while (lo < hi) {
            Py_ssize_t mid = lo + (hi - lo) / 2;
            if (keys[mid] < h) {
                lo = mid + 1;
            }
            else {
                hi = mid;
            }
        }
        for (Py_ssize_t i = lo; i < nk && keys[i] <= end; i++) {
            int64_t id = keys[i] & id_mask;
            if (id >= nw) {
                PyErr_SetString(PyExc_IndexError, "corrupt delete index");
                err = -1;
                break;
            }
            err = vec_push(ids, id);
            if (err) {
                break;
            }
        }
    }
    PyMem_Free(hashes.p);
    if (err) {
        return -1;
    }
    sort_unique(ids);
    return 0;
}

static PyObject *
DeleteLookup_lookup(DeleteLookup *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "lookup(query, d)");
        return NULL;
    }
    if (!self->has_view || self->words == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "DeleteLookup not initialised");
        return NULL;
    }
    Py_ssize_t d = PyLong_AsSsize_t(args[1]);
    if (d == -1 && PyErr_Occurred()) {
        return NULL;
    }
    i64vec ids = {NULL, 0, 0};
    if (lookup_ids(self, args[0], d, &ids) < 0) {
        PyMem_Free(ids.p);
        return NULL;
    }
    PyObject *out = PySet_New(NULL);
    if (out == NULL) {
        PyMem_Free(ids.p);
        return NULL;
    }
    for (size_t i = 0; i < ids.n; i++) {
        if (PySet_Add(out, PyTuple_GET_ITEM(self->words, ids.p[i])) < 0) {
            Py_DECREF(out);
            PyMem_Free(ids.p);
            return NULL;
        }
    }
    PyMem_Free(ids.p);
    return out;
}

/* zipf of a word: freq[w], else extra.get(w, 0.0); -1 with an error set on failure. */
static int
zipf_of(PyObject *freq, PyObject *extra, PyObject *w, double *z)
{
    PyObject *v = PyDict_GetItemWithError(freq, w);
    if (v == NULL) {
        if (PyErr_Occurred()) {
            return -1;
        }
        v = PyDict_GetItemWithError(extra, w);
        if (v == NULL) {
            if (PyErr_Occurred()) {
                return -1;
            }
            *z = 0.0;
            return 0;
        }
    }
    *z = PyFloat_AsDouble(v);
    if (*z == -1.0 && PyErr_Occurred()) {
        return -1;
    }
    return 0;
}

static PyObject *
DeleteLookup_within(DeleteLookup *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 6) {
        PyErr_SetString(PyExc_TypeError, "within(query, d, limit, freq, extra, known)");
        return NULL;
    }
    if (!self->has_view || self->words == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "DeleteLookup not initialised");
        return NULL;
    }
    PyObject *query = args[0], *freq = args[3], *extra = args[4];
    Py_ssize_t d = PyLong_AsSsize_t(args[1]);
    if (d == -1 && PyErr_Occurred()) {
        return NULL;
    }
    Py_ssize_t top = PyLong_AsSsize_t(args[2]);
    if (top == -1 && PyErr_Occurred()) {
        return NULL;
    }
    double known = PyFloat_AsDouble(args[5]);
    if (known == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    if (!PyDict_Check(freq) || !PyDict_Check(extra)) {
        PyErr_SetString(PyExc_TypeError, "freq and extra must be dicts");
        return NULL;
    }
    i64vec ids = {NULL, 0, 0};
    if (lookup_ids(self, query, d, &ids) < 0) {
        PyMem_Free(ids.p);
        return NULL;
    }
    Py_UCS4 sq[STACK_CHARS], sw[STACK_CHARS];
    ucs4buf qb;
    if (to_ucs4(query, &qb, sq) < 0) {
        PyMem_Free(ids.p);
        return NULL;
    }
    PyObject *out = PyDict_New();
    if (out == NULL) {
        goto fail;
    }
    /* A word further in length than either limit can allow is out whatever its frequency. */
    Py_ssize_t widest = top > 1 ? top : 1;
    for (size_t i = 0; i < ids.n; i++) {
        Py_ssize_t gap = self->lengths[ids.p[i]] - qb.n;
        if (gap > widest || -gap > widest) {
            continue;
        }
        PyObject *w = PyTuple_GET_ITEM(self->words, ids.p[i]);
        /* The reference reads the word's frequency first, then tests the length gap
         * and the distance against the limit it sets (``top``, or 1 for a rare word).
         * The distance is cheaper than a probe of a large dict, and it decides alone
         * unless it lies between the two limits: the frequency is read only then
         * (the length gap never exceeds the distance, so its test adds nothing). */
        ucs4buf wb;
        if (to_ucs4(w, &wb, sw) < 0) {
            goto fail;
        }
        Py_ssize_t dist = osa_objects(query, qb.p, qb.n, w, wb.p, wb.n);
        free_ucs4(&wb);
        if (dist < 0 && PyErr_Occurred()) {
            goto fail;
        }
        if (dist > widest) {
            continue;
        }
        Py_ssize_t limit = top < 1 ? top : 1;
        if (dist > limit) {
            double z;
            if (zipf_of(freq, extra, w, &z) < 0) {
                goto fail;
            }
            limit = z >= known ? top : 1;
        }
        if (dist <= limit) {
            PyObject *dv = PyLong_FromSsize_t(dist);
            if (dv == NULL || PyDict_SetItem(out, w, dv) < 0) {
                Py_XDECREF(dv);
                goto fail;
            }
            Py_DECREF(dv);
        }
    }
    free_ucs4(&qb);
    PyMem_Free(ids.p);
    return out;
fail:
    Py_XDECREF(out);
    free_ucs4(&qb);
    PyMem_Free(ids.p);
    return NULL;
}

static PyMethodDef DeleteLookup_methods[] = {
    {"lookup", (PyCFunction)(void (*)(void))DeleteLookup_lookup, METH_FASTCALL,
     "lookup(query, d) -> set of words: DeleteIndex.lookup compiled."},
    {"within", (PyCFunction)(void (*)(void))DeleteLookup_within, METH_FASTCALL,
     "within(query, d, limit, freq, extra, known) -> {word: distance}: DeleteIndex.within "
     "compiled."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject DeleteLookupType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "textrepair._kernel.DeleteLookup",
    .tp_basicsize = sizeof(DeleteLookup),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "A DeleteIndex's packed entries, searched in C.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)DeleteLookup_init,
    .tp_dealloc = (destructor)DeleteLookup_dealloc,
    .tp_traverse = (traverseproc)DeleteLookup_traverse,
    .tp_clear = (inquiry)DeleteLookup_clear,
    .tp_methods = DeleteLookup_methods,
};

/* ------------------------------------------------------------------------ */
/* PrefixKeys: _Lexicon.word_prefix                                          */

/* The first 2 * PACKED_CHARS characters of each key, each as code point + 1 (0
 * past the key's end) in 21 bits, PACKED_CHARS to an integer, in two arrays:
 * the narrowing of the variant search probes these contiguous integers instead
 * of a str object per probe (8 bytes per key and array: 1.4 MB each for the
 * 170,559 English keys). */
#define PACKED_CHARS 3

typedef struct {
    PyObject_HEAD
    PyObject *keys;   /* sorted list of str */
    uint64_t *packed; /* characters 0-2 of each key, then 3-5 (n_packed each), or NULL */
    Py_ssize_t n_packed;
    /* Directory of the ASCII two-character prefixes: dir[c0 * DIR_T + t] is the first
     * key that starts with c0 and whose second character (packed: 0 past the end,
     * else code point + 1) is t or more, or that starts with a later character;
     * c0 = 128 stands for every later first character. */
    Py_ssize_t *dir;
} PrefixKeys;

#define DIR_T 130 /* t = 0 (past the end), 1-128 (ASCII + 1), 129 (any other) */

static int
PrefixKeys_traverse(PrefixKeys *self, visitproc visit, void *arg)
{
    Py_VISIT(self->keys);
    return 0;
}

static int
PrefixKeys_clear(PrefixKeys *self)
{
    Py_CLEAR(self->keys);
    PyMem_Free(self->packed);
    self->packed = NULL;
    self->n_packed = 0;
    PyMem_Free(self->dir);
    self->dir = NULL;
    return 0;
}

static void
PrefixKeys_dealloc(PrefixKeys *self)
{
    PyObject_GC_UnTrack(self);
    PrefixKeys_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int
PrefixKeys_init(PrefixKeys *self, PyObject *args, PyObject *kwds)
{
    PyObject *keys;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &keys)) {
        return -1;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(keys); i++) {
        if (!PyUnicode_CheckExact(PyList_GET_ITEM(keys, i))) {
            PyErr_SetString(PyExc_TypeError, "keys must be str");
            return -1;
        }
    }
    Py_ssize_t n = PyList_GET_SIZE(keys);
    uint64_t *packed = PyMem_Malloc(sizeof(uint64_t) * (size_t)(2 * n + 1));
    if (packed == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *k = PyList_GET_ITEM(keys, i);
        Py_ssize_t kn = PyUnicode_GET_LENGTH(k);
        for (Py_ssize_t part = 0; part < 2; part++) {
            uint64_t v = 0;
            for (Py_ssize_t d = part * PACKED_CHARS; d < (part + 1) * PACKED_CHARS; d++) {
                v = (v << 21) | (d < kn ? (uint64_t)PyUnicode_READ_CHAR(k, d) + 1 : 0);
            }
            packed[part * n + i] = v;
        }
    }
    Py_ssize_t *dir = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(129 * DIR_T));
    if (dir == NULL) {
        PyMem_Free(packed);
        PyErr_NoMemory();
        return -1;
    }
    for (int c0 = 0; c0 <= 128; c0++) {
        for (int t = 0; t < DIR_T; t++) {
            /* lower bound of the first packed integer (c0 + 1, t, 0) */
            uint64_t want = ((uint64_t)(c0 + 1) << 42) | ((uint64_t)t << 21);
            Py_ssize_t a = 0, b = n;
            while (a < b) {
                Py_ssize_t mid = a + (b - a) / 2;
                if (packed[mid] < want) {
                    a = mid + 1;
                }
                else {
                    b = mid;
                }
            }
            dir[c0 * DIR_T + t] = a;
        }
    }
    Py_INCREF(keys);
    Py_XSETREF(self->keys, keys);
    PyMem_Free(self->packed);
    self->packed = packed;
    self->n_packed = n;
    PyMem_Free(self->dir);
    self->dir = dir;
    return 0;
}

/* Compare code points h[0:n] with str k (as str comparison does); *is_prefix
 * says whether k starts with h. */
static int
cmp_head(const Py_UCS4 *h, Py_ssize_t n, PyObject *k, int *is_prefix)
{
    Py_ssize_t kn = PyUnicode_GET_LENGTH(k);
    int kind = PyUnicode_KIND(k);
    const void *data = PyUnicode_DATA(k);
    Py_ssize_t lim = n < kn ? n : kn;
    for (Py_ssize_t i = 0; i < lim; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (h[i] != c) {
            *is_prefix = 0;
            return h[i] < c ? -1 : 1;
        }
    }
    *is_prefix = n <= kn;
    return n < kn ? -1 : (n == kn ? 0 : 1);
}

/* word_prefix on code points: 1, 0, or -1 on error. */
static int
prefix_viable(PrefixKeys *self, const Py_UCS4 *head, Py_ssize_t n)
{
    Py_UCS4 stack[STACK_CHARS];
    Py_UCS4 *h = stack;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (head[i] >= 128) {
            return 1; /* not ASCII: always viable */
        }
    }
    if (n > STACK_CHARS) {
        h = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)n);
        if (h == NULL) {
            PyErr_NoMemory();
            return -1;
        }
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = head[i];
        h[i] = (c >= 'A' && c <= 'Z') ? c + 32 : c;
    }
    PyObject *keys = self->keys;
    Py_ssize_t lo = 0, hi = PyList_GET_SIZE(keys);
    int pre;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (cmp_head(h, n, PyList_GET_ITEM(keys, mid), &pre) > 0) {
            lo = mid + 1;
        }
        else {
            hi = mid;
        }
    }
    int ok = 0;
    if (lo < PyList_GET_SIZE(keys)) {
        cmp_head(h, n, PyList_GET_ITEM(keys, lo), &pre);
        ok = pre;
    }
    if (h != stack) {
        PyMem_Free(h);
    }
    return ok;
}

static PyObject *
PrefixKeys_call(PrefixKeys *self, PyObject *args, PyObject *kwds)
{
    PyObject *head;
    if (!PyArg_ParseTuple(args, "U", &head)) {
        return NULL;
    }
    if (self->keys == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "PrefixKeys not initialised");
        return NULL;
    }
    Py_UCS4 sh[STACK_CHARS];
    ucs4buf hb;
    if (to_ucs4(head, &hb, sh) < 0) {
        return NULL;
    }
    int r = prefix_viable(self, hb.p, hb.n);
    free_ucs4(&hb);
    if (r < 0) {
        return NULL;
    }
    return PyBool_FromLong(r);
}

static PyTypeObject PrefixKeysType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "textrepair._kernel.PrefixKeys",
    .tp_basicsize = sizeof(PrefixKeys),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "PrefixKeys(sorted_keys)(head): whether an ASCII head, lowered, begins a key "
              "(True for any non-ASCII head).",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)PrefixKeys_init,
    .tp_dealloc = (destructor)PrefixKeys_dealloc,
    .tp_traverse = (traverseproc)PrefixKeys_traverse,
    .tp_clear = (inquiry)PrefixKeys_clear,
    .tp_call = (ternaryfunc)PrefixKeys_call,
};

/* ------------------------------------------------------------------------ */
/* expand: the recursion of Channel.variants                                 */

typedef struct {
    Py_ssize_t i, e;
    Py_ssize_t la;
    Py_UCS4 *a; /* into a shared pool */
    double c;
} site_t;

typedef struct {
    const Py_UCS4 *obs;
    Py_ssize_t n;
    site_t *sites;
    Py_ssize_t n_sites;
    Py_ssize_t max_rewrites;
    double total;
    Py_ssize_t limit;
    PyObject *viable;     /* None, a PrefixKeys, or a callable */
    int stretch;          /* stop at the first rejected unrewritten stretch */
    PyObject *seen;       /* set */
    PyObject *out;        /* list */
    Py_UCS4 *buf;         /* head, then the rest when a variant is made */
    Py_ssize_t buf_cap;
    const uint64_t *packed; /* the PrefixKeys' packed characters, or NULL */
    const Py_ssize_t *dir;  /* and its directory (with packed only) */
} expand_state;

static int
ensure_buf(expand_state *st, Py_ssize_t need)
{
    if (need <= st->buf_cap) {
        return 0;
    }
    Py_ssize_t cap = st->buf_cap * 2 > need ? st->buf_cap * 2 : need;
    Py_UCS4 *nb = PyMem_Realloc(st->buf, sizeof(Py_UCS4) * (size_t)cap);
    if (nb == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    st->buf = nb;
    st->buf_cap = cap;
    return 0;
}

/* st->viable(buf[0:hlen]): 1, 0, or -1 on error. */
static int
head_viable(expand_state *st, Py_ssize_t hlen)
{
    if (Py_IS_TYPE(st->viable, &PrefixKeysType)) {
        return prefix_viable((PrefixKeys *)st->viable, st->buf, hlen);
    }
    PyObject *head = str_from(st->buf, hlen);
    if (head == NULL) {
        return -1;
    }
    PyObject *r = PyObject_CallOneArg(st->viable, head);
    Py_DECREF(head);
    if (r == NULL) {
        return -1;
    }
    int ok = PyObject_IsTrue(r);
    Py_DECREF(r);
    return ok;
}

/* buf[0:plen] + obs[pos:site] + the site's rewrite: the head of a variant.
   Returns its length (room is made for the tail too), -1 on error. */
static Py_ssize_t
write_head(expand_state *st, const site_t *s, Py_ssize_t plen, Py_ssize_t pos)
{
    Py_ssize_t hlen = plen + (s->i - pos) + s->la;
    if (ensure_buf(st, hlen + (st->n - s->e) + 1) < 0) {
        return -1;
    }
    memcpy(st->buf + plen, st->obs + pos, sizeof(Py_UCS4) * (size_t)(s->i - pos));
    memcpy(st->buf + plen + (s->i - pos), s->a, sizeof(Py_UCS4) * (size_t)s->la);
    return hlen;
}

/* Completes the head buf[0:hlen] with obs[rest:] and appends (variant, cost,
   rewrites) to the output unless already seen: 1 when the limit is reached
   (stop), 0 to go on, -1 on error. */
static int
emit_variant(expand_state *st, Py_ssize_t hlen, Py_ssize_t rest, double cost, Py_ssize_t rewrites)
{
    Py_ssize_t tail = st->n - rest;
    memcpy(st->buf + hlen, st->obs + rest, sizeof(Py_UCS4) * (size_t)tail);
    PyObject *v = str_from(st->buf, hlen + tail);
    if (v == NULL) {
        return -1;
    }
    int has = PySet_Contains(st->seen, v);
    if (has < 0) {
        Py_DECREF(v);
        return -1;
    }
    if (has) {
        Py_DECREF(v);
        return 0;
    }
    if (PySet_Add(st->seen, v) < 0) {
        Py_DECREF(v);
        return -1;
    }
    PyObject *t = Py_BuildValue("(Odn)", v, cost, rewrites);
    Py_DECREF(v);
    if (t == NULL) {
        return -1;
    }
    int r = PyList_Append(st->out, t);
    Py_DECREF(t);
    if (r < 0) {
        return -1;
    }
    return PyList_GET_SIZE(st->out) >= st->limit ? 1 : 0;
}

/* 1 when the limit was reached (stop), 0 to go on, -1 on error. */
static int
expand_rec(expand_state *st, Py_ssize_t start, Py_ssize_t plen, Py_ssize_t pos, double cost,
           Py_ssize_t depth)
{
    /* buf[0:plen] + obs[pos:ok] passed viable (Channel.variants, ``stretch``). */
    Py_ssize_t ok = pos;
    for (Py_ssize_t k = start; k < st->n_sites; k++) {
        const site_t *s = &st->sites[k];
        if (s->i < pos) {
            continue;
        }
        if (st->stretch) {
            while (ok < s->i) {
                Py_ssize_t len = plen + (ok + 1 - pos);
                if (ensure_buf(st, len + 1) < 0) {
                    return -1;
                }
                memcpy(st->buf + plen, st->obs + pos, sizeof(Py_UCS4) * (size_t)(ok + 1 - pos));
                int r = head_viable(st, len);
                if (r < 0) {
                    return -1;
                }
                if (!r) {
                    break;
                }
                ok++;
            }
            if (ok < s->i) {
                return 0;
            }
        }
        double cc = cost + s->c;
        if (cc > st->total) {
            continue;
        }
        Py_ssize_t hlen = write_head(st, s, plen, pos);
        if (hlen < 0) {
            return -1;
        }
        if (st->viable != Py_None) {
            int ok = head_viable(st, hlen);
            if (ok < 0) {
                return -1;
            }
            if (!ok) {
                continue;
            }
        }
        int emitted = emit_variant(st, hlen, s->e, cc, depth + 1);
        if (emitted) {
            return emitted;
        }
        if (depth + 1 < st->max_rewrites) {
            int r = expand_rec(st, k + 1, hlen, s->e, cc, depth + 1);
            if (r) {
                return r;
            }
            if (PyList_GET_SIZE(st->out) >= st->limit) {
                return 1;
            }
        }
    }
    return 0;
}

/* key[d] as a number, -1 past its end: keys sharing a prefix of length d sort by it. */
static inline long
key_char(PyObject *k, Py_ssize_t d)
{
    return d < PyUnicode_GET_LENGTH(k) ? (long)PyUnicode_READ_CHAR(k, d) : -1L;
}

/* Narrow sorted keys[*lo:*hi], which share a prefix of length d, to those whose
 * next character is c (ASCII capitals lowered, as prefix_viable does). */
static void
narrow_keys(PyObject *keys, const uint64_t *packed, const Py_ssize_t *dir, Py_ssize_t *lo,
            Py_ssize_t *hi, Py_ssize_t d, Py_UCS4 c)
{
    long want = (long)((c >= 'A' && c <= 'Z') ? c + 32 : c);
    Py_ssize_t a = *lo, b = *hi;
    if (dir != NULL && d < 2 && want < 128 && a < b) {
        /* The range is every key (d = 0) or every key that starts with one ASCII
         * character (d = 1): the directory has the answer. */
        if (d == 0 && a == 0 && b == PyList_GET_SIZE(keys)) {
            *lo = dir[want * DIR_T];
            *hi = dir[(want + 1) * DIR_T];
            return;
        }
        if (d == 1) {
            long c0 = (long)(packed[a] >> 42) - 1;
            if (c0 >= 0 && c0 < 128 && a == dir[c0 * DIR_T] && b == dir[(c0 + 1) * DIR_T]) {
                *lo = dir[c0 * DIR_T + want + 1];
                *hi = dir[c0 * DIR_T + want + 2];
                return;
            }
        }
    }
    if (packed != NULL && d < 2 * PACKED_CHARS) {
        /* The same two searches on the packed characters (code point + 1, 0 past
         * the end, so the order is key_char's). */
        if (d >= PACKED_CHARS) {
            packed += PyList_GET_SIZE(keys);
            d -= PACKED_CHARS;
        }
        int shift = 21 * (PACKED_CHARS - 1 - (int)d);
        uint64_t w = (uint64_t)(want + 1);
        while (a < b) {
            Py_ssize_t mid = a + (b - a) / 2;
            if (((packed[mid] >> shift) & 0x1FFFFF) < w) {
                a = mid + 1;
            }
            else {
                b = mid;
            }
        }
        Py_ssize_t first = a;
        b = *hi;
        while (a < b) {
            Py_ssize_t mid = a + (b - a) / 2;
            if (((packed[mid] >> shift) & 0x1FFFFF) <= w) {
                a = mid + 1;
            }
            else {
                b = mid;
            }
        }
        *lo = first;
        *hi = a;
        return;
    }
    while (a < b) {
        Py_ssize_t mid = a + (b - a) / 2;
        if (key_char(PyList_GET_ITEM(keys, mid), d) < want) {
            a = mid + 1;
        }
        else {
            b = mid;
        }
    }
    Py_ssize_t first = a;
    b = *hi;
    while (a < b) {
        Py_ssize_t mid = a + (b - a) / 2;
        if (key_char(PyList_GET_ITEM(keys, mid), d) <= want) {
            a = mid + 1;
        }
        else {
            b = mid;
        }
    }
    *lo = first;
    *hi = a;
}

/* expand_rec with a PrefixKeys test and the stretch cut, the test done by
 * narrowing the range of keys that begin with the head one character at a
 * time (keys[plo:phi] begin with buf[0:plen]): the same variants, in the same
 * order, as expand_rec. */
static int
expand_rec_ranges(expand_state *st, PyObject *keys, Py_ssize_t start, Py_ssize_t plen,
                  Py_ssize_t pos, double cost, Py_ssize_t depth, Py_ssize_t plo, Py_ssize_t phi)
{
    /* keys[slo:shi] begin with buf[0:plen] + obs[pos:j] */
    Py_ssize_t j = pos, slo = plo, shi = phi;
    for (Py_ssize_t k = start; k < st->n_sites; k++) {
        const site_t *s = &st->sites[k];
        if (s->i < pos) {
            continue;
        }
        while (j < s->i && slo < shi) {
            narrow_keys(keys, st->packed, st->dir, &slo, &shi, plen + (j - pos), st->obs[j]);
            j++;
        }
        if (slo >= shi && j > pos) {
            return 0; /* sites come by start: every later head extends a rejected one */
        }
        double cc = cost + s->c;
        if (cc > st->total) {
            continue;
        }
        Py_ssize_t hlen = write_head(st, s, plen, pos);
        if (hlen < 0) {
            return -1;
        }
        Py_ssize_t hlo = slo, hhi = shi;
        for (Py_ssize_t q = 0; q < s->la && hlo < hhi; q++) {
            narrow_keys(keys, st->packed, st->dir, &hlo, &hhi, plen + (s->i - pos) + q,
                        s->a[q]);
        }
        if (hlo >= hhi) {
            continue;
        }
        int emitted = emit_variant(st, hlen, s->e, cc, depth + 1);
        if (emitted) {
            return emitted;
        }
        if (depth + 1 < st->max_rewrites) {
            int r = expand_rec_ranges(st, keys, k + 1, hlen, s->e, cc, depth + 1, hlo, hhi);
            if (r) {
                return r;
            }
            if (PyList_GET_SIZE(st->out) >= st->limit) {
                return 1;
            }
        }
    }
    return 0;
}

PyDoc_STRVAR(expand_doc,
             "expand(observed, sites, max_rewrites, total, limit, viable, stretch=False) -> list\n--\n\n"
             "The variants of Channel.variants from its rewrite sites [(i, e, a, c), ...],\n"
             "as (variant, cost, rewrites) in the order of the pure-Python recursion. With\n"
             "``stretch``, a rejected unrewritten stretch ends the search at its depth (taken\n"
             "only when the observed string and every site's fragment are ASCII).");

static PyObject *
k_expand(PyObject *self, PyObject *args)
{
    PyObject *observed, *sites, *viable;
    Py_ssize_t max_rewrites, limit;
    double total;
    int stretch = 0;
    if (!PyArg_ParseTuple(args, "UO!ndnO|p", &observed, &PyList_Type, &sites, &max_rewrites,
                          &total, &limit, &viable, &stretch)) {
        return NULL;
    }
    if (viable != Py_None && !PyCallable_Check(viable)) {
        PyErr_SetString(PyExc_TypeError, "viable must be None or callable");
        return NULL;
    }
    expand_state st;
    memset(&st, 0, sizeof(st));
    Py_UCS4 so[STACK_CHARS];
    ucs4buf ob;
    if (to_ucs4(observed, &ob, so) < 0) {
        return NULL;
    }
    PyObject *result = NULL;
    Py_ssize_t ns = PyList_GET_SIZE(sites);
    Py_ssize_t pool_len = 0;
    for (Py_ssize_t k = 0; k < ns; k++) {
        PyObject *t = PyList_GET_ITEM(sites, k);
        if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != 4 ||
            !PyUnicode_Check(PyTuple_GET_ITEM(t, 2))) {
            PyErr_SetString(PyExc_TypeError, "sites must be (i, e, str, cost) tuples");
            goto done;
        }
        pool_len += PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(t, 2));
    }
    st.sites = PyMem_Malloc(sizeof(site_t) * (size_t)(ns + 1));
    Py_UCS4 *pool = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(pool_len + 1));
    if (st.sites == NULL || pool == NULL) {
        PyMem_Free(pool);
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t off = 0;
    for (Py_ssize_t k = 0; k < ns; k++) {
        PyObject *t = PyList_GET_ITEM(sites, k);
        site_t *s = &st.sites[k];
        s->i = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 0));
        s->e = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 1));
        s->c = PyFloat_AsDouble(PyTuple_GET_ITEM(t, 3));
        if (PyErr_Occurred()) {
            PyMem_Free(pool);
            goto done;
        }
        if (s->i < 0 || s->e < s->i || s->e > ob.n) {
            PyMem_Free(pool);
            PyErr_SetString(PyExc_ValueError, "site out of range");
            goto done;
        }
        PyObject *a = PyTuple_GET_ITEM(t, 2);
        s->la = PyUnicode_GET_LENGTH(a);
        s->a = pool + off;
        for (Py_ssize_t q = 0; q < s->la; q++) {
            pool[off++] = PyUnicode_READ_CHAR(a, q);
        }
    }
    st.obs = ob.p;
    st.n = ob.n;
    st.n_sites = ns;
    st.max_rewrites = max_rewrites;
    st.total = total;
    st.limit = limit;
    st.viable = viable;
    /* The cut is exact only where viable is a prefix test: ASCII heads. */
    st.stretch = stretch && viable != Py_None && PyUnicode_IS_ASCII(observed);
    for (Py_ssize_t k = 0; st.stretch && k < ns; k++) {
        if (!PyUnicode_IS_ASCII(PyTuple_GET_ITEM(PyList_GET_ITEM(sites, k), 2))) {
            st.stretch = 0;
        }
    }
    st.seen = PySet_New(NULL);
    st.out = PyList_New(0);
    if (st.seen == NULL || st.out == NULL || PySet_Add(st.seen, observed) < 0) {
        PyMem_Free(pool);
        goto done;
    }
    int r;
    PyObject *pk = Py_IS_TYPE(viable, &PrefixKeysType) ? ((PrefixKeys *)viable)->keys : NULL;
    if (st.stretch && pk != NULL) {
        Py_INCREF(pk); /* held while the search runs */
        /* (the list is the lexicon's own and never changes; a list of another
         * length than was packed is searched through its str objects) */
        if (((PrefixKeys *)viable)->n_packed == PyList_GET_SIZE(pk)) {
            st.packed = ((PrefixKeys *)viable)->packed;
            st.dir = ((PrefixKeys *)viable)->dir;
        }
        r = expand_rec_ranges(&st, pk, 0, 0, 0, 0.0, 0, 0, PyList_GET_SIZE(pk));
        Py_DECREF(pk);
    }
    else {
        r = expand_rec(&st, 0, 0, 0, 0.0, 0);
    }
    PyMem_Free(pool);
    if (r >= 0) {
        result = st.out;
        st.out = NULL;
    }
done:
    Py_XDECREF(st.seen);
    Py_XDECREF(st.out);
    PyMem_Free(st.sites);
    PyMem_Free(st.buf);
    free_ucs4(&ob);
    return result;
}

PyDoc_STRVAR(sites_doc,
             "sites(observed, reverse, max_len, max_cost) -> list\n--\n\n"
             "Channel.variant_sites: (i, i + lb, a, c) for every fragment observed[i:i + lb]\n"
             "(lb up to max_len) with reverse entries [(a, c), ...] sorted by cost, c <= max_cost.");

static PyObject *
k_sites(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)self;
    if (nargs != 4 || !PyUnicode_Check(args[0]) || !PyDict_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "sites(observed: str, reverse: dict, max_len, max_cost)");
        return NULL;
    }
    PyObject *observed = args[0], *rev = args[1];
    Py_ssize_t maxb = PyLong_AsSsize_t(args[2]);
    if (maxb == -1 && PyErr_Occurred()) {
        return NULL;
    }
    double max_cost = PyFloat_AsDouble(args[3]);
    if (max_cost == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(observed);
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t top = maxb < n - i ? maxb : n - i;
        for (Py_ssize_t lb = 1; lb <= top; lb++) {
            PyObject *frag = PyUnicode_Substring(observed, i, i + lb);
            if (frag == NULL) {
                goto fail;
            }
            PyObject *lst = PyDict_GetItemWithError(rev, frag); /* borrowed */
            Py_DECREF(frag);
            if (lst == NULL) {
                if (PyErr_Occurred()) {
                    goto fail;
                }
                continue;
            }
            PyObject *seq = PySequence_Fast(lst, "reverse entries must be sequences");
            if (seq == NULL) {
                goto fail;
            }
            Py_ssize_t m = PySequence_Fast_GET_SIZE(seq);
            for (Py_ssize_t q = 0; q < m; q++) {
                PyObject *ac = PySequence_Fast_GET_ITEM(seq, q);
                if (!PyTuple_Check(ac) || PyTuple_GET_SIZE(ac) != 2) {
                    Py_DECREF(seq);
                    PyErr_SetString(PyExc_TypeError, "reverse entries must be (str, cost)");
                    goto fail;
                }
                PyObject *a = PyTuple_GET_ITEM(ac, 0), *c = PyTuple_GET_ITEM(ac, 1);
                double cv = PyFloat_AsDouble(c);
                if (cv == -1.0 && PyErr_Occurred()) {
                    Py_DECREF(seq);
                    goto fail;
                }
                if (cv > max_cost) {
                    break;
                }
                PyObject *t = Py_BuildValue("(nnOO)", i, i + lb, a, c);
                if (t == NULL || PyList_Append(out, t) < 0) {
                    Py_XDECREF(t);
                    Py_DECREF(seq);
                    goto fail;
                }
                Py_DECREF(t);
            }
            Py_DECREF(seq);
        }
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* triage: candidates.triage_variants                                        */

/* v.lower() for an ASCII str (a new reference). */
static PyObject *
ascii_lower(PyObject *v)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(v);
    const Py_UCS1 *p = PyUnicode_1BYTE_DATA(v);
    Py_ssize_t i = 0;
    while (i < n && !(p[i] >= 'A' && p[i] <= 'Z')) {
        i++;
    }
    if (i == n) {
        Py_INCREF(v);
        return v;
    }
    PyObject *r = PyUnicode_New(n, 127);
    if (r == NULL) {
        return NULL;
    }
    Py_UCS1 *q = PyUnicode_1BYTE_DATA(r);
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_UCS1 c = p[k];
        q[k] = (c >= 'A' && c <= 'Z') ? (Py_UCS1)(c + 32) : c;
    }
    return r;
}

/* v.lower() for a str of ASCII and the Latin-1 letters U+00C0-U+00FF other than
 * U+00DF (sharp s, which casefolds to "ss"), whose lowercase is one code point
 * 0x20 on (U+00D7 and U+00F7, the signs, stay); NULL without an error set when v
 * has any other character. On such strings dictionary.normalize_key is exactly
 * lower() in every language: they are NFC and NFKC already, hold no marks, no
 * quotes to unify, and casefold() and lower() agree on them (tests/test_kernel.py). */
static PyObject *
plain_latin1_lower(PyObject *v)
{
    if (PyUnicode_KIND(v) != PyUnicode_1BYTE_KIND) {
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(v);
    const Py_UCS1 *p = PyUnicode_1BYTE_DATA(v);
    for (Py_ssize_t i = 0; i < n; i++) {
        if ((p[i] >= 0x80 && p[i] < 0xC0) || p[i] == 0xDF) {
            return NULL;
        }
    }
    PyObject *r = PyUnicode_New(n, 255);
    if (r == NULL) {
        return NULL;
    }
    Py_UCS1 *q = PyUnicode_1BYTE_DATA(r);
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_UCS1 c = p[k];
        q[k] = ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7)) ? (Py_UCS1)(c + 32)
                                                                                : c;
    }
    return r;
}

/* str.isalpha() of s: 1, 0 or -1. */
static int
str_isalpha(PyObject *s)
{
    if (PyUnicode_IS_ASCII(s)) {
        Py_ssize_t n = PyUnicode_GET_LENGTH(s);
        const Py_UCS1 *p = PyUnicode_1BYTE_DATA(s);
        if (!n) {
            return 0;
        }
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_UCS1 c = p[i] | 0x20;
            if (c < 'a' || c > 'z') {
                return 0;
            }
        }
        return 1;
    }
    PyObject *r = PyObject_CallMethod(s, "isalpha", NULL);
    if (r == NULL) {
        return -1;
    }
    int t = PyObject_IsTrue(r);
    Py_DECREF(r);
    return t;
}

PyDoc_STRVAR(triage_doc,
             "triage(variants, key, freq, extra, protected, found, normalize, min_zipf, "
             "near_below, plain_latin1=False) -> near\n--\n\n"
             "candidates.triage_variants compiled (freq, extra and found are dicts).");

static PyObject *
k_triage(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 9 && nargs != 10) {
        PyErr_SetString(PyExc_TypeError, "triage() takes 9 or 10 arguments");
        return NULL;
    }
    /* Whether normalize lowercases plain Latin-1 strings (as normalize_key does). */
    int latin1 = 0;
    if (nargs == 10) {
        latin1 = PyObject_IsTrue(args[9]);
        if (latin1 < 0) {
            return NULL;
        }
    }
    PyObject *variants = args[0], *key = args[1], *freq = args[2], *extra = args[3];
    PyObject *protected = args[4], *found = args[5], *normalize = args[6];
    if (!PyList_Check(variants) || !PyDict_Check(freq) || !PyDict_Check(extra) ||
        !PyDict_Check(found) || !PyUnicode_Check(key)) {
        PyErr_SetString(PyExc_TypeError, "triage(): bad argument types");
        return NULL;
    }
    double min_zipf = PyFloat_AsDouble(args[7]);
    if (min_zipf == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    long near_below = PyLong_AsLong(args[8]);
    if (near_below == -1 && PyErr_Occurred()) {
        return NULL;
    }
    PyObject *near = PyList_New(0);
    if (near == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(variants); i++) {
        PyObject *t = PyList_GET_ITEM(variants, i);
        if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != 3 ||
            !PyUnicode_Check(PyTuple_GET_ITEM(t, 0)) || !PyLong_Check(PyTuple_GET_ITEM(t, 2))) {
            PyErr_SetString(PyExc_TypeError, "variants must be (str, cost, int) tuples");
            goto fail;
        }
        PyObject *v = PyTuple_GET_ITEM(t, 0), *c = PyTuple_GET_ITEM(t, 1);
        PyObject *rw = PyTuple_GET_ITEM(t, 2);
        long rewrites = PyLong_AsLong(rw);
        if (rewrites == -1 && PyErr_Occurred()) {
            goto fail;
        }
        PyObject *vk = NULL;
        if (PyUnicode_IS_ASCII(v)) {
            vk = ascii_lower(v);
        }
        else {
            if (latin1) {
                vk = plain_latin1_lower(v);
                if (vk == NULL && PyErr_Occurred()) {
                    goto fail;
                }
            }
            if (vk == NULL) {
                vk = PyObject_CallOneArg(normalize, v);
            }
        }
        if (vk == NULL) {
            goto fail;
        }
        if (!PyUnicode_Check(vk)) {
            Py_DECREF(vk);
            PyErr_SetString(PyExc_TypeError, "normalize must return str");
            goto fail;
        }
        double z;
        if (zipf_of(freq, extra, vk, &z) < 0) {
            Py_DECREF(vk);
            goto fail;
        }
        int same = PyUnicode_Compare(vk, key) == 0;
        if (same && PyErr_Occurred()) {
            Py_DECREF(vk);
            goto fail;
        }
        int word = 0;
        if (!same && z >= min_zipf) {
            int prot = PySequence_Contains(protected, vk);
            if (prot < 0) {
                Py_DECREF(vk);
                goto fail;
            }
            word = !prot;
        }
        if (word) {
            PyObject *old = PyDict_GetItemWithError(found, vk);
            long have = 99;
            if (old == NULL && PyErr_Occurred()) {
                Py_DECREF(vk);
                goto fail;
            }
            if (old != NULL) {
                have = PyLong_AsLong(old);
                if (have == -1 && PyErr_Occurred()) {
                    Py_DECREF(vk);
                    goto fail;
                }
            }
            if (have > rewrites && PyDict_SetItem(found, vk, rw) < 0) {
                Py_DECREF(vk);
                goto fail;
            }
        }
        else if (rewrites < near_below && PyUnicode_GET_LENGTH(vk) >= 4) {
            int alpha = str_isalpha(vk);
            if (alpha < 0) {
                Py_DECREF(vk);
                goto fail;
            }
            if (alpha) {
                PyObject *e = PyTuple_Pack(3, c, vk, rw);
                if (e == NULL || PyList_Append(near, e) < 0) {
                    Py_XDECREF(e);
                    Py_DECREF(vk);
                    goto fail;
                }
                Py_DECREF(e);
            }
        }
        Py_DECREF(vk);
    }
    return near;
fail:
    Py_DECREF(near);
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* dictionary._parse_grouped, on the file's bytes                            */

PyDoc_STRVAR(parse_grouped_doc,
"parse_grouped(data, start) -> dict | None\n\n"
"The body of a dictionary file, ``data[start:]``: lines \"zipf<TAB>word word ...\", read as\n"
"textrepair.dictionary._parse_grouped reads their UTF-8 text ({word: zipf}, one float per\n"
"line, later lines win). None when a line is not in the form the builder writes (the\n"
"pure-Python parser then gives the precise error).");

/* One word's UTF-8 as a str, strictly (as bytes.decode("utf-8")); NULL without
 * an exception set when the bytes are not UTF-8.
 *
 * Why not PyUnicode_DecodeUTF8: it builds a non-ASCII str with room to spare, and
 * pymalloc keeps the larger block when it shrinks (Hebrew's and Russian's
 * dictionaries took 3.3 MB more than the reference's). Nor code points through
 * PyUnicode_FromKindAndData: that scans them again for the largest and converts
 * (a tenth of a Czech load). Here one pass validates, counts the code points and
 * finds the largest; the second writes them into a str of exactly the right size
 * and kind. */
static PyObject *
utf8_word(const unsigned char *s, Py_ssize_t n)
{
    Py_ssize_t i = 0;
    while (i < n && s[i] < 0x80) {
        i++;
    }
    if (i == n) {
        PyObject *out = PyUnicode_New(n, 127);
        if (out != NULL && n > 0) {
            memcpy(PyUnicode_1BYTE_DATA(out), s, (size_t)n);
        }
        return out;
    }
    Py_ssize_t count = i;
    Py_UCS4 maxchar = 127;
    while (i < n) {
        unsigned int c = s[i];
        Py_UCS4 cp;
        int more;
        unsigned int lo = 0x80, hi = 0xBF; /* the first continuation byte's range */
        if (c < 0x80) {
            i++;
            count++;
            continue;
        }
        else if (c >= 0xC2 && c <= 0xDF) {
            cp = c & 0x1F;
            more = 1;
        }
        else if (c >= 0xE0 && c <= 0xEF) {
            cp = c & 0x0F;
            more = 2;
            if (c == 0xE0) {
                lo = 0xA0; /* overlong */
            }
            else if (c == 0xED) {
                hi = 0x9F; /* surrogates */
            }
        }
        else if (c >= 0xF0 && c <= 0xF4) {
            cp = c & 0x07;
            more = 3;
            if (c == 0xF0) {
                lo = 0x90; /* overlong */
            }
            else if (c == 0xF4) {
                hi = 0x8F; /* above U+10FFFF */
            }
        }
        else {
            return NULL;
        }
        if (i + more >= n) {
            return NULL; /* cut short */
        }
        for (int j = 1; j <= more; j++) {
            unsigned int b = s[i + j];
            if (b < (j == 1 ? lo : 0x80) || b > (j == 1 ? hi : 0xBF)) {
                return NULL;
            }
            cp = (cp << 6) | (b & 0x3F);
        }
        if (cp > maxchar) {
            maxchar = cp;
        }
        i += more + 1;
        count++;
    }
    PyObject *out = PyUnicode_New(count, maxchar);
    if (out == NULL) {
        return NULL;
    }
    /* Valid UTF-8 now: the lead byte says the length. One loop per kind, so the
     * store is a plain one. */
#define DECODE_INTO(T)                                                            \
    do {                                                                          \
        T *dst = (T *)PyUnicode_DATA(out);                                        \
        for (Py_ssize_t k = 0, j = 0; k < count; k++) {                           \
            unsigned int c = s[j];                                                \
            if (c < 0x80) {                                                       \
                dst[k] = (T)c;                                                    \
                j += 1;                                                           \
            }                                                                     \
            else if (c < 0xE0) {                                                  \
                dst[k] = (T)(((c & 0x1F) << 6) | (s[j + 1] & 0x3F));              \
                j += 2;                                                           \
            }                                                                     \
            else if (c < 0xF0) {                                                  \
                dst[k] = (T)(((c & 0x0F) << 12) | ((Py_UCS4)(s[j + 1] & 0x3F) << 6) | \
                             (s[j + 2] & 0x3F));                                  \
                j += 3;                                                           \
            }                                                                     \
            else {                                                                \
                dst[k] = (T)(((c & 0x07) << 18) | ((Py_UCS4)(s[j + 1] & 0x3F) << 12) | \
                             ((Py_UCS4)(s[j + 2] & 0x3F) << 6) | (s[j + 3] & 0x3F)); \
                j += 4;                                                           \
            }                                                                     \
        }                                                                         \
    } while (0)
    switch (PyUnicode_KIND(out)) {
    case PyUnicode_1BYTE_KIND:
        DECODE_INTO(Py_UCS1);
        break;
    case PyUnicode_2BYTE_KIND:
        DECODE_INTO(Py_UCS2);
        break;
    default:
        DECODE_INTO(Py_UCS4);
        break;
    }
#undef DECODE_INTO
    return out;
}

/* Why: building 350,000 str keys through str.split and dict.update is most of a
 * cold load (0.17 s of 0.2 s for Czech); here each key is decoded straight from
 * the bytes into the dict.
 *
 * The lines of buf[pos:len] into freq; with ``whole`` also a last line without
 * its '\n', else it is left for the caller (*done is where it starts). Returns 0,
 * 1 for a line not in the form the builder writes, -1 with an exception set. */
static int
parse_lines(PyObject *freq, const char *buf, Py_ssize_t pos, Py_ssize_t len, int whole,
            Py_ssize_t *done)
{
    while (pos < len) {
        const char *line = buf + pos;
        const char *nl = memchr(line, '\n', (size_t)(len - pos));
        if (nl == NULL && !whole) {
            break;
        }
        Py_ssize_t n = nl != NULL ? nl - line : len - pos;
        pos += n + 1;
        if (n == 0) {
            continue;
        }
        const char *stop = line + n;
        const char *tab = memchr(line, '\t', (size_t)n);
        Py_ssize_t vlen = tab != NULL ? tab - line : 0;
        if (vlen == 0 || vlen >= 32 || tab + 1 == stop) {
            return 1;
        }
        /* Digits, '.' and '-' only: then float() on the decoded text and
         * PyOS_string_to_double read the same number. */
        char num[32];
        for (Py_ssize_t i = 0; i < vlen; i++) {
            char c = line[i];
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-')) {
                return 1;
            }
            num[i] = c;
        }
        num[vlen] = '\0';
        char *end = NULL;
        double z = PyOS_string_to_double(num, &end, NULL);
        if (z == -1.0 && PyErr_Occurred()) {
            PyErr_Clear();
            return 1;
        }
        if (end != num + vlen) {
            return 1;
        }
        PyObject *zf = PyFloat_FromDouble(z);
        if (zf == NULL) {
            return -1;
        }
        const char *w = tab + 1;
        for (;;) {
            const char *sp = memchr(w, ' ', (size_t)(stop - w));
            const char *we = sp != NULL ? sp : stop;
            PyObject *key = utf8_word((const unsigned char *)w, we - w);
            if (key == NULL) {
                Py_DECREF(zf);
                return PyErr_Occurred() ? -1 : 1;
            }
            int rc = PyDict_SetItem(freq, key, zf);
            Py_DECREF(key);
            if (rc < 0) {
                Py_DECREF(zf);
                return -1;
            }
            if (sp == NULL) {
                break;
            }
            w = sp + 1;
        }
        Py_DECREF(zf);
    }
    *done = pos < len ? pos : len;
    return 0;
}

static PyObject *
k_parse_grouped(PyObject *self, PyObject *args)
{
    Py_buffer view;
    Py_ssize_t start, done;
    if (!PyArg_ParseTuple(args, "y*n", &view, &start)) {
        return NULL;
    }
    if (start < 0 || start > view.len) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "parse_grouped: start out of range");
        return NULL;
    }
    /* Not presized: _PyDict_NewPresized makes a table for any key type, with
     * 24-byte entries instead of the 16 of a str-keyed one (+5 MB for Hebrew). */
    PyObject *freq = PyDict_New();
    if (freq == NULL) {
        PyBuffer_Release(&view);
        return NULL;
    }
    int rc = parse_lines(freq, view.buf, start, view.len, 1, &done);
    PyBuffer_Release(&view);
    if (rc != 0) {
        Py_DECREF(freq);
        if (rc < 0) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    return freq;
}

PyDoc_STRVAR(parse_grouped_into_doc,
"parse_grouped_into(freq, data, start) -> int | None\n\n"
"parse_grouped for the complete lines of ``data[start:]`` (those ending in a newline), added\n"
"to the dict ``freq``: a file read piece by piece. Returns where the rest (an unfinished\n"
"line) starts; None when a line is not in the form the builder writes (``freq`` then holds\n"
"the lines before it).");

static PyObject *
k_parse_grouped_into(PyObject *self, PyObject *args)
{
    PyObject *freq;
    Py_buffer view;
    Py_ssize_t start, done = 0;
    if (!PyArg_ParseTuple(args, "O!y*n", &PyDict_Type, &freq, &view, &start)) {
        return NULL;
    }
    if (start < 0 || start > view.len) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "parse_grouped_into: start out of range");
        return NULL;
    }
    int rc = parse_lines(freq, view.buf, start, view.len, 0, &done);
    PyBuffer_Release(&view);
    if (rc < 0) {
        return NULL;
    }
    if (rc > 0) {
        Py_RETURN_NONE;
    }
    return PyLong_FromSsize_t(done);
}

PyDoc_STRVAR(trim_heap_doc,
"trim_heap() -> bool\n\n"
"Return the C heap's free memory to the system (glibc's malloc_trim(0)); False where there\n"
"is no such call. A dictionary load calls it: ctypes would take 3 ms to import for it.");

static PyObject *
k_trim_heap(PyObject *self, PyObject *Py_UNUSED(ignored))
{
#if defined(__GLIBC__)
    malloc_trim(0);
    Py_RETURN_TRUE;
#else
    Py_RETURN_FALSE;
#endif
}

/* ------------------------------------------------------------------------ */
/* scored: tokens._Lexicon._scored; splits: the loop of tokens._Lexicon._splits */

static PyObject *reason_ocr = NULL;   /* "ocr-confusion" */
static PyObject *reason_edit = NULL;  /* "edit-distance" */
static PyObject *reason_split = NULL; /* "split" */

/* A candidate (``cand_type``, a tuple subclass: tokens._Cand) of word, score, reason.
 * tuple.__new__(cand_type, (word, score, reason)), which is what the named
 * tuple's own __new__ does. */
static PyObject *
make_cand(PyObject *cand_type, PyObject *word, double score, PyObject *reason)
{
    PyObject *sv = PyFloat_FromDouble(score);
    if (sv == NULL) {
        return NULL;
    }
    PyObject *items = PyTuple_Pack(3, word, sv, reason);
    Py_DECREF(sv);
    if (items == NULL) {
        return NULL;
    }
    PyObject *args = PyTuple_Pack(1, items);
    Py_DECREF(items);
    if (args == NULL) {
        return NULL;
    }
    PyObject *r = PyTuple_Type.tp_new((PyTypeObject *)cand_type, args, NULL);
    Py_DECREF(args);
    return r;
}

typedef struct {
    PyObject *w; /* borrowed from ``found`` */
    long ops;
    double z;
} rank_t;

/* The sort key of _scored: (found[w], -zipf(w), w). Words are distinct. */
static int
cmp_rank(const void *pa, const void *pb)
{
    const rank_t *a = pa, *b = pb;
    if (a->ops != b->ops) {
        return a->ops < b->ops ? -1 : 1;
    }
    /* -za < -zb exactly when za > zb (no NaN among frequencies) */
    if (a->z > b->z) {
        return -1;
    }
    if (a->z < b->z) {
        return 1;
    }
    return PyUnicode_Compare(a->w, b->w);
}

PyDoc_STRVAR(scored_doc,
             "scored(obs, found, aligner, freq, extra, protected, max_candidates, memo, "
             "cand_type) -> list\n--\n\n"
             "tokens._Lexicon._scored compiled: the max_candidates words of found with the "
             "fewest operations, then the most frequent, scored by the aligner's channel "
             "(alignments kept in memo, a dict, unless it is None).");

static PyObject *
k_scored(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 9) {
        PyErr_SetString(PyExc_TypeError, "scored() takes exactly 9 arguments");
        return NULL;
    }
    PyObject *obs = args[0], *found = args[1], *aligner = args[2], *freq = args[3];
    PyObject *extra = args[4], *protected = args[5], *memo = args[7], *cand_type = args[8];
    if (!PyUnicode_Check(obs) || !PyDict_Check(found) || !PyDict_Check(freq) ||
        !PyDict_Check(extra) || !PyObject_TypeCheck(aligner, &AlignerType) ||
        !PyAnySet_Check(protected) || (memo != Py_None && !PyDict_Check(memo)) ||
        !PyType_Check(cand_type) || !PyType_IsSubtype((PyTypeObject *)cand_type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "scored(): bad argument types");
        return NULL;
    }
    Aligner *al = (Aligner *)aligner;
    if (al->sub_entry == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Aligner not initialised");
        return NULL;
    }
    Py_ssize_t max_c = PyLong_AsSsize_t(args[6]);
    if (max_c == -1 && PyErr_Occurred()) {
        return NULL;
    }
    Py_ssize_t n = PyDict_GET_SIZE(found);
    rank_t *rank = PyMem_Malloc(sizeof(rank_t) * (size_t)(n ? n : 1));
    if (rank == NULL) {
        return PyErr_NoMemory();
    }
    /* found keeps its entries alive while this runs: nothing here can change it. */
    Py_ssize_t pos = 0, k = 0;
    PyObject *w, *v;
    while (PyDict_Next(found, &pos, &w, &v)) {
        if (!PyUnicode_Check(w)) {
            PyErr_SetString(PyExc_TypeError, "found's keys must be str");
            goto fail_rank;
        }
        long ops = PyLong_AsLong(v);
        if (ops == -1 && PyErr_Occurred()) {
            goto fail_rank;
        }
        rank[k].w = w;
        rank[k].ops = ops;
        if (zipf_of(freq, extra, w, &rank[k].z) < 0) {
            goto fail_rank;
        }
        k++;
    }
    qsort(rank, (size_t)n, sizeof(rank_t), cmp_rank);
    if (PyErr_Occurred()) {
        goto fail_rank;
    }
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        goto fail_rank;
    }
    Py_UCS4 so[STACK_CHARS], sw[STACK_CHARS];
    ucs4buf ob;
    if (to_ucs4(obs, &ob, so) < 0) {
        Py_DECREF(out);
        goto fail_rank;
    }
    Py_ssize_t top = max_c < 0 ? (n + max_c > 0 ? n + max_c : 0) : (max_c < n ? max_c : n);
    for (Py_ssize_t i = 0; i < top; i++) {
        w = rank[i].w;
        int prot = PySet_Contains(protected, w);
        if (prot < 0) {
            goto fail;
        }
        if (prot) {
            continue;
        }
        double cost;
        int flag;
        PyObject *hit = NULL;
        if (memo != Py_None) {
            hit = PyDict_GetItemWithError(memo, w);
            if (hit == NULL && PyErr_Occurred()) {
                goto fail;
            }
        }
        if (hit != NULL) {
            if (!PyTuple_Check(hit) || PyTuple_GET_SIZE(hit) != 2) {
                PyErr_SetString(PyExc_TypeError, "memo values must be (cost, flagged)");
                goto fail;
            }
            cost = PyFloat_AsDouble(PyTuple_GET_ITEM(hit, 0));
            if (cost == -1.0 && PyErr_Occurred()) {
                goto fail;
            }
            flag = PyObject_IsTrue(PyTuple_GET_ITEM(hit, 1));
            if (flag < 0) {
                goto fail;
            }
        }
        else {
            ucs4buf wb;
            if (to_ucs4(w, &wb, sw) < 0) {
                goto fail;
            }
            int r = align_core(al, ob.p, ob.n, wb.p, wb.n, &cost, &flag);
            free_ucs4(&wb);
            if (r < 0) {
                goto fail;
            }
            if (memo != Py_None) {
                PyObject *e = Py_BuildValue("(dO)", cost, flag ? Py_True : Py_False);
                if (e == NULL || PyDict_SetItem(memo, w, e) < 0) {
                    Py_XDECREF(e);
                    goto fail;
                }
                Py_DECREF(e);
            }
        }
        PyObject *c = make_cand(cand_type, w, rank[i].z - cost, flag ? reason_ocr : reason_edit);
        if (c == NULL || PyList_Append(out, c) < 0) {
            Py_XDECREF(c);
            goto fail;
        }
        Py_DECREF(c);
    }
    free_ucs4(&ob);
    PyMem_Free(rank);
    return out;
fail:
    free_ucs4(&ob);
    Py_DECREF(out);
fail_rank:
    PyMem_Free(rank);
    return NULL;
}

PyDoc_STRVAR(splits_doc,
             "splits(key, freq, extra, protected, least, split_zipf, cost, compound, "
             "cand_type) -> list\n--\n\n"
             "The loop of tokens._Lexicon._splits compiled: two-way splits of key into "
             "frequent words (compound(a, b) is asked last, as there).");

static PyObject *
k_splits(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 9) {
        PyErr_SetString(PyExc_TypeError, "splits() takes exactly 9 arguments");
        return NULL;
    }
    PyObject *key = args[0], *freq = args[1], *extra = args[2], *protected = args[3];
    PyObject *compound = args[7], *cand_type = args[8];
    if (!PyUnicode_Check(key) || !PyDict_Check(freq) || !PyDict_Check(extra) ||
        !PyAnySet_Check(protected) || !PyType_Check(cand_type) ||
        !PyType_IsSubtype((PyTypeObject *)cand_type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "splits(): bad argument types");
        return NULL;
    }
    double least = PyFloat_AsDouble(args[4]);
    if (least == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    double split_zipf = PyFloat_AsDouble(args[5]);
    if (split_zipf == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    double cost = PyFloat_AsDouble(args[6]);
    if (cost == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(key);
    for (Py_ssize_t i = 1; i < n; i++) {
        PyObject *a = PyUnicode_Substring(key, 0, i);
        if (a == NULL) {
            goto fail;
        }
        double za, zb;
        if (zipf_of(freq, extra, a, &za) < 0) {
            Py_DECREF(a);
            goto fail;
        }
        if (za < least) {
            Py_DECREF(a);
            continue;
        }
        PyObject *b = PyUnicode_Substring(key, i, n);
        if (b == NULL) {
            Py_DECREF(a);
            goto fail;
        }
        if (zipf_of(freq, extra, b, &zb) < 0) {
            goto fail_ab;
        }
        /* min() and max() as Python takes them: the first unless the second is smaller */
        double zmin = zb < za ? zb : za;
        Py_ssize_t la = i, lb = n - i;
        int ok;
        if ((lb < la ? lb : la) == 1) {
            ok = zmin >= 5.5 && (la < lb ? lb : la) >= 3;
        }
        else {
            ok = zmin >= split_zipf;
        }
        if (ok) {
            int p = PySet_Contains(protected, a);
            if (p < 0) {
                goto fail_ab;
            }
            if (!p) {
                p = PySet_Contains(protected, b);
                if (p < 0) {
                    goto fail_ab;
                }
            }
            ok = !p;
        }
        if (ok) {
            PyObject *r = PyObject_CallFunctionObjArgs(compound, a, b, NULL);
            if (r == NULL) {
                goto fail_ab;
            }
            int t = PyObject_IsTrue(r);
            Py_DECREF(r);
            if (t < 0) {
                goto fail_ab;
            }
            ok = !t;
        }
        if (ok) {
            PyObject *word = PyUnicode_FromFormat("%U %U", a, b);
            if (word == NULL) {
                goto fail_ab;
            }
            PyObject *c = make_cand(cand_type, word, za + zb - 9.0 - cost, reason_split);
            Py_DECREF(word);
            if (c == NULL || PyList_Append(out, c) < 0) {
                Py_XDECREF(c);
                goto fail_ab;
            }
            Py_DECREF(c);
        }
        Py_DECREF(a);
        Py_DECREF(b);
        continue;
    fail_ab:
        Py_DECREF(a);
        Py_DECREF(b);
        goto fail;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* search: the whole OCR-path search of one form (tokens._Lexicon.candidates,
 * typing=False, max_ed > 0) after the index lookup, in one call: the variant
 * sites and search (Channel.variants), their triage, the sound-alikes, the
 * scoring and the final order. Each step is the compiled function above,
 * called as the Python code calls it. */

typedef struct {
    PyObject *c; /* borrowed from the list being ranked */
    double score;
    Py_ssize_t at;
} final_t;

/* The order of candidates.sort(key=lambda c: (-c.score, c.word)), stable. */
static int
cmp_final(const void *pa, const void *pb)
{
    const final_t *a = pa, *b = pb;
    if (a->score > b->score) {
        return -1;
    }
    if (a->score < b->score) {
        return 1;
    }
    int r = PyUnicode_Compare(PyTuple_GET_ITEM(a->c, 0), PyTuple_GET_ITEM(b->c, 0));
    if (r) {
        return r;
    }
    return a->at < b->at ? -1 : (a->at > b->at ? 1 : 0);
}

/* cands.sort(key=lambda c: (-c.score, c.word)); tuple(cands[:top]) (a new reference). */
static PyObject *
best_of(PyObject *cands, Py_ssize_t top)
{
    Py_ssize_t n = PyList_GET_SIZE(cands);
    final_t *fin = PyMem_Malloc(sizeof(final_t) * (size_t)(n ? n : 1));
    if (fin == NULL) {
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *c = PyList_GET_ITEM(cands, i);
        if (!PyTuple_Check(c) || PyTuple_GET_SIZE(c) != 3 ||
            !PyUnicode_Check(PyTuple_GET_ITEM(c, 0)) || !PyFloat_Check(PyTuple_GET_ITEM(c, 1))) {
            PyMem_Free(fin);
            PyErr_SetString(PyExc_TypeError, "candidates must be (str, float, str)");
            return NULL;
        }
        fin[i].c = c;
        fin[i].score = PyFloat_AS_DOUBLE(PyTuple_GET_ITEM(c, 1));
        fin[i].at = i;
    }
    qsort(fin, (size_t)n, sizeof(final_t), cmp_final);
    Py_ssize_t k = top < n ? top : n;
    PyObject *result = PyTuple_New(k);
    if (result != NULL) {
        for (Py_ssize_t i = 0; i < k; i++) {
            Py_INCREF(fin[i].c);
            PyTuple_SET_ITEM(result, i, fin[i].c);
        }
    }
    PyMem_Free(fin);
    return result;
}

/* Whether sum(comb(n, r) for r in 1..max_r) >= limit (Channel.variants' test of
 * whether the limit could cut the list short), without overflow. */
static int
combos_reach(Py_ssize_t n, Py_ssize_t max_r, Py_ssize_t limit)
{
    unsigned long long sum = 0, c = 1;
    for (Py_ssize_t r = 1; r <= max_r && r <= n; r++) {
        unsigned long long f = (unsigned long long)(n - r + 1);
        if (c > ULLONG_MAX / f) {
            return 1;
        }
        c = c * f / (unsigned long long)r; /* comb(n, r), exact */
        sum += c;
        if (limit <= 0 || sum >= (unsigned long long)limit) {
            return 1;
        }
    }
    return limit <= 0 || sum >= (unsigned long long)limit;
}

/* found.pop(key, None): 0, or -1 with an error set. */
static int
dict_discard(PyObject *found, PyObject *key)
{
    if (PyDict_DelItem(found, key) < 0) {
        if (!PyErr_ExceptionMatches(PyExc_KeyError)) {
            return -1;
        }
        PyErr_Clear();
    }
    return 0;
}

/* found.setdefault(w, alike_ops) for each sound-alike, then found.pop(key, None):
 * 0, or -1 with an error set. */
static int
add_alikes(PyObject *found, PyObject *alikes, PyObject *alike_ops, PyObject *key)
{
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(alikes); i++) {
        if (PyDict_SetDefault(found, PyTuple_GET_ITEM(alikes, i), alike_ops) == NULL) {
            return -1;
        }
    }
    return dict_discard(found, key);
}

/* Channel.variants(obs) over ``sites`` (expand), then triage_variants of them:
 * ``targs`` holds triage's ten arguments but the variants (slot 0, filled here)
 * and near_below (slot 8). The near misses (a new list), or NULL. */
static PyObject *
word_variants(PyObject *obs, PyObject *sites, Py_ssize_t rewrites, PyObject *max_total,
              Py_ssize_t limit, PyObject *viable, PyObject **targs, PyObject *near_below)
{
    PyObject *eargs = Py_BuildValue("(OOnOnOO)", obs, sites, rewrites, max_total, limit, viable,
                                    viable != Py_None ? Py_True : Py_False);
    if (eargs == NULL) {
        return NULL;
    }
    PyObject *variants = k_expand(NULL, eargs);
    Py_DECREF(eargs);
    if (variants == NULL) {
        return NULL;
    }
    targs[0] = variants;
    targs[8] = near_below;
    PyObject *near = k_triage(NULL, targs, 10);
    targs[0] = NULL;
    Py_DECREF(variants);
    return near;
}

/* scored(obs, found, aligner, freq, extra, protected, max_c, memo, cand_type) + splits
 * (a new list). */
static PyObject *
scored_plus(PyObject *const *sc, PyObject *splits)
{
    PyObject *cands = k_scored(NULL, sc, 9);
    if (cands == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(splits); i++) {
        if (PyList_Append(cands, PyList_GET_ITEM(splits, i)) < 0) {
            Py_DECREF(cands);
            return NULL;
        }
    }
    return cands;
}

PyDoc_STRVAR(search_doc,
             "search(obs, key, found, alikes, alike_ops, reverse, max_rev, max_rewrites, "
             "max_cost, max_total, viable, limit, freq, extra, protected, normalize, aligner, "
             "max_candidates, splits, cand_type, top) -> tuple\n--\n\n"
             "The OCR path of tokens._Lexicon.candidates after the index lookup (found, "
             "updated in place): variants, triage, sound-alikes, scoring, splits appended, "
             "the best top candidates.");

static PyObject *
k_search(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 21) {
        PyErr_SetString(PyExc_TypeError, "search() takes exactly 21 arguments");
        return NULL;
    }
    PyObject *obs = args[0], *key = args[1], *found = args[2], *alikes = args[3];
    PyObject *alike_ops = args[4], *reverse = args[5], *viable = args[10];
    PyObject *freq = args[12], *extra = args[13], *protected = args[14], *normalize = args[15];
    PyObject *aligner = args[16], *splits = args[18], *cand_type = args[19];
    if (!PyUnicode_Check(obs) || !PyUnicode_Check(key) || !PyDict_Check(found) ||
        !PyTuple_Check(alikes) || !PyList_Check(splits)) {
        PyErr_SetString(PyExc_TypeError, "search(): bad argument types");
        return NULL;
    }
    Py_ssize_t max_rewrites = PyLong_AsSsize_t(args[7]);
    if (max_rewrites == -1 && PyErr_Occurred()) {
        return NULL;
    }
    Py_ssize_t limit = PyLong_AsSsize_t(args[11]);
    if (limit == -1 && PyErr_Occurred()) {
        return NULL;
    }
    Py_ssize_t top = PyLong_AsSsize_t(args[20]);
    if (top == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (max_rewrites > 64 || top < 0) {
        PyErr_SetString(PyExc_ValueError, "search(): max_rewrites over 64 or top below 0");
        return NULL;
    }
    PyObject *result = NULL, *near = NULL, *cands = NULL, *min_zipf = NULL, *zero = NULL;
    /* Channel.variants: sites, the prune test, the search. */
    PyObject *sargs[4] = {obs, reverse, args[6], args[8]};
    PyObject *sites = k_sites(NULL, sargs, 4);
    if (sites == NULL) {
        return NULL;
    }
    if (viable != Py_None && combos_reach(PyList_GET_SIZE(sites), max_rewrites, limit)) {
        viable = Py_None; /* pruning is exact only if the limit could not cut the list */
    }
    /* triage_variants(..., min_zipf=1.5, plain_latin1=True) */
    min_zipf = PyFloat_FromDouble(1.5);
    zero = PyLong_FromLong(0);
    if (min_zipf == NULL || zero == NULL) {
        goto done;
    }
    PyObject *targs[10] = {NULL,  key,       freq,     extra, protected,
                           found, normalize, min_zipf, NULL,  Py_True};
    near = word_variants(obs, sites, max_rewrites, args[9], limit, viable, targs, zero);
    if (near == NULL || add_alikes(found, alikes, alike_ops, key) < 0) {
        goto done;
    }
    PyObject *sc[9] = {obs, found, aligner, freq, extra, protected, args[17], Py_None, cand_type};
    cands = scored_plus(sc, splits);
    if (cands == NULL) {
        goto done;
    }
    result = best_of(cands, top);
done:
    Py_XDECREF(cands);
    Py_XDECREF(near);
    Py_XDECREF(zero);
    Py_XDECREF(min_zipf);
    Py_DECREF(sites);
    return result;
}

/* max((c.score for c in cands), default=-inf) >= below (no score is NaN): 1 or 0,
 * -1 with an error set. */
static int
any_at_least(PyObject *cands, double below)
{
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(cands); i++) {
        PyObject *c = PyList_GET_ITEM(cands, i);
        if (!PyTuple_Check(c) || PyTuple_GET_SIZE(c) != 3) {
            PyErr_SetString(PyExc_TypeError, "candidates must be (str, float, str)");
            return -1;
        }
        double score = PyFloat_AsDouble(PyTuple_GET_ITEM(c, 1));
        if (score == -1.0 && PyErr_Occurred()) {
            return -1;
        }
        if (score >= below) {
            return 1;
        }
    }
    return 0;
}

PyDoc_STRVAR(search_typing_doc,
             "search_typing(obs, key, found, alikes, alike_ops, reverse, max_rev, rewrite_cost, "
             "rewrites_max, max_total, viable, always_prune, limit, freq, extra, protected, "
             "normalize, aligner, max_candidates, splits, cand_type, expand_below, near_misses, "
             "index, top) -> tuple\n--\n\n"
             "tokens._Lexicon._typing_candidates (max_ed > 0) and the final order of "
             "candidates, compiled: the staged spelling search after the index lookup (found, "
             "updated in place); index is the DeleteLookup of the near misses' search.");

static PyObject *
k_search_typing(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 25) {
        PyErr_SetString(PyExc_TypeError, "search_typing() takes exactly 25 arguments");
        return NULL;
    }
    PyObject *obs = args[0], *key = args[1], *found = args[2], *alikes = args[3];
    PyObject *alike_ops = args[4], *reverse = args[5], *viable = args[10];
    PyObject *freq = args[13], *extra = args[14], *protected = args[15], *normalize = args[16];
    PyObject *aligner = args[17], *splits = args[19], *cand_type = args[20], *index = args[23];
    if (!PyUnicode_Check(obs) || !PyUnicode_Check(key) || !PyDict_Check(found) ||
        !PyTuple_Check(alikes) || !PyList_Check(splits) ||
        !PyObject_TypeCheck(index, &DeleteLookupType)) {
        PyErr_SetString(PyExc_TypeError, "search_typing(): bad argument types");
        return NULL;
    }
    Py_ssize_t rewrites_max = PyLong_AsSsize_t(args[8]);
    if (rewrites_max == -1 && PyErr_Occurred()) {
        return NULL;
    }
    int always_prune = PyObject_IsTrue(args[11]);
    if (always_prune < 0) {
        return NULL;
    }
    Py_ssize_t limit = PyLong_AsSsize_t(args[12]);
    if (limit == -1 && PyErr_Occurred()) {
        return NULL;
    }
    double below = PyFloat_AsDouble(args[21]);
    if (below == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    Py_ssize_t near_misses = PyLong_AsSsize_t(args[22]);
    if (near_misses == -1 && PyErr_Occurred()) {
        return NULL;
    }
    Py_ssize_t top = PyLong_AsSsize_t(args[24]);
    if (top == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (rewrites_max > 64 || top < 0) {
        PyErr_SetString(PyExc_ValueError, "search_typing(): rewrites_max over 64 or top below 0");
        return NULL;
    }
    PyObject *result = NULL, *cands = NULL, *memo = NULL, *sites = NULL, *near = NULL;
    PyObject *min_zipf = NULL, *zero = NULL, *two = NULL;
    PyObject *one = NULL, *empty1 = NULL, *empty2 = NULL, *known = NULL;
    /* Sound-alikes, then the words so far. */
    if (add_alikes(found, alikes, alike_ops, key) < 0) {
        return NULL;
    }
    memo = PyDict_New();
    if (memo == NULL) {
        return NULL;
    }
    PyObject *sc[9] = {obs, found, aligner, freq, extra, protected, args[18], memo, cand_type};
    cands = scored_plus(sc, splits);
    if (cands == NULL) {
        goto done;
    }
    int enough = any_at_least(cands, below);
    if (enough) {
        if (enough < 0) {
            goto done;
        }
        goto finish;
    }
    /* The typing channel's variants that are words. */
    PyObject *sargs[4] = {obs, reverse, args[6], args[7]};
    sites = k_sites(NULL, sargs, 4);
    if (sites == NULL) {
        goto done;
    }
    if (viable != Py_None && !always_prune &&
        combos_reach(PyList_GET_SIZE(sites), rewrites_max, limit)) {
        viable = Py_None;
    }
    min_zipf = PyFloat_FromDouble(1.5);
    zero = PyLong_FromLong(0);
    two = PyLong_FromLong(2);
    if (min_zipf == NULL || zero == NULL || two == NULL) {
        goto done;
    }
    PyObject *targs[10] = {NULL,  key,       freq,     extra, protected,
                           found, normalize, min_zipf, NULL,  Py_True};
    near = word_variants(obs, sites, rewrites_max, args[9], limit, viable, targs, zero);
    if (near == NULL) {
        goto done;
    }
    Py_CLEAR(near);
    if (dict_discard(found, key) < 0) {
        goto done;
    }
    Py_CLEAR(cands);
    cands = scored_plus(sc, splits);
    if (cands == NULL) {
        goto done;
    }
    enough = any_at_least(cands, below);
    if (enough) {
        if (enough < 0) {
            goto done;
        }
        goto finish;
    }
    /* Words one slip from the cheapest single-rewrite non-words. */
    near = word_variants(obs, sites, 1, args[9], 2000, Py_None, targs, two);
    if (near == NULL || PyList_Sort(near) < 0) { /* heapq.nsmallest(n, near) is sorted(near)[:n] */
        goto done;
    }
    one = PyLong_FromLong(1);
    empty1 = PyDict_New();
    empty2 = PyDict_New();
    known = PyFloat_FromDouble(0.0);
    if (one == NULL || empty1 == NULL || empty2 == NULL || known == NULL) {
        goto done;
    }
    Py_ssize_t nn = PyList_GET_SIZE(near) < near_misses ? PyList_GET_SIZE(near) : near_misses;
    for (Py_ssize_t i = 0; i < nn; i++) {
        PyObject *t = PyList_GET_ITEM(near, i);
        long rw = PyLong_AsLong(PyTuple_GET_ITEM(t, 2));
        if (rw == -1 && PyErr_Occurred()) {
            goto done;
        }
        /* index.within(vk, 1, {}, {}, 0.0): every word within one edit */
        PyObject *wargs[6] = {PyTuple_GET_ITEM(t, 1), one, one, empty1, empty2, known};
        PyObject *ws = DeleteLookup_within((DeleteLookup *)index, wargs, 6);
        if (ws == NULL) {
            goto done;
        }
        Py_ssize_t pos = 0;
        PyObject *w, *d;
        while (PyDict_Next(ws, &pos, &w, &d)) {
            PyObject *old = PyDict_GetItemWithError(found, w);
            long have = 99;
            if (old == NULL && PyErr_Occurred()) {
                Py_DECREF(ws);
                goto done;
            }
            if (old != NULL) {
                have = PyLong_AsLong(old);
                if (have == -1 && PyErr_Occurred()) {
                    Py_DECREF(ws);
                    goto done;
                }
            }
            if (have > rw + 1) {
                PyObject *v = PyLong_FromLong(rw + 1);
                if (v == NULL || PyDict_SetItem(found, w, v) < 0) {
                    Py_XDECREF(v);
                    Py_DECREF(ws);
                    goto done;
                }
                Py_DECREF(v);
            }
        }
        Py_DECREF(ws);
    }
    if (dict_discard(found, key) < 0) {
        goto done;
    }
    Py_CLEAR(cands);
    cands = scored_plus(sc, splits);
    if (cands == NULL) {
        goto done;
    }
finish:
    result = best_of(cands, top);
done:
    Py_XDECREF(known);
    Py_XDECREF(empty2);
    Py_XDECREF(empty1);
    Py_XDECREF(one);
    Py_XDECREF(two);
    Py_XDECREF(zero);
    Py_XDECREF(min_zipf);
    Py_XDECREF(near);
    Py_XDECREF(sites);
    Py_XDECREF(cands);
    Py_DECREF(memo);
    return result;
}

/* ------------------------------------------------------------------------ */
/* skeleton: tokens._skeleton on a str of ASCII letters                      */

PyDoc_STRVAR(skeleton_doc,
             "skeleton(word) -> str | None\n--\n\n"
             "tokens._skeleton for a word of ASCII letters (None for any other str): \"ph\" to "
             "\"f\", \"ck\" to \"k\", c q z j v to k k s g f, the letters aeiouyhw dropped "
             "after the first character, runs of one letter collapsed.");

static PyObject *
k_skeleton(PyObject *self, PyObject *word)
{
    if (!PyUnicode_Check(word)) {
        PyErr_SetString(PyExc_TypeError, "skeleton() takes a str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    if (!PyUnicode_IS_ASCII(word) || n == 0 || n > STACK_CHARS) {
        Py_RETURN_NONE;
    }
    const Py_UCS1 *p = PyUnicode_1BYTE_DATA(word);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS1 c = p[i] | 0x20;
        if (c < 'a' || c > 'z') {
            Py_RETURN_NONE;
        }
    }
    char a[STACK_CHARS], b[STACK_CHARS];
    Py_ssize_t na = 0, nb = 0;
    /* word.replace("ph", "f") */
    for (Py_ssize_t i = 0; i < n; i++) {
        if (p[i] == 'p' && i + 1 < n && p[i + 1] == 'h') {
            a[na++] = 'f';
            i++;
        }
        else {
            a[na++] = (char)p[i];
        }
    }
    /* .replace("ck", "k"), then .translate(c q z j v -> k k s g f) */
    for (Py_ssize_t i = 0; i < na; i++) {
        char c = a[i];
        if (c == 'c' && i + 1 < na && a[i + 1] == 'k') {
            c = 'k';
            i++;
        }
        else if (c == 'c' || c == 'q') {
            c = 'k';
        }
        else if (c == 'z') {
            c = 's';
        }
        else if (c == 'j') {
            c = 'g';
        }
        else if (c == 'v') {
            c = 'f';
        }
        b[nb++] = c;
    }
    /* _VOWELS_RE.sub("", w): aeiouyhw after the first character; then
     * _REPEAT_RE.sub(r"\1", w): each run of one character once */
    Py_ssize_t k = 0;
    for (Py_ssize_t i = 0; i < nb; i++) {
        char c = b[i];
        if (i > 0 && strchr("aeiouyhw", c) != NULL) {
            continue;
        }
        if (k > 0 && a[k - 1] == c) {
            continue;
        }
        a[k++] = c;
    }
    return PyUnicode_FromStringAndSize(a, k);
}

/* ---------------------------------------------------------------------------
 * Per-document work of the token stage (tokens._Document): the tables of the
 * scan, the keys of the neighbours, and the test of a word broken by a space.
 * Each function gives exactly what the Python it stands for gives (the pure
 * path stays in tokens.py and is the reference; tests/test_kernel_document.py
 * compares them).
 * ------------------------------------------------------------------------ */

PyDoc_STRVAR(scan_runs_doc,
"scan_runs(pieces, suspicious) -> (runs, ks)\n\n"
"``pieces`` alternate gaps and words (a split on the capturing word pattern).\n"
"``runs`` lists ``(start, end, word)`` of each word; ``ks`` the indices of the\n"
"runs whose word is in the set ``suspicious``, in order.");

static PyObject *
k_scan_runs(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyList_CheckExact(args[0]) || !PyAnySet_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "scan_runs(pieces: list, suspicious: set)");
        return NULL;
    }
    PyObject *pieces = args[0], *suspicious = args[1];
    Py_ssize_t np = PyList_GET_SIZE(pieces);
    Py_ssize_t nr = np / 2;
    PyObject *runs = PyList_New(nr);
    PyObject *ks = PyList_New(0);
    if (runs == NULL || ks == NULL) {
        goto fail;
    }
    Py_ssize_t pos = 0;
    for (Py_ssize_t i = 0; i < np; i++) {
        PyObject *p = PyList_GET_ITEM(pieces, i);
        if (!PyUnicode_Check(p)) {
            PyErr_SetString(PyExc_TypeError, "scan_runs: pieces must be str");
            goto fail;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(p);
        if (i & 1) {
            Py_ssize_t k = i / 2;
            PyObject *t = Py_BuildValue("(nnO)", pos, pos + len, p);
            if (t == NULL) {
                goto fail;
            }
            PyList_SET_ITEM(runs, k, t);
            int hit = PySet_Contains(suspicious, p);
            if (hit < 0) {
                goto fail;
            }
            if (hit) {
                PyObject *ki = PyLong_FromSsize_t(k);
                if (ki == NULL || PyList_Append(ks, ki) < 0) {
                    Py_XDECREF(ki);
                    goto fail;
                }
                Py_DECREF(ki);
            }
        }
        pos += len;
    }
    {
        PyObject *out = PyTuple_Pack(2, runs, ks);
        Py_DECREF(runs);
        Py_DECREF(ks);
        return out;
    }
fail:
    Py_XDECREF(runs);
    Py_XDECREF(ks);
    return NULL;
}

PyDoc_STRVAR(run_keys_doc,
"run_keys(runs, norm_of) -> (keys, pairs)\n\n"
"``keys[i]`` is ``norm_of.get(runs[i][2])`` (None when absent); ``pairs`` the\n"
"set of ``(keys[i], keys[i + 1])``.");

static PyObject *
k_run_keys(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyList_CheckExact(args[0]) || !PyDict_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "run_keys(runs: list, norm_of: dict)");
        return NULL;
    }
    PyObject *runs = args[0], *norm_of = args[1];
    Py_ssize_t n = PyList_GET_SIZE(runs);
    PyObject *keys = PyList_New(n);
    PyObject *pairs = PySet_New(NULL);
    if (keys == NULL || pairs == NULL) {
        goto fail;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *r = PyList_GET_ITEM(runs, i);
        if (!PyTuple_Check(r) || PyTuple_GET_SIZE(r) < 3) {
            PyErr_SetString(PyExc_TypeError, "run_keys: runs must be (start, end, word)");
            goto fail;
        }
        PyObject *key = PyDict_GetItemWithError(norm_of, PyTuple_GET_ITEM(r, 2));
        if (key == NULL) {
            if (PyErr_Occurred()) {
                goto fail;
            }
            key = Py_None;
        }
        Py_INCREF(key);
        PyList_SET_ITEM(keys, i, key);
        if (i > 0) {
            PyObject *pair = PyTuple_Pack(2, PyList_GET_ITEM(keys, i - 1), key);
            if (pair == NULL) {
                goto fail;
            }
            int rc = PySet_Add(pairs, pair);
            Py_DECREF(pair);
            if (rc < 0) {
                goto fail;
            }
        }
    }
    {
        PyObject *out = PyTuple_Pack(2, keys, pairs);
        Py_DECREF(keys);
        Py_DECREF(pairs);
        return out;
    }
fail:
    Py_XDECREF(keys);
    Py_XDECREF(pairs);
    return NULL;
}

/* str.islower(), as CPython computes it. */
static int
str_islower(PyObject *s)
{
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    int cased = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISUPPER(ch) || Py_UNICODE_ISTITLE(ch)) {
            return 0;
        }
        if (!cased && Py_UNICODE_ISLOWER(ch)) {
            cased = 1;
        }
    }
    return cased;
}

/* _Lexicon.zipf(norm(word)): freq.get(key), else extra.get(key, 0.0).
 * 0 and the value in *z, or -1 with an exception set. */
static int
doc_zipf(PyObject *norm, PyObject *freq, PyObject *extra, PyObject *word, double *z)
{
    PyObject *key = PyObject_CallOneArg(norm, word);
    if (key == NULL) {
        return -1;
    }
    PyObject *v = PyDict_GetItemWithError(freq, key);
    if (v == NULL && !PyErr_Occurred()) {
        v = PyDict_GetItemWithError(extra, key);
    }
    Py_DECREF(key);
    if (v == NULL) {
        if (PyErr_Occurred()) {
            return -1;
        }
        *z = 0.0;
        return 0;
    }
    *z = PyFloat_AsDouble(v);
    return (*z == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

/* runs[k] unpacked (borrowed word); -1 with an exception set on a bad row. */
static int
doc_run(PyObject *runs, Py_ssize_t k, Py_ssize_t *s, Py_ssize_t *e, PyObject **w)
{
    PyObject *r = PyList_GET_ITEM(runs, k);
    if (!PyTuple_Check(r) || PyTuple_GET_SIZE(r) < 3 || !PyUnicode_Check(PyTuple_GET_ITEM(r, 2))) {
        PyErr_SetString(PyExc_TypeError, "runs must hold (start, end, word) tuples");
        return -1;
    }
    *s = PyLong_AsSsize_t(PyTuple_GET_ITEM(r, 0));
    if (*s == -1 && PyErr_Occurred()) {
        return -1;
    }
    *e = PyLong_AsSsize_t(PyTuple_GET_ITEM(r, 1));
    if (*e == -1 && PyErr_Occurred()) {
        return -1;
    }
    *w = PyTuple_GET_ITEM(r, 2);
    return 0;
}

/* One side of spaced_piece: whether ``a + b`` (``other`` the neighbour, a
 * known word, lower case when ``need_lower``) reaches ``t``. */
static int
doc_joins(PyObject *norm, PyObject *freq, PyObject *extra, PyObject *other, PyObject *a,
          PyObject *b, double t)
{
    double z;
    if (doc_zipf(norm, freq, extra, other, &z) < 0) {
        return -1;
    }
    if (!(z > 0)) {
        return 0;
    }
    PyObject *joined = PyUnicode_Concat(a, b);
    if (joined == NULL) {
        return -1;
    }
    int rc = doc_zipf(norm, freq, extra, joined, &z);
    Py_DECREF(joined);
    if (rc < 0) {
        return -1;
    }
    return z >= t;
}

PyDoc_STRVAR(spaced_piece_doc,
"spaced_piece(text, runs, k, start, end, norm, freq, extra, t) -> bool\n\n"
"_Document._spaced_piece: whether the suspect ``text[start:end]`` of run ``k``\n"
"is a whole word run that joins with a neighbour across one space into a word\n"
"of Zipf ``t`` or more (``norm`` the lexicon's key function, ``freq`` and\n"
"``extra`` its dicts).");

static PyObject *
k_spaced_piece(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 9 || !PyUnicode_Check(args[0]) || !PyList_CheckExact(args[1]) ||
        !PyDict_Check(args[6]) || !PyDict_Check(args[7])) {
        PyErr_SetString(PyExc_TypeError,
                        "spaced_piece(text: str, runs: list, k, start, end, norm, freq: dict, "
                        "extra: dict, t)");
        return NULL;
    }
    PyObject *text = args[0], *runs = args[1], *norm = args[5], *freq = args[6],
             *extra = args[7];
    Py_ssize_t k = PyLong_AsSsize_t(args[2]);
    Py_ssize_t start = PyLong_AsSsize_t(args[3]);
    Py_ssize_t end = PyLong_AsSsize_t(args[4]);
    double t = PyFloat_AsDouble(args[8]);
    if (PyErr_Occurred()) {
        return NULL;
    }
    Py_ssize_t nruns = PyList_GET_SIZE(runs), ntext = PyUnicode_GET_LENGTH(text);
    if (k < 0 || k >= nruns) {
        PyErr_SetString(PyExc_IndexError, "spaced_piece: k out of range");
        return NULL;
    }
    Py_ssize_t rs, re, ps, pe;
    PyObject *run, *other;
    if (doc_run(runs, k, &rs, &re, &run) < 0) {
        return NULL;
    }
    if (start != rs || end != re) {
        Py_RETURN_FALSE;
    }
    /* (rs - 1 and re index the text: a run lies inside it, as in the Python,
     * whose text[rs - 1] would wrap at 0 only where runs[k - 1] ends at -1.) */
    if (k > 0 && str_islower(run)) {
        if (doc_run(runs, k - 1, &ps, &pe, &other) < 0) {
            return NULL;
        }
        if (pe == rs - 1 && rs >= 1 && rs - 1 < ntext &&
            PyUnicode_READ_CHAR(text, rs - 1) == ' ') {
            int rc = doc_joins(norm, freq, extra, other, other, run, t);
            if (rc < 0) {
                return NULL;
            }
            if (rc) {
                Py_RETURN_TRUE;
            }
        }
    }
    if (k + 1 < nruns) {
        if (doc_run(runs, k + 1, &ps, &pe, &other) < 0) {
            return NULL;
        }
        if (ps == re + 1 && re >= 0 && re < ntext && PyUnicode_READ_CHAR(text, re) == ' ' &&
            str_islower(other)) {
            int rc = doc_joins(norm, freq, extra, other, run, other, t);
            if (rc < 0) {
                return NULL;
            }
            if (rc) {
                Py_RETURN_TRUE;
            }
        }
    }
    Py_RETURN_FALSE;
}

PyDoc_STRVAR(plain_chunk_doc,
"plain_chunk(chunk) -> bool\n\n"
"True when the chunk holds none of what every pattern of\n"
"tokenize.is_protected_chunk needs (so that it is False): no '@', '#', '/', '_',\n"
"'<', '>', '{', '}', '[', ']', '\\\\', '|', '=', '^', '~', '`', '$', no '::', no '('\n"
"after a letter or digit or before ')', no '.' before a letter or after\n"
"'www'. False says nothing: the patterns decide.");

static PyObject *
k_plain_chunk(PyObject *self, PyObject *chunk)
{
    if (!PyUnicode_Check(chunk)) {
        PyErr_SetString(PyExc_TypeError, "plain_chunk() takes a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(chunk);
    const void *data = PyUnicode_DATA(chunk);
    Py_ssize_t n = PyUnicode_GET_LENGTH(chunk);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c >= 128) {
            continue;
        }
        switch (c) {
        case '@': case '#': case '/': case '_': case '<': case '>': case '{': case '}':
        case '[': case ']': case '\\': case '|': case '=': case '^': case '~': case '`':
        case '$':
            /* an address, a hashtag, a URL's "://", code (the character class) */
            Py_RETURN_FALSE;
        case ':':
            if (i + 1 < n && PyUnicode_READ(kind, data, i + 1) == ':') {
                Py_RETURN_FALSE; /* "::" */
            }
            break;
        case '(': {
            if (i + 1 < n && PyUnicode_READ(kind, data, i + 1) == ')') {
                Py_RETURN_FALSE; /* "()" */
            }
            if (i > 0) {
                /* \p{L}\d+\p{L}*\( needs a letter or a digit before it: any
                 * non-ASCII character is taken for one */
                Py_UCS4 p = PyUnicode_READ(kind, data, i - 1);
                if (p >= 128 || Py_ISALNUM(p)) {
                    Py_RETURN_FALSE;
                }
            }
            break;
        }
        case '.': {
            if (i + 1 < n) {
                /* a domain's ending, \p{Ll}[./]\p{Ll}: a letter after it (any
                 * non-ASCII character may fold to one under (?i)) */
                Py_UCS4 x = PyUnicode_READ(kind, data, i + 1);
                if (x >= 128 || Py_ISALPHA(x)) {
                    Py_RETURN_FALSE;
                }
            }
            if (i >= 3) {
                /* \bwww\. (case-insensitive) */
                Py_UCS4 a = PyUnicode_READ(kind, data, i - 3), b = PyUnicode_READ(kind, data, i - 2),
                        d = PyUnicode_READ(kind, data, i - 1);
                if ((a | 0x20) == 'w' && (b | 0x20) == 'w' && (d | 0x20) == 'w') {
                    Py_RETURN_FALSE;
                }
            }
            break;
        }
        default:
            break;
        }
    }
    Py_RETURN_TRUE;
}

PyDoc_STRVAR(rule_fragments_doc,
"rule_fragments(types, min_support) -> (frag_types, frag_occ, candidates)\n\n"
"The first step of _Document.rule_evidence: for each suspect key of\n"
"``types`` (key -> count, in order), its distinct fragments of 2 to 6\n"
"characters (a set, iterated as Python iterates it); ``frag_types`` maps a\n"
"fragment to the keys holding it, ``frag_occ`` to their total count, and\n"
"``candidates`` lists the fragments held by three keys or more, or seen\n"
"``min_support`` times with one key seen that often.");

static PyObject *
k_rule_fragments(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyDict_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "rule_fragments(types: dict, min_support: int)");
        return NULL;
    }
    PyObject *types = args[0];
    long long min_support = PyLong_AsLongLong(args[1]);
    if (min_support == -1 && PyErr_Occurred()) {
        return NULL;
    }
    PyObject *frag_types = PyDict_New(), *frag_occ = PyDict_New(), *cands = PyList_New(0);
    PyObject *seen = NULL, *it = NULL, *f = NULL;
    if (frag_types == NULL || frag_occ == NULL || cands == NULL) {
        goto fail;
    }
    Py_ssize_t pos = 0;
    PyObject *t, *cv;
    while (PyDict_Next(types, &pos, &t, &cv)) {
        if (!PyUnicode_Check(t)) {
            PyErr_SetString(PyExc_TypeError, "rule_fragments: keys must be str");
            goto fail;
        }
        long long c = PyLong_AsLongLong(cv);
        if (c == -1 && PyErr_Occurred()) {
            goto fail;
        }
        Py_INCREF(t); /* held while the loop calls back into dicts */
        Py_ssize_t n = PyUnicode_GET_LENGTH(t);
        /* {t[i : i + k] for k in range(2, 7) for i in range(len(t) - k + 1)} */
        seen = PySet_New(NULL);
        if (seen == NULL) {
            Py_DECREF(t);
            goto fail;
        }
        for (Py_ssize_t k = 2; k < 7; k++) {
            for (Py_ssize_t i = 0; i + k <= n; i++) {
                PyObject *sub = PyUnicode_Substring(t, i, i + k);
                if (sub == NULL || PySet_Add(seen, sub) < 0) {
                    Py_XDECREF(sub);
                    Py_DECREF(t);
                    goto fail;
                }
                Py_DECREF(sub);
            }
        }
        it = PyObject_GetIter(seen);
        if (it == NULL) {
            Py_DECREF(t);
            goto fail;
        }
        while ((f = PyIter_Next(it)) != NULL) {
            /* frag_types.setdefault(f, []).append(t) */
            PyObject *lst = PyDict_GetItemWithError(frag_types, f);
            if (lst == NULL) {
                if (PyErr_Occurred()) {
                    Py_DECREF(t);
                    goto fail;
                }
                lst = PyList_New(0);
                if (lst == NULL || PyDict_SetItem(frag_types, f, lst) < 0) {
                    Py_XDECREF(lst);
                    Py_DECREF(t);
                    goto fail;
                }
                Py_DECREF(lst); /* the dict holds it */
            }
            if (PyList_Append(lst, t) < 0) {
                Py_DECREF(t);
                goto fail;
            }
            /* frag_occ[f] += c */
            PyObject *old = PyDict_GetItemWithError(frag_occ, f);
            long long total = c;
            if (old != NULL) {
                total += PyLong_AsLongLong(old);
            }
            if (PyErr_Occurred()) {
                Py_DECREF(t);
                goto fail;
            }
            PyObject *v = PyLong_FromLongLong(total);
            if (v == NULL || PyDict_SetItem(frag_occ, f, v) < 0) {
                Py_XDECREF(v);
                Py_DECREF(t);
                goto fail;
            }
            Py_DECREF(v);
            Py_CLEAR(f);
        }
        Py_DECREF(t);
        if (PyErr_Occurred()) {
            goto fail;
        }
        Py_CLEAR(it);
        Py_CLEAR(seen);
    }
    /* [f for f, ts in frag_types.items() if len(ts) >= 3 or (frag_occ[f] >= min_support
     *  and max(types[t] for t in ts) >= min_support)] */
    pos = 0;
    PyObject *ts;
    while (PyDict_Next(frag_types, &pos, &f, &ts)) {
        int keep = PyList_GET_SIZE(ts) >= 3;
        if (!keep) {
            PyObject *occ = PyDict_GetItemWithError(frag_occ, f);
            if (occ == NULL) {
                if (!PyErr_Occurred()) {
                    PyErr_SetObject(PyExc_KeyError, f);
                }
                f = NULL;
                goto fail;
            }
            long long o = PyLong_AsLongLong(occ);
            if (o == -1 && PyErr_Occurred()) {
                f = NULL;
                goto fail;
            }
            if (o >= min_support) {
                long long most = 0;
                for (Py_ssize_t j = 0; j < PyList_GET_SIZE(ts); j++) {
                    PyObject *tv = PyDict_GetItemWithError(types, PyList_GET_ITEM(ts, j));
                    long long x = tv == NULL ? -1 : PyLong_AsLongLong(tv);
                    if (tv == NULL || (x == -1 && PyErr_Occurred())) {
                        if (!PyErr_Occurred()) {
                            PyErr_SetObject(PyExc_KeyError, PyList_GET_ITEM(ts, j));
                        }
                        f = NULL;
                        goto fail;
                    }
                    if (j == 0 || x > most) {
                        most = x;
                    }
                }
                keep = most >= min_support;
            }
        }
        if (keep && PyList_Append(cands, f) < 0) {
            f = NULL;
            goto fail;
        }
    }
    {
        PyObject *out = PyTuple_Pack(3, frag_types, frag_occ, cands);
        Py_DECREF(frag_types);
        Py_DECREF(frag_occ);
        Py_DECREF(cands);
        return out;
    }
fail:
    Py_XDECREF(f);
    Py_XDECREF(it);
    Py_XDECREF(seen);
    Py_XDECREF(frag_types);
    Py_XDECREF(frag_occ);
    Py_XDECREF(cands);
    return NULL;
}

/* s[::-1] (same kind: a canonical str stays canonical). */
static PyObject *
str_reversed(PyObject *s)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    PyObject *r = PyUnicode_New(n, PyUnicode_MAX_CHAR_VALUE(s));
    if (r == NULL) {
        return NULL;
    }
    int kind = PyUnicode_KIND(s);
    const void *src = PyUnicode_DATA(s);
    void *dst = PyUnicode_DATA(r);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyUnicode_WRITE(kind, dst, i, PyUnicode_READ(kind, src, n - 1 - i));
    }
    return r;
}

/* bisect_left(lst, x); -1 with an exception set. */
static Py_ssize_t
bisect_left_list(PyObject *lst, PyObject *x)
{
    Py_ssize_t lo = 0, hi = PyList_GET_SIZE(lst);
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        PyObject *item = PyList_GET_ITEM(lst, mid);
        Py_INCREF(item);
        int lt = PyObject_RichCompareBool(item, x, Py_LT);
        Py_DECREF(item);
        if (lt < 0) {
            return -1;
        }
        if (lt) {
            lo = mid + 1;
        }
        else {
            hi = mid;
        }
    }
    return lo;
}

PyDoc_STRVAR(replacements_doc,
"replacements(t, f, words, rwords, inside) -> set\n\n"
"_Document._replacements: the middles of the frequent words (``words`` sorted,\n"
"``rwords`` their reversals sorted) that share ``t``'s text around an\n"
"occurrence of ``f`` (two characters or more on one side; on both if\n"
"``inside``), differing from ``f`` at both ends; a set built as the Python\n"
"builds it (same insertions, same order).");

static PyObject *
k_replacements(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 5 || !PyUnicode_Check(args[0]) || !PyUnicode_Check(args[1]) ||
        !PyList_CheckExact(args[2]) || !PyList_CheckExact(args[3])) {
        PyErr_SetString(PyExc_TypeError,
                        "replacements(t: str, f: str, words: list, rwords: list, inside)");
        return NULL;
    }
    PyObject *t = args[0], *f = args[1], *words = args[2], *rwords = args[3];
    int inside = PyObject_IsTrue(args[4]);
    if (inside < 0) {
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(t), k = PyUnicode_GET_LENGTH(f);
    PyObject *out = PySet_New(NULL);
    PyObject *pre = NULL, *suf = NULL, *key = NULL, *rpre = NULL, *mid = NULL;
    if (out == NULL) {
        return NULL;
    }
    Py_ssize_t i = PyUnicode_Find(t, f, 0, n, 1);
    while (i >= 0) {
        Py_ssize_t lp = i, ls = n - i - k;
        if (ls < 0) {
            ls = 0; /* t[i + k:] past the end is empty */
        }
        Py_ssize_t most = lp > ls ? lp : ls;
        if (lp + ls >= 2 && most >= 2 && (!inside || (lp && ls))) {
            pre = PyUnicode_Substring(t, 0, lp);
            suf = PyUnicode_Substring(t, n - ls, n);
            if (pre == NULL || suf == NULL) {
                goto fail;
            }
            int forward = lp >= ls;
            PyObject *lst = forward ? words : rwords;
            /* the prefix searched: pre, or suf reversed in the reversed words */
            key = forward ? Py_NewRef(pre) : str_reversed(suf);
            /* what the word must end with: suf, or pre reversed */
            rpre = forward ? Py_NewRef(suf) : str_reversed(pre);
            if (key == NULL || rpre == NULL) {
                goto fail;
            }
            Py_ssize_t j = bisect_left_list(lst, key);
            if (j < 0) {
                goto fail;
            }
            while (j < PyList_GET_SIZE(lst)) {
                PyObject *w = PyList_GET_ITEM(lst, j);
                Py_INCREF(w);
                j++;
                Py_ssize_t m = PyUnicode_Tailmatch(w, key, 0, PY_SSIZE_T_MAX, -1);
                if (m <= 0) {
                    Py_DECREF(w);
                    if (m < 0) {
                        goto fail;
                    }
                    break;
                }
                Py_ssize_t wl = PyUnicode_GET_LENGTH(w);
                if (wl > lp + ls) {
                    m = PyUnicode_Tailmatch(w, rpre, 0, PY_SSIZE_T_MAX, 1);
                    if (m < 0) {
                        Py_DECREF(w);
                        goto fail;
                    }
                    if (m) {
                        if (forward) {
                            mid = PyUnicode_Substring(w, lp, wl - ls);
                        }
                        else {
                            /* rw[::-1][lp : len - ls] is rw[ls : len - lp] reversed */
                            PyObject *part = PyUnicode_Substring(w, ls, wl - lp);
                            mid = part == NULL ? NULL : str_reversed(part);
                            Py_XDECREF(part);
                        }
                        if (mid == NULL || PySet_Add(out, mid) < 0) {
                            Py_DECREF(w);
                            goto fail;
                        }
                        Py_CLEAR(mid);
                    }
                }
                Py_DECREF(w);
            }
            Py_CLEAR(pre);
            Py_CLEAR(suf);
            Py_CLEAR(key);
            Py_CLEAR(rpre);
        }
        i = PyUnicode_Find(t, f, i + 1, n, 1);
    }
    if (i == -2) {
        goto fail;
    }
    {
        /* {x for x in out if x[0] != f[0] and x[-1] != f[-1]} */
        PyObject *res = PySet_New(NULL);
        PyObject *it = res == NULL ? NULL : PyObject_GetIter(out);
        if (it == NULL) {
            Py_XDECREF(res);
            goto fail;
        }
        if (k == 0 && PySet_GET_SIZE(out) > 0) { /* f[0] of an empty f */
            PyErr_SetString(PyExc_IndexError, "string index out of range");
            Py_DECREF(it);
            Py_DECREF(res);
            goto fail;
        }
        Py_UCS4 f0 = k ? PyUnicode_READ_CHAR(f, 0) : 0, f1 = k ? PyUnicode_READ_CHAR(f, k - 1) : 0;
        PyObject *x;
        while ((x = PyIter_Next(it)) != NULL) {
            Py_ssize_t xl = PyUnicode_GET_LENGTH(x);
            if (PyUnicode_READ_CHAR(x, 0) != f0 && PyUnicode_READ_CHAR(x, xl - 1) != f1 &&
                PySet_Add(res, x) < 0) {
                Py_DECREF(x);
                Py_DECREF(it);
                Py_DECREF(res);
                goto fail;
            }
            Py_DECREF(x);
        }
        Py_DECREF(it);
        if (PyErr_Occurred()) {
            Py_DECREF(res);
            goto fail;
        }
        Py_DECREF(out);
        return res;
    }
fail:
    Py_XDECREF(out);
    Py_XDECREF(pre);
    Py_XDECREF(suf);
    Py_XDECREF(key);
    Py_XDECREF(rpre);
    Py_XDECREF(mid);
    return NULL;
}

PyDoc_STRVAR(rescored_doc,
"rescored(cands, key_counts, boost, cap, bigram, lang_pairs, own_forms, split) -> list | None\n--\n\n"
"tokens._rescored_py: each candidate (word, score, reason) with its score in the\n"
"document, as (score, candidate) pairs in the candidates' order. A word the page\n"
"writes n times gains min(cap, boost * log2(1 + n)), then bigram(word) when\n"
"``bigram`` is not None (a float to add, or None for nothing); then\n"
"lang_pairs.get(word, 0.0) unless ``lang_pairs`` is None or the word is in\n"
"``own_forms`` (None: in none). A split calls split(candidate): its score, or\n"
"None to leave it out. None (nothing computed) when a score or a count is not\n"
"what the Python reference would handle as a plain double (a score not a float,\n"
"a count not a small int): the caller runs the reference then.");

/* Whether ``reason`` equals "split" (as ``reason == "split"``; the candidates of the
 * compiled search hold the interned string, the pure search's an equal one). */
static int
is_split_reason(PyObject *reason)
{
    if (reason == reason_split) {
        return 1;
    }
    if (!PyUnicode_Check(reason)) {
        int r = PyObject_RichCompareBool(reason, reason_split, Py_EQ);
        return r;
    }
    return PyUnicode_Compare(reason, reason_split) == 0 ? 1 : (PyErr_Occurred() ? -1 : 0);
}

static PyObject *
k_rescored(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 8 || !PyDict_Check(args[1]) ||
        (args[5] != Py_None && !PyDict_Check(args[5]))) {
        PyErr_SetString(PyExc_TypeError,
                        "rescored(cands, key_counts: dict, boost, cap, bigram, "
                        "lang_pairs: dict | None, own_forms, split)");
        return NULL;
    }
    PyObject *cands = args[0], *key_counts = args[1], *bigram = args[4];
    PyObject *lang_pairs = args[5], *own_forms = args[6], *split = args[7];
    double boost = PyFloat_AsDouble(args[2]);
    if (boost == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    double cap = PyFloat_AsDouble(args[3]);
    if (cap == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    PyObject *seq = PySequence_Fast(cands, "rescored: cands must be a sequence");
    if (seq == NULL) {
        return NULL;
    }
    Py_ssize_t m = PySequence_Fast_GET_SIZE(seq);
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        Py_DECREF(seq);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < m; i++) {
        PyObject *c = PySequence_Fast_GET_ITEM(seq, i);
        if (!PyTuple_Check(c) || PyTuple_GET_SIZE(c) < 3) {
            PyErr_SetString(PyExc_TypeError, "rescored: a candidate is (word, score, reason)");
            goto error;
        }
        PyObject *word = PyTuple_GET_ITEM(c, 0);
        PyObject *score = PyTuple_GET_ITEM(c, 1);
        int is_split = is_split_reason(PyTuple_GET_ITEM(c, 2));
        if (is_split < 0) {
            goto error;
        }
        PyObject *sc_obj;
        if (is_split) {
            /* The rare path: Python decides (pattern, hyphen, the pieces' boosts). */
            sc_obj = PyObject_CallOneArg(split, c);
            if (sc_obj == NULL) {
                goto error;
            }
            if (sc_obj == Py_None) {
                Py_DECREF(sc_obj);
                continue;
            }
        }
        else {
            if (!PyFloat_CheckExact(score)) {
                goto fallback; /* ``sc = c.score`` might stay an int in Python */
            }
            double sc = PyFloat_AS_DOUBLE(score);
            PyObject *nobj = PyDict_GetItemWithError(key_counts, word); /* borrowed */
            if (nobj == NULL && PyErr_Occurred()) {
                goto error;
            }
            int has_n = 0;
            if (nobj != NULL) {
                if (!PyLong_CheckExact(nobj)) {
                    goto fallback;
                }
                int overflow = 0;
                long long n = PyLong_AsLongLongAndOverflow(nobj, &overflow);
                if (overflow || n < 0 || n > (1LL << 52)) {
                    if (n == -1 && PyErr_Occurred()) {
                        goto error;
                    }
                    goto fallback;
                }
                if (n) {
                    has_n = 1;
                    /* min(cap, boost * math.log2(1 + n)): the first unless the second
                     * is smaller; math.log2 of an int is log2 of its double. */
                    double v = boost * log2((double)(1 + n));
                    sc += v < cap ? v : cap;
                }
            }
            if (has_n && bigram != Py_None) {
                PyObject *b = PyObject_CallOneArg(bigram, word);
                if (b == NULL) {
                    goto error;
                }
                if (b != Py_None) {
                    double bv = PyFloat_AsDouble(b);
                    Py_DECREF(b);
                    if (bv == -1.0 && PyErr_Occurred()) {
                        goto error;
                    }
                    sc += bv;
                }
                else {
                    Py_DECREF(b);
                }
            }
            if (lang_pairs != Py_None) {
                int own = 0;
                if (own_forms != Py_None) {
                    own = PySequence_Contains(own_forms, word);
                    if (own < 0) {
                        goto error;
                    }
                }
                if (!own) {
                    PyObject *lp = PyDict_GetItemWithError(lang_pairs, word); /* borrowed */
                    if (lp == NULL && PyErr_Occurred()) {
                        goto error;
                    }
                    double lv = 0.0;
                    if (lp != NULL) {
                        lv = PyFloat_AsDouble(lp);
                        if (lv == -1.0 && PyErr_Occurred()) {
                            goto error;
                        }
                    }
                    sc += lv;
                }
            }
            sc_obj = PyFloat_FromDouble(sc);
            if (sc_obj == NULL) {
                goto error;
            }
        }
        PyObject *pair = PyTuple_Pack(2, sc_obj, c);
        Py_DECREF(sc_obj);
        if (pair == NULL) {
            goto error;
        }
        int rc = PyList_Append(out, pair);
        Py_DECREF(pair);
        if (rc < 0) {
            goto error;
        }
    }
    Py_DECREF(seq);
    return out;
fallback:
    Py_DECREF(seq);
    Py_DECREF(out);
    Py_RETURN_NONE;
error:
    Py_DECREF(seq);
    Py_DECREF(out);
    return NULL;
}

PyDoc_STRVAR(align_blocks_doc,
"align_blocks(obs, gt) -> list\n--\n\n"
"candidates._align_ops_py: the unit-cost alignment of ``gt`` (intended) to ``obs``\n"
"as (intended, observed) blocks, matches as single-character pairs, each run of\n"
"edits between two matches as one block; the same table and the same backtrace.");

/* A block's text: ``len`` code points of ``rev`` in reverse order (the backtrace
 * collects them from the end). */
static PyObject *
reversed_block(const Py_UCS4 *rev, Py_ssize_t len, Py_UCS4 *tmp)
{
    for (Py_ssize_t k = 0; k < len; k++) {
        tmp[k] = rev[len - 1 - k];
    }
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, tmp, len);
}

/* Append (a, b) to ``out``; steals neither. */
static int
append_block(PyObject *out, PyObject *a, PyObject *b)
{
    if (a == NULL || b == NULL) {
        return -1;
    }
    PyObject *t = PyTuple_Pack(2, a, b);
    if (t == NULL) {
        return -1;
    }
    int rc = PyList_Append(out, t);
    Py_DECREF(t);
    return rc;
}

static int
flush_block(PyObject *out, const Py_UCS4 *pa, Py_ssize_t *na, const Py_UCS4 *pb,
            Py_ssize_t *nb, Py_UCS4 *tmp)
{
    if (*na == 0 && *nb == 0) {
        return 0;
    }
    PyObject *a = reversed_block(pa, *na, tmp);
    PyObject *b = a == NULL ? NULL : reversed_block(pb, *nb, tmp);
    int rc = append_block(out, a, b);
    Py_XDECREF(a);
    Py_XDECREF(b);
    *na = *nb = 0;
    return rc;
}

static PyObject *
k_align_blocks(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyUnicode_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "align_blocks(obs: str, gt: str)");
        return NULL;
    }
    Py_UCS4 s1[STACK_CHARS], s2[STACK_CHARS];
    ucs4buf ob, gb;
    if (to_ucs4(args[0], &ob, s1) < 0) {
        return NULL;
    }
    if (to_ucs4(args[1], &gb, s2) < 0) {
        free_ucs4(&ob);
        return NULL;
    }
    const Py_UCS4 *obs = ob.p, *gt = gb.p;
    Py_ssize_t n = ob.n, m = gb.n, w = m + 1;
    PyObject *out = NULL;
    Py_ssize_t *d = NULL;
    Py_UCS4 *work = NULL;
    if ((size_t)(n + 1) > PY_SSIZE_T_MAX / sizeof(Py_ssize_t) / (size_t)w ||
        (size_t)(n + m + 1) > PY_SSIZE_T_MAX / sizeof(Py_UCS4) / 3) {
        PyErr_NoMemory();
        goto done;
    }
    d = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)(n + 1) * (size_t)w);
    /* Three buffers of n + m + 1: pending intended, pending observed, a block. */
    work = PyMem_Malloc(sizeof(Py_UCS4) * 3 * (size_t)(n + m + 1));
    if (d == NULL || work == NULL) {
        PyErr_NoMemory();
        goto done;
    }
#define D(i, j) d[(i) * w + (j)]
    for (Py_ssize_t i = 0; i <= n; i++) {
        D(i, 0) = i;
    }
    for (Py_ssize_t j = 0; j <= m; j++) {
        D(0, j) = j;
    }
    for (Py_ssize_t i = 1; i <= n; i++) {
        for (Py_ssize_t j = 1; j <= m; j++) {
            Py_ssize_t best = D(i - 1, j) + 1, v = D(i, j - 1) + 1;
            if (v < best) {
                best = v;
            }
            v = D(i - 1, j - 1) + (obs[i - 1] != gt[j - 1]);
            if (v < best) {
                best = v;
            }
            D(i, j) = best;
        }
    }
    out = PyList_New(0);
    if (out == NULL) {
        goto done;
    }
    Py_UCS4 *pend_a = work, *pend_b = work + (n + m + 1), *tmp = work + 2 * (n + m + 1);
    Py_ssize_t na = 0, nb = 0;
    Py_ssize_t i = n, j = m;
    while (i > 0 || j > 0) {
        if (i > 0 && j > 0 && obs[i - 1] == gt[j - 1] && D(i, j) == D(i - 1, j - 1)) {
            if (flush_block(out, pend_a, &na, pend_b, &nb, tmp) < 0) {
                goto fail;
            }
            PyObject *a = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, &gt[j - 1], 1);
            PyObject *b = a == NULL ? NULL
                                    : PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, &obs[i - 1], 1);
            int rc = append_block(out, a, b);
            Py_XDECREF(a);
            Py_XDECREF(b);
            if (rc < 0) {
                goto fail;
            }
            i--;
            j--;
        }
        else if (i > 0 && j > 0 && D(i, j) == D(i - 1, j - 1) + 1) {
            pend_a[na++] = gt[j - 1];
            pend_b[nb++] = obs[i - 1];
            i--;
            j--;
        }
        else if (i > 0 && D(i, j) == D(i - 1, j) + 1) {
            pend_b[nb++] = obs[i - 1];
            i--;
        }
        else {
            pend_a[na++] = gt[j - 1];
            j--;
        }
    }
#undef D
    if (flush_block(out, pend_a, &na, pend_b, &nb, tmp) < 0 || PyList_Reverse(out) < 0) {
        goto fail;
    }
    goto done;
fail:
    Py_CLEAR(out);
done:
    PyMem_Free(d);
    PyMem_Free(work);
    free_ucs4(&ob);
    free_ucs4(&gb);
    return out;
}

PyDoc_STRVAR(pair_totals_doc,
"pair_totals(top, cand, index, freq, extra, pair_row, keys, values, shift, floor, cap)\n"
"-> list | None\n--\n\n"
"The sums of _Document._pair_scores_py: each candidate's association with the\n"
"contexts ``top`` ((left, right), count), summed side by side in the same order\n"
"(keys an array of int64, values of int16, pair_row(neighbour) its entry).\n"
"None (nothing computed) for inputs the Python would handle otherwise: a\n"
"frequency, an entry or a bound that is not a float or a small int, arrays of\n"
"other types, keys past 63 bits.");

/* A float (an exact float object) into ``*out``; 0 when it is not one. */
static int
exact_float(PyObject *o, double *out)
{
    if (o == NULL || !PyFloat_CheckExact(o)) {
        return 0;
    }
    *out = PyFloat_AS_DOUBLE(o);
    return 1;
}

/* A non-negative int below 2**52 into ``*out``; 0 when it is not one (error cleared
 * only for overflow: the caller falls back). */
static int
small_int(PyObject *o, long long *out)
{
    if (o == NULL || !PyLong_CheckExact(o)) {
        return 0;
    }
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow || v < 0 || v >= (1LL << 52)) {
        return 0;
    }
    *out = v;
    return 1;
}

static PyObject *
k_pair_totals(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 11 || !PyTuple_Check(args[0]) || !PyList_Check(args[1]) ||
        !PyDict_Check(args[2]) || !PyDict_Check(args[3]) || !PyDict_Check(args[4])) {
        PyErr_SetString(PyExc_TypeError,
                        "pair_totals(top: tuple, cand: list, index: dict, freq: dict, "
                        "extra: dict, pair_row, keys, values, shift, floor, cap)");
        return NULL;
    }
    PyObject *top = args[0], *cand = args[1], *index = args[2], *freq = args[3];
    PyObject *extra = args[4], *pair_row = args[5];
    long long shift;
    double floor_, cap;
    if (!small_int(args[8], &shift) || shift > 62 || !exact_float(args[9], &floor_) ||
        !exact_float(args[10], &cap)) {
        if (PyErr_Occurred()) {
            return NULL;
        }
        Py_RETURN_NONE;
    }
    Py_buffer kv, vv;
    if (PyObject_GetBuffer(args[6], &kv, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0) {
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    if (PyObject_GetBuffer(args[7], &vv, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0) {
        PyErr_Clear();
        PyBuffer_Release(&kv);
        Py_RETURN_NONE;
    }
    PyObject *result = NULL;
    Py_ssize_t m = PyList_GET_SIZE(cand);
    long long *idx = NULL;
    double *zf = NULL, *total = NULL, *logs = NULL;
    unsigned char *has_log = NULL;
    if (kv.itemsize != 8 || kv.format == NULL || strcmp(kv.format, "q") != 0 ||
        vv.itemsize != 2 || vv.format == NULL || strcmp(vv.format, "h") != 0 ||
        kv.len / 8 != vv.len / 2) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    const int64_t *keys = (const int64_t *)kv.buf;
    const int16_t *values = (const int16_t *)vv.buf;
    Py_ssize_t n_keys = kv.len / 8;
    size_t mm = (size_t)(m > 0 ? m : 1);
    idx = PyMem_Malloc(sizeof(long long) * mm);
    zf = PyMem_Malloc(sizeof(double) * mm);
    total = PyMem_Calloc(mm, sizeof(double));
    logs = PyMem_Malloc(sizeof(double) * mm);
    has_log = PyMem_Malloc(mm);
    if (idx == NULL || zf == NULL || total == NULL || logs == NULL || has_log == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    /* idx = index.get(w) (-1: None); zf = freq.get(w), else extra.get(w, 0.0). */
    for (Py_ssize_t j = 0; j < m; j++) {
        PyObject *w = PyList_GET_ITEM(cand, j);
        PyObject *i = PyDict_GetItemWithError(index, w);
        if (i == NULL && PyErr_Occurred()) {
            goto done;
        }
        idx[j] = -1;
        if (i != NULL && (!small_int(i, &idx[j]) || idx[j] >= (1LL << (62 - shift)))) {
            result = Py_NewRef(Py_None);
            goto done;
        }
        PyObject *z = PyDict_GetItemWithError(freq, w);
        if (z == NULL && PyErr_Occurred()) {
            goto done;
        }
        if (z == NULL) {
            z = PyDict_GetItemWithError(extra, w);
            if (z == NULL && PyErr_Occurred()) {
                goto done;
            }
            if (z == NULL) {
                zf[j] = 0.0;
                continue;
            }
        }
        if (!exact_float(z, &zf[j])) {
            result = Py_NewRef(Py_None);
            goto done;
        }
    }
    for (Py_ssize_t t = 0; t < PyTuple_GET_SIZE(top); t++) {
        PyObject *item = PyTuple_GET_ITEM(top, t);
        long long k;
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 2 ||
            !PyTuple_Check(PyTuple_GET_ITEM(item, 0)) ||
            PyTuple_GET_SIZE(PyTuple_GET_ITEM(item, 0)) != 2 ||
            !small_int(PyTuple_GET_ITEM(item, 1), &k)) {
            result = Py_NewRef(Py_None);
            goto done;
        }
        double kd = (double)k;
        for (int side = 0; side < 2; side++) {
            PyObject *nb = PyTuple_GET_ITEM(PyTuple_GET_ITEM(item, 0), side);
            if (nb == Py_None) {
                continue;
            }
            PyObject *entry = PyObject_CallOneArg(pair_row, nb);
            if (entry == NULL) {
                goto done;
            }
            long long n, lo, hi;
            double base;
            int ok = PyTuple_Check(entry) && PyTuple_GET_SIZE(entry) == 4 &&
                     small_int(PyTuple_GET_ITEM(entry, 0), &n) &&
                     exact_float(PyTuple_GET_ITEM(entry, 1), &base) &&
                     small_int(PyTuple_GET_ITEM(entry, 2), &lo) &&
                     small_int(PyTuple_GET_ITEM(entry, 3), &hi);
            Py_DECREF(entry);
            if (!ok || n >= (1LL << (62 - shift)) || hi > n_keys || lo > hi) {
                result = Py_NewRef(Py_None);
                goto done;
            }
            int is_left = side == 0;
            if (!is_left) {
                lo = 0; /* ``w n`` anywhere in the table */
                hi = n_keys;
            }
            int found = 0;
            for (Py_ssize_t j = 0; j < m; j++) {
                has_log[j] = 0;
                if (idx[j] < 0) {
                    continue;
                }
                int64_t pk = is_left ? (int64_t)((n << shift) | idx[j])
                                     : (int64_t)((idx[j] << shift) | n);
                Py_ssize_t a = (Py_ssize_t)lo, b = (Py_ssize_t)hi; /* bisect_left */
                while (a < b) {
                    Py_ssize_t mid = a + (b - a) / 2;
                    if (keys[mid] < pk) {
                        a = mid + 1;
                    }
                    else {
                        b = mid;
                    }
                }
                if (a < hi && keys[a] == pk) {
                    logs[j] = (double)values[a] / 100.0;
                    has_log[j] = 1;
                    found = 1;
                }
            }
            if (!found) {
                continue; /* no candidate forms a pair on this side: it says nothing */
            }
            for (Py_ssize_t j = 0; j < m; j++) {
                if (!has_log[j]) {
                    double v = floor_ + base - zf[j];
                    total[j] += kd * (v < 0.0 ? v : 0.0); /* min(0.0, v) */
                }
                else {
                    double v = logs[j] + base - zf[j];
                    double lo_v = v < cap ? v : cap;              /* min(cap, v) */
                    total[j] += kd * (lo_v > -cap ? lo_v : -cap); /* max(-cap, .) */
                }
            }
        }
    }
    result = PyList_New(m);
    if (result == NULL) {
        goto done;
    }
    for (Py_ssize_t j = 0; j < m; j++) {
        PyObject *f = PyFloat_FromDouble(total[j]);
        if (f == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, j, f);
    }
done:
    PyMem_Free(idx);
    PyMem_Free(zf);
    PyMem_Free(total);
    PyMem_Free(logs);
    PyMem_Free(has_log);
    PyBuffer_Release(&kv);
    PyBuffer_Release(&vv);
    return result;
}

static PyMethodDef kernel_methods[] = {
    {"osa_distance", (PyCFunction)(void (*)(void))k_osa_distance, METH_FASTCALL,
     osa_distance_doc},
    {"expand", (PyCFunction)k_expand, METH_VARARGS, expand_doc},
    {"sites", (PyCFunction)(void (*)(void))k_sites, METH_FASTCALL, sites_doc},
    {"triage", (PyCFunction)(void (*)(void))k_triage, METH_FASTCALL, triage_doc},
    {"scored", (PyCFunction)(void (*)(void))k_scored, METH_FASTCALL, scored_doc},
    {"splits", (PyCFunction)(void (*)(void))k_splits, METH_FASTCALL, splits_doc},
    {"search", (PyCFunction)(void (*)(void))k_search, METH_FASTCALL, search_doc},
    {"skeleton", (PyCFunction)k_skeleton, METH_O, skeleton_doc},
    {"plain_chunk", (PyCFunction)k_plain_chunk, METH_O, plain_chunk_doc},
    {"rule_fragments", (PyCFunction)(void (*)(void))k_rule_fragments, METH_FASTCALL,
     rule_fragments_doc},
    {"replacements", (PyCFunction)(void (*)(void))k_replacements, METH_FASTCALL,
     replacements_doc},
    {"scan_runs", (PyCFunction)(void (*)(void))k_scan_runs, METH_FASTCALL, scan_runs_doc},
    {"run_keys", (PyCFunction)(void (*)(void))k_run_keys, METH_FASTCALL, run_keys_doc},
    {"spaced_piece", (PyCFunction)(void (*)(void))k_spaced_piece, METH_FASTCALL,
     spaced_piece_doc},
    {"search_typing", (PyCFunction)(void (*)(void))k_search_typing, METH_FASTCALL,
     search_typing_doc},
    {"parse_grouped", (PyCFunction)k_parse_grouped, METH_VARARGS, parse_grouped_doc},
    {"parse_grouped_into", (PyCFunction)k_parse_grouped_into, METH_VARARGS,
     parse_grouped_into_doc},
    {"rescored", (PyCFunction)(void (*)(void))k_rescored, METH_FASTCALL, rescored_doc},
    {"align_blocks", (PyCFunction)(void (*)(void))k_align_blocks, METH_FASTCALL,
     align_blocks_doc},
    {"pair_totals", (PyCFunction)(void (*)(void))k_pair_totals, METH_FASTCALL,
     pair_totals_doc},
    {"trim_heap", (PyCFunction)k_trim_heap, METH_NOARGS, trim_heap_doc},
    {"_set_osa_fallback", (PyCFunction)k_set_osa_fallback, METH_O,
     "Set the pure-Python osa_distance used for inputs the kernel does not take."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef kernel_module = {
    PyModuleDef_HEAD_INIT, "_kernel",
    "Compiled kernel of textrepair's candidate search (see textrepair/candidates.py).", -1,
    kernel_methods,
};

PyMODINIT_FUNC
PyInit__kernel(void)
{
    crc_init();
    if (reason_ocr == NULL) {
        reason_ocr = PyUnicode_InternFromString("ocr-confusion");
        reason_edit = PyUnicode_InternFromString("edit-distance");
        reason_split = PyUnicode_InternFromString("split");
        if (reason_ocr == NULL || reason_edit == NULL || reason_split == NULL) {
            return NULL;
        }
    }
    if (PyType_Ready(&AlignerType) < 0 || PyType_Ready(&DeleteLookupType) < 0 ||
        PyType_Ready(&PrefixKeysType) < 0) {
        return NULL;
    }
    PyObject *m = PyModule_Create(&kernel_module);
    if (m == NULL) {
        return NULL;
    }
    if (PyModule_AddObjectRef(m, "Aligner", (PyObject *)&AlignerType) < 0 ||
        PyModule_AddObjectRef(m, "DeleteLookup", (PyObject *)&DeleteLookupType) < 0 ||
        PyModule_AddObjectRef(m, "PrefixKeys", (PyObject *)&PrefixKeysType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
