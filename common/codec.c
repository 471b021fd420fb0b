/*
 * Rules of this file:
 * - codec_load() never accepts what json_loadb() rejects and never gives
 *   other values: whatever it is not sure of, it leaves to json_loadb()
 *   (the header lists what).
 * - Reals are read exactly: an integer of at most 2^53 multiplied or
 *   divided by a power of ten up to 10^22 is one correctly rounded IEEE
 *   operation on two exact operands (Clinger's fast path); any other real
 *   goes through strtod().
 * - A real is written with the fewest fraction digits that read back as the
 *   same double, checked by the same exact division; when none up to 22
 *   digits does (very large or very small numbers), with "%.17g", as
 *   jansson writes it.  Every real written reads back bit for bit.
 * - UTF-8 is checked by jansson's rules: no overlong forms, no surrogates,
 *   nothing above U+10FFFF.
 * - Lazy maps: every byte of a map's text is checked as parse_value would
 *   read it (skip_value), building nothing; the check is sure of less than
 *   parse_value (no 19-digit integers, no escapes it would not decode), and
 *   whatever it is not sure of has the whole document read by codec_load.
 *   So reading lazily never changes what is accepted, and an entry taken
 *   later always reads.  codec_load_trusted() skips that check for text
 *   codec_dump wrote (skip_bounds): such text always reads.
 * - An entry is RAW (only its text), TAKEN (its value is in the holder,
 *   written at the entry's place) or GONE; keys the holder has that no
 *   entry names are new, written after the entries, in the holder's order:
 *   what jansson does with a key set, replaced, deleted or set again.
 */
#include "codec.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Deeper nesting is left to json_loadb (documents are 4 levels deep). */
#define MAX_DEPTH 64
#define EXACT_LIMIT 9007199254740992.0 /* 2^53 */
#define MAX_POW10 22
#define MAX_TOKEN 64

/*
 * 17 significant digits through long double: exact when its significand
 * has 64 bits (x86), where 10^27 is exact and a product is off by less than
 * 1/100 of the last digit (see codec_real and read_17).
 */
#if LDBL_MANT_DIG >= 64
#define HAVE_LONG17 1
#define MAX_LPOW10 27
static const long double lpow10_tab[MAX_LPOW10 + 1] = {
    1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
    1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
    1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L,
};
#else
#define HAVE_LONG17 0
#endif

static const double pow10_tab[MAX_POW10 + 1] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/*
 * Length of the valid UTF-8 sequence at s (at most n bytes), 0 when it is
 * not one.
 */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	uint32_t v;
	size_t len, i;

	if (c < 0x80)
		return 1;
	if (c < 0xc2) /* a continuation byte, or an overlong 2-byte form */
		return 0;
	if (c < 0xe0) {
		len = 2;
		v = c & 0x1f;
	} else if (c < 0xf0) {
		len = 3;
		v = c & 0x0f;
	} else if (c <= 0xf4) {
		len = 4;
		v = c & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff) ||
	    (len == 3 && v < 0x800) || (len == 4 && v < 0x10000))
		return 0;
	return len;
}

static int utf8_valid(const unsigned char *s, size_t n)
{
	size_t k;

	while (n > 0) {
		k = utf8_len(s, n);
		if (k == 0)
			return 0;
		s += k;
		n -= k;
	}
	return 1;
}

/* 1 for the bytes that end a run of plain string text: '"', '\\', controls. */
static const unsigned char special[256] = {
    [0x00 ... 0x1f] = 1,
    ['"'] = 1,
    ['\\'] = 1,
};

/* ---- reading ---- */

struct parser {
	const char *p, *end;
	int depth;
	char *tmp; /* decoded text of a string with escapes */
	size_t tmp_len, tmp_cap;
	/* codec_load_lazy: the names of lazy maps, what was found of them */
	const char *const *names;
	struct codec_lazy *lazy;
	const char *parent; /* key of the top-level member being read */
	size_t parent_len;
	int trusted; /* codec_load_trusted: entries are bounded, not checked */
};

static json_t *parse_value(struct parser *ps);
static int lazy_wanted(const struct parser *ps, const char *key, size_t klen);
static json_t *lazy_scan(struct parser *ps);

static void skip_space(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\n' ||
	                           *ps->p == '\r' || *ps->p == '\t'))
		ps->p++;
}

static int tmp_put(struct parser *ps, const void *s, size_t n)
{
	if (n == 0) /* tmp may still be NULL */
		return 0;
	if (ps->tmp_len + n > ps->tmp_cap) {
		size_t cap = (ps->tmp_len + n) * 2 + 64;
		char *more = realloc(ps->tmp, cap);

		if (more == NULL)
			return -1;
		ps->tmp = more;
		ps->tmp_cap = cap;
	}
	memcpy(ps->tmp + ps->tmp_len, s, n);
	ps->tmp_len += n;
	return 0;
}

static int hex4(const char *p, const char *end, uint32_t *v)
{
	*v = 0;
	if (end - p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		char c = p[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

static int put_utf8(struct parser *ps, uint32_t c)
{
	unsigned char b[4];
	size_t n;

	if (c < 0x80) {
		b[0] = (unsigned char)c;
		n = 1;
	} else if (c < 0x800) {
		b[0] = (unsigned char)(0xc0 | c >> 6);
		b[1] = (unsigned char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		b[0] = (unsigned char)(0xe0 | c >> 12);
		b[1] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
		b[2] = (unsigned char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		b[0] = (unsigned char)(0xf0 | c >> 18);
		b[1] = (unsigned char)(0x80 | (c >> 12 & 0x3f));
		b[2] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
		b[3] = (unsigned char)(0x80 | (c & 0x3f));
		n = 4;
	}
	return tmp_put(ps, b, n);
}

/* One escape after its backslash, decoded into tmp. */
static int parse_escape(struct parser *ps)
{
	uint32_t c, lo;
	char e;

	if (ps->p == ps->end)
		return -1;
	e = *ps->p++;
	switch (e) {
	case '"':
	case '\\':
	case '/':
		return tmp_put(ps, &e, 1);
	case 'b':
		return tmp_put(ps, "\b", 1);
	case 'f':
		return tmp_put(ps, "\f", 1);
	case 'n':
		return tmp_put(ps, "\n", 1);
	case 'r':
		return tmp_put(ps, "\r", 1);
	case 't':
		return tmp_put(ps, "\t", 1);
	case 'u':
		break;
	default:
		return -1;
	}
	if (hex4(ps->p, ps->end, &c) == -1)
		return -1;
	ps->p += 4;
	if (c == 0) /* json_loadb refuses NUL without JSON_ALLOW_NUL */
		return -1;
	if (c >= 0xdc00 && c <= 0xdfff)
		return -1;
	if (c >= 0xd800 && c <= 0xdbff) {
		if (ps->end - ps->p < 6 || ps->p[0] != '\\' ||
		    ps->p[1] != 'u' || hex4(ps->p + 2, ps->end, &lo) == -1 ||
		    lo < 0xdc00 || lo > 0xdfff)
			return -1;
		ps->p += 6;
		c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
	}
	return put_utf8(ps, c);
}

/*
 * A string, its opening quote consumed: *s and *n point into the text when
 * it has no escapes, else into ps->tmp (valid until the next string).
 */
static int parse_string(struct parser *ps, const char **s, size_t *n)
{
	const unsigned char *p = (const unsigned char *)ps->p;
	const unsigned char *end = (const unsigned char *)ps->end;
	const unsigned char *run = p;
	unsigned high = 0;

	while (p < end && !special[*p])
		high |= *p++;
	if (p < end && *p == '"') {
		if ((high & 0x80) && !utf8_valid(run, (size_t)(p - run)))
			return -1;
		*s = (const char *)run;
		*n = (size_t)(p - run);
		ps->p = (const char *)p + 1;
		return 0;
	}
	/* Escapes: decode into tmp. */
	ps->tmp_len = 0;
	for (;;) {
		if ((high & 0x80) && !utf8_valid(run, (size_t)(p - run)))
			return -1;
		if (tmp_put(ps, run, (size_t)(p - run)) == -1)
			return -1;
		if (p == end || *p < 0x20)
			return -1;
		if (*p == '"')
			break;
		ps->p = (const char *)p + 1;
		if (parse_escape(ps) == -1)
			return -1;
		p = (const unsigned char *)ps->p;
		run = p;
		high = 0;
		while (p < end && !special[*p])
			high |= *p++;
	}
	*s = ps->tmp;
	*n = ps->tmp_len;
	ps->p = (const char *)p + 1;
	return 0;
}

#if HAVE_LONG17
/*
 * 1 when long double arithmetic has, at run time, the 64-bit significand
 * the 17-digit paths rely on.  Not under valgrind, which computes x87 long
 * doubles in double precision: there they are left to strtod() and
 * "%.17g", exact anywhere.
 */
static int long17_ok(void)
{
	static int ok = -1;

	if (ok == -1) {
		volatile long double one = 1.0L, tiny = 0x1p-60L;

		ok = one + tiny != one;
	}
	return ok;
}

/*
 * m * 10^exp10 for m of up to 19 digits, through long double: one rounding
 * to 64 bits, then one to double.  The second can differ from a correct
 * rounding only when the first lands within a 64-bit ulp of a midpoint
 * between two doubles; then -1, and strtod decides.
 */
static int read_17(uint64_t m, int exp10, double *v)
{
	long double r = (long double)m, mid;
	double d, next;

	if (exp10 < -MAX_LPOW10 || exp10 > MAX_LPOW10)
		return -1;
	r = exp10 < 0 ? r / lpow10_tab[-exp10] : r * lpow10_tab[exp10];
	d = (double)r;
	if (!isfinite(d) || d < DBL_MIN)
		return -1;
	next = nextafter(d, r > d ? INFINITY : 0);
	mid = ((long double)d + (long double)next) / 2;
	if (fabsl(r - mid) <= fabsl((long double)next - (long double)d) / 1024)
		return -1;
	*v = d;
	return 0;
}
#endif

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A number, by the grammar of RFC 8259, as jansson reads it. */
static json_t *parse_number(struct parser *ps)
{
	const char *p = ps->p, *end = ps->end, *start = p;
	uint64_t m = 0;
	int neg = 0, real = 0, digits = 0, exp10 = 0, eneg = 0;
	long e = 0;
	char token[MAX_TOKEN];
	double v;

	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	if (p == end || !is_digit(*p))
		return NULL;
	if (*p == '0') {
		p++;
		if (p < end && is_digit(*p))
			return NULL;
	}
	/* m holds the first 19 significant digits; digits counts them all. */
	for (; p < end && is_digit(*p); p++) {
		if (digits < 19) {
			m = m * 10 + (uint64_t)(*p - '0');
			if (m != 0)
				digits++;
		} else {
			digits++;
			exp10++;
		}
	}
	if (p < end && *p == '.') {
		real = 1;
		if (++p == end || !is_digit(*p))
			return NULL;
		for (; p < end && is_digit(*p); p++) {
			if (digits < 19) {
				m = m * 10 + (uint64_t)(*p - '0');
				if (m != 0)
					digits++;
				exp10--;
			} else {
				digits++;
			}
		}
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		real = 1;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (p == end || !is_digit(*p))
			return NULL;
		for (; p < end && is_digit(*p); p++)
			if (e < 100000)
				e = e * 10 + (*p - '0');
	}
	ps->p = p;
	if (!real) {
		/* strtoll's range, as jansson's: beyond it is an error. */
		if (digits > 19 || m > (uint64_t)INT64_MAX + (uint64_t)neg)
			return NULL;
		return json_integer(neg ? (json_int_t)(0 - m) : (json_int_t)m);
	}
	exp10 += (int)(eneg ? -e : e);
	if (digits <= 19 && m <= (uint64_t)EXACT_LIMIT && exp10 >= -MAX_POW10 &&
	    exp10 <= MAX_POW10) {
		v = (double)m;
		v = exp10 < 0 ? v / pow10_tab[-exp10] : v * pow10_tab[exp10];
		return json_real(neg ? -v : v);
	}
#if HAVE_LONG17
	if (digits <= 19 && long17_ok() && read_17(m, exp10, &v) == 0)
		return json_real(neg ? -v : v);
#endif
	if (p - start >= MAX_TOKEN)
		return NULL;
	memcpy(token, start, (size_t)(p - start));
	token[p - start] = '\0';
	char *stop;

	v = strtod(token, &stop);
	if (stop != token + (p - start) || isinf(v))
		return NULL;
	return json_real(v);
}

static int expect(struct parser *ps, const char *word, size_t n)
{
	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return -1;
	ps->p += n;
	return 0;
}

static json_t *parse_object(struct parser *ps)
{
	json_t *obj = json_object(), *v;
	const char *key;
	char *copy = NULL;
	size_t klen;

	if (obj == NULL)
		return NULL;
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		return obj;
	}
	for (;;) {
		if (ps->p == ps->end || *ps->p != '"')
			goto fail;
		ps->p++;
		if (parse_string(ps, &key, &klen) == -1)
			goto fail;
		if (key == ps->tmp) {
			/* The value's strings reuse tmp. */
			copy = malloc(klen + 1);
			if (copy == NULL)
				goto fail;
			memcpy(copy, key, klen);
			key = copy;
		}
		skip_space(ps);
		if (ps->p == ps->end || *ps->p++ != ':')
			goto fail;
		skip_space(ps);
		if (ps->lazy != NULL && ps->p < ps->end && *ps->p == '{' &&
		    lazy_wanted(ps, key, klen)) {
			v = lazy_scan(ps);
		} else if (ps->lazy != NULL && ps->depth == 1) {
			ps->parent = key;
			ps->parent_len = klen;
			v = parse_value(ps);
			ps->parent = NULL;
		} else {
			v = parse_value(ps);
		}
		if (v == NULL ||
		    json_object_setn_new_nocheck(obj, key, klen, v))
			goto fail;
		free(copy);
		copy = NULL;
		skip_space(ps);
		if (ps->p == ps->end)
			goto fail;
		if (*ps->p == '}') {
			ps->p++;
			return obj;
		}
		if (*ps->p++ != ',')
			goto fail;
		skip_space(ps);
	}
fail:
	free(copy);
	json_decref(obj);
	return NULL;
}

static json_t *parse_array(struct parser *ps)
{
	json_t *arr = json_array(), *v;

	if (arr == NULL)
		return NULL;
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		return arr;
	}
	for (;;) {
		v = parse_value(ps);
		if (v == NULL || json_array_append_new(arr, v))
			goto fail;
		skip_space(ps);
		if (ps->p == ps->end)
			goto fail;
		if (*ps->p == ']') {
			ps->p++;
			return arr;
		}
		if (*ps->p++ != ',')
			goto fail;
		skip_space(ps);
	}
fail:
	json_decref(arr);
	return NULL;
}

/* A value at ps->p (no space before it); NULL: leave it to json_loadb. */
static json_t *parse_value(struct parser *ps)
{
	const char *s;
	size_t n;
	json_t *v;

	if (ps->p == ps->end)
		return NULL;
	switch (*ps->p) {
	case '{':
	case '[':
		if (ps->depth >= MAX_DEPTH)
			return NULL;
		ps->depth++;
		v = *ps->p++ == '{' ? parse_object(ps) : parse_array(ps);
		ps->depth--;
		return v;
	case '"':
		ps->p++;
		if (parse_string(ps, &s, &n) == -1)
			return NULL;
		return json_stringn_nocheck(s, n);
	case 't':
		return expect(ps, "true", 4) == -1 ? NULL : json_true();
	case 'f':
		return expect(ps, "false", 5) == -1 ? NULL : json_false();
	case 'n':
		return expect(ps, "null", 4) == -1 ? NULL : json_null();
	default:
		return parse_number(ps);
	}
}

json_t *codec_load(const char *buf, size_t len)
{
	struct parser ps = {.p = buf, .end = buf + len};
	json_t *doc = NULL;

	skip_space(&ps);
	if (ps.p < ps.end && *ps.p == '{') {
		doc = parse_value(&ps);
		skip_space(&ps);
		if (doc != NULL && ps.p != ps.end) {
			json_decref(doc);
			doc = NULL;
		}
	}
	free(ps.tmp);
	if (doc == NULL)
		doc = json_loadb(buf, len, 0, NULL);
	return doc;
}

/* ---- lazy maps: reading ---- */

enum { ENTRY_RAW, ENTRY_TAKEN, ENTRY_GONE };

struct entry {
	const char *key;  /* decoded, NUL-terminated, in the map's keys */
	size_t klen;
	const char *rkey; /* the key's text, quotes included */
	size_t rklen;
	const char *val;  /* the value's text */
	size_t vlen;
	int state;        /* RAW: text only; TAKEN: in the holder; GONE */
};

struct codec_map {
	json_t *holder;   /* a reference: the object the document holds */
	int depth;        /* the parser's depth inside the map */
	struct entry *e;  /* in the order of the text */
	size_t n, raw;    /* entries; of them, still RAW */
	size_t len;       /* of the map's text */
	size_t *slot;     /* hash index of e: entry + 1, or 0 */
	size_t mask;
	char *keys;
};

struct codec_lazy {
	struct codec_map *m;
	size_t n, cap;
};


#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/*
 * Eight bytes are read at a time into a uint64_t, in memory order on a
 * little-endian machine; t has the high bit of each byte found: the index
 * of the first one.
 */
static size_t stop_at(uint64_t t)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (size_t)__builtin_ctzll(t) / 8;
#else
	(void)t;
	return 0; /* the byte loop after it finds the stopper */
#endif
}

/* The digits at p. */
static const unsigned char *skip_digits(const unsigned char *p,
					const unsigned char *end)
{
	while (p < end && (unsigned)(*p - '0') < 10)
		p++;
	return p;
}

/*
 * A number as parse_number reads it, building nothing: its end when
 * parse_number surely gives a value (an integer of at most 18 digits; a
 * real of fewer than MAX_TOKEN characters whose exponent cannot make it
 * overflow), NULL otherwise.
 */
static const unsigned char *skip_number(const unsigned char *p,
					const unsigned char *end)
{
	const unsigned char *start = p, *digits;
	ptrdiff_t ndigits;
	int real = 0, eneg = 0;
	long e = 0;

	if (p < end && *p == '-')
		p++;
	digits = p;
	if (p == end || !is_digit((char)*p))
		return NULL;
	if (*p == '0' && p + 1 < end && is_digit((char)p[1]))
		return NULL;
	p = skip_digits(p, end);
	ndigits = p - digits;
	if (p < end && *p == '.') {
		real = 1;
		if (++p == end || !is_digit((char)*p))
			return NULL;
		p = skip_digits(p, end);
	}
	if (p < end && (*p | 0x20) == 'e') {
		real = 1;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (p == end || !is_digit((char)*p))
			return NULL;
		for (; p < end && is_digit((char)*p); p++)
			if (e < 100000)
				e = e * 10 + (*p - '0');
	}
	if (!real)
		return ndigits <= 18 ? p : NULL;
	return p - start < MAX_TOKEN && (eneg || e <= 200) ? p : NULL;
}

/* A string with escapes, from after its opening quote: parse_string. */
static const unsigned char *skip_escaped(struct parser *ps,
					 const unsigned char *start)
{
	const char *s;
	size_t n;

	ps->p = (const char *)start;
	if (parse_string(ps, &s, &n) == -1)
		return NULL;
	return (const unsigned char *)ps->p;
}

/*
 * A string after its opening quote, building nothing: the end of its
 * closing quote when parse_string reads it, NULL when it does not.  Eight
 * bytes at a time while there is nothing but plain ASCII.
 */
static inline const unsigned char *skip_string(struct parser *ps,
					       const unsigned char *p,
					       const unsigned char *end)
{
	const unsigned char *start = p;
	uint64_t w, t;
	size_t k;

	for (;;) {
		/*
		 * The high bit of a byte that is '"', '\\', a control or not
		 * ASCII (flags past the first may be false: borrows).
		 */
		while (end - p >= 8) {
			memcpy(&w, p, 8);
			t = ((w ^ ONES * '"') - ONES) | ((w ^ ONES * '\\') - ONES) |
			    (w - ONES * 0x20) | w;
			if ((t & HIGHS) != 0) {
				p += stop_at(t & HIGHS);
				break;
			}
			p += 8;
		}
		while (p < end && *p < 0x80 && !special[*p])
			p++;
		if (p == end || *p < 0x20)
			return NULL;
		if (*p == '"')
			return p + 1;
		if (*p == '\\')
			return skip_escaped(ps, start);
		k = utf8_len(p, (size_t)(end - p));
		if (k == 0)
			return NULL;
		p += k;
	}
}

static int is_space(unsigned char c)
{
	return c <= ' ' && (c == ' ' || c == '\n' || c == '\r' || c == '\t');
}

/*
 * Check the value at ps->p as parse_value reads it, building nothing, and
 * move past it: 0 when parse_value would give a value for it, -1 when it
 * might not.  Iterative, nesting counted as parse_value counts it; white
 * space is looked for only where something else was expected, since the
 * documents are compact.
 */
static int skip_value(struct parser *ps)
{
	const unsigned char *p = (const unsigned char *)ps->p;
	const unsigned char *end = (const unsigned char *)ps->end;
	char close[MAX_DEPTH]; /* '}' or ']' of each level entered here */
	int depth = 0;

	for (;;) {
		/* A value at p. */
		if (p == end)
			return -1;
		switch (*p) {
		case '{':
		case '[':
			if (ps->depth + depth >= MAX_DEPTH)
				return -1;
			close[depth++] = (char)(*p++ + 2); /* '}' or ']' */
			while (p < end && is_space(*p))
				p++;
			if (p < end && *p == close[depth - 1]) {
				p++;
				depth--;
				break;
			}
			if (close[depth - 1] == ']')
				continue;
			goto key;
		case '"':
			p = skip_string(ps, p + 1, end);
			break;
		case 't':
			p = end - p >= 4 && memcmp(p, "true", 4) == 0 ? p + 4 : NULL;
			break;
		case 'f':
			p = end - p >= 5 && memcmp(p, "false", 5) == 0 ? p + 5 : NULL;
			break;
		case 'n':
			p = end - p >= 4 && memcmp(p, "null", 4) == 0 ? p + 4 : NULL;
			break;
		default:
			p = skip_number(p, end);
			break;
		}
		/* After a value: the end of its containers, or the next one. */
		for (;;) {
			if (p == NULL)
				return -1;
			if (depth == 0) {
				ps->p = (const char *)p;
				return 0;
			}
			if (p == end)
				return -1;
			if (*p == ',') {
				p++;
				while (p < end && is_space(*p))
					p++;
				if (close[depth - 1] == ']')
					goto next;
				goto key;
			}
			if (*p == close[depth - 1]) {
				p++;
				depth--;
			} else if (is_space(*p)) {
				p++;
			} else {
				return -1;
			}
		}
key:
		if (p == end || *p != '"')
			return -1;
		p = skip_string(ps, p + 1, end);
		if (p == NULL)
			return -1;
		while (p < end && is_space(*p))
			p++;
		if (p == end || *p++ != ':')
			return -1;
		while (p < end && is_space(*p))
			p++;
next:;
	}
}

/* 1 for the bytes that end a run of string text in skip_bounds. */
static const unsigned char quote_or_escape[256] = {
    ['"'] = 1,
    ['\\'] = 1,
};

#ifdef __SSE2__
/*
 * Of the 64 bytes at p, the bits of '"', of '\\', of '{' or '[' and of '}'
 * or ']', bit i for byte i.
 */
static void block_masks(const unsigned char *p, uint64_t *quote,
			uint64_t *escape, uint64_t *open, uint64_t *close)
{
	const __m128i q = _mm_set1_epi8('"'), e = _mm_set1_epi8('\\');
	const __m128i o = _mm_set1_epi8('{'), c = _mm_set1_epi8('}');
	const __m128i lower = _mm_set1_epi8(0x20); /* '[' | 0x20 is '{' */

	*quote = *escape = *open = *close = 0;
	for (int k = 0; k < 4; k++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * k));
		__m128i l = _mm_or_si128(v, lower);
		int s = 16 * k;

		*quote |= (uint64_t)(uint16_t)_mm_movemask_epi8(
				  _mm_cmpeq_epi8(v, q)) << s;
		*escape |= (uint64_t)(uint16_t)_mm_movemask_epi8(
				   _mm_cmpeq_epi8(v, e)) << s;
		*open |= (uint64_t)(uint16_t)_mm_movemask_epi8(
				 _mm_cmpeq_epi8(l, o)) << s;
		*close |= (uint64_t)(uint16_t)_mm_movemask_epi8(
				  _mm_cmpeq_epi8(l, c)) << s;
	}
}

/* The bits set in x (no popcnt instruction in the x86-64 baseline). */
static int bit_count(uint64_t x)
{
	x -= x >> 1 & 0x5555555555555555ull;
	x = (x & 0x3333333333333333ull) + (x >> 2 & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
	return (int)((x * ONES) >> 56);
}

/* Bit i: the xor of bits 0 to i of x (inside a string, for quotes). */
static uint64_t prefix_xor(uint64_t x)
{
	x ^= x << 1;
	x ^= x << 2;
	x ^= x << 4;
	x ^= x << 8;
	x ^= x << 16;
	x ^= x << 32;
	return x;
}
#endif

/*
 * Move past the value at ps->p in text that codec_dump wrote, following
 * only its strings and its nesting: nothing else is checked.  -1 when the
 * text does not end where such text would (then the caller checks it all).
 * An object or array is crossed 64 bytes at a time while they hold no
 * escape: quotes, brackets and whether each byte is in a string as masks.
 */
static int skip_bounds(struct parser *ps)
{
	const unsigned char *p = (const unsigned char *)ps->p;
	const unsigned char *end = (const unsigned char *)ps->end;
	const unsigned char *start = p;
	int depth = 0, in_string = 0;

#ifdef __SSE2__
	uint64_t carry = 0; /* all ones when the last block ended in a string */
	int container = p < end && (*p == '{' || *p == '[');

	while (container && end - p >= 64) {
		uint64_t quote, escape, open, close, in, all;

		block_masks(p, &quote, &escape, &open, &close);
		if (escape != 0)
			break;
		in = prefix_xor(quote) ^ carry;
		carry = (uint64_t)((int64_t)in >> 63);
		open &= ~in;
		close &= ~in;
		int o = bit_count(open), c = bit_count(close);

		if (ps->depth + depth + o >= MAX_DEPTH)
			return -1;
		if (depth - c > 0) {
			depth += o - c;
			p += 64;
			continue;
		}
		/* The value may end in this block: its brackets in order. */
		for (all = open | close; all != 0; all &= all - 1) {
			int i = __builtin_ctzll(all);

			if (open >> i & 1) {
				depth++;
			} else if (--depth == 0) {
				ps->p = (const char *)p + i + 1;
				return 0;
			}
		}
		p += 64;
	}
	in_string = carry != 0;
#endif
	while (p < end) {
		if (in_string) {
			while (p < end && !quote_or_escape[*p])
				p++;
			if (p == end)
				return -1;
			if (*p == '\\') {
				if (end - p < 2)
					return -1;
				p += 2;
				continue;
			}
			in_string = 0;
			p++;
			continue;
		}
		switch (*p) {
		case '"':
			in_string = 1;
			break;
		case '{':
		case '[':
			if (ps->depth + depth >= MAX_DEPTH)
				return -1;
			depth++;
			break;
		case '}':
		case ']':
			if (depth == 0)
				goto out;
			depth--;
			break;
		case ',':
			if (depth == 0)
				goto out;
			break;
		default:
			break;
		}
		p++;
		if (depth == 0 && (p[-1] == '}' || p[-1] == ']'))
			goto out;
	}
out:
	if (depth != 0 || in_string || p == start)
		return -1;
	ps->p = (const char *)p;
	return 0;
}

static size_t hash_key(const char *key, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)key[i]) * 0x100000001b3ull;
	return (size_t)(h ^ h >> 32);
}

static struct entry *map_find(const struct codec_map *m, const char *key,
			      size_t klen)
{
	size_t i, at;

	if (m->n == 0)
		return NULL;
	for (i = hash_key(key, klen) & m->mask; (at = m->slot[i]) != 0;
	     i = (i + 1) & m->mask) {
		struct entry *e = &m->e[at - 1];

		if (e->klen == klen && memcmp(e->key, key, klen) == 0)
			return e;
	}
	return NULL;
}

/* Index the entries; -1 when a key repeats (or no memory). */
static int map_index(struct codec_map *m)
{
	size_t cap = 16, i, at;

	while (cap < m->n * 2)
		cap *= 2;
	m->slot = calloc(cap, sizeof(*m->slot));
	if (m->slot == NULL)
		return -1;
	m->mask = cap - 1;
	for (size_t k = 0; k < m->n; k++) {
		struct entry *e = &m->e[k];

		for (i = hash_key(e->key, e->klen) & m->mask;
		     (at = m->slot[i]) != 0; i = (i + 1) & m->mask) {
			if (m->e[at - 1].klen == e->klen &&
			    memcmp(m->e[at - 1].key, e->key, e->klen) == 0)
				return -1;
		}
		m->slot[i] = k + 1;
	}
	return 0;
}

static void map_release(struct codec_map *m)
{
	json_decref(m->holder);
	free(m->e);
	free(m->slot);
	free(m->keys);
}

/* 1 when the member key of the object being read is a lazy map's name. */
static int lazy_wanted(const struct parser *ps, const char *key, size_t klen)
{
	const char *name;
	size_t plen = ps->parent_len;

	for (size_t i = 0; (name = ps->names[i]) != NULL; i++) {
		if (ps->depth == 1 && strlen(name) == klen &&
		    memcmp(name, key, klen) == 0)
			return 1;
		if (ps->depth == 2 && ps->parent != NULL &&
		    strlen(name) == plen + 1 + klen &&
		    memcmp(name, ps->parent, plen) == 0 && name[plen] == '.' &&
		    memcmp(name + plen + 1, key, klen) == 0)
			return 1;
	}
	return 0;
}

/*
 * The object at ps->p as a lazy map: its entries checked and indexed, not
 * read; returns its holder, or NULL when it is not sure (or no memory).
 */
static json_t *lazy_scan(struct parser *ps)
{
	struct codec_lazy *lazy = ps->lazy;
	struct codec_map m = {NULL, 0, NULL, 0, 0, 0, NULL, 0, NULL};
	const char *start = ps->p;
	size_t cap = 0, kcap = 0, klen = 0, *koff = NULL;
	const unsigned char *q;
	const char *key;
	size_t n;
	int ok = 0;

	if (ps->depth >= MAX_DEPTH)
		return NULL;
	ps->depth++;
	ps->p++;
	m.depth = ps->depth;
	skip_space(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		ok = 1;
		goto done;
	}
	for (;;) {
		struct entry *e;

		if (ps->p == ps->end || *ps->p != '"')
			goto done;
		if (m.n == cap) {
			cap = cap ? cap * 2 : 32;
			e = realloc(m.e, cap * sizeof(*e));
			if (e == NULL)
				goto done;
			m.e = e;
			size_t *k = realloc(koff, cap * sizeof(*k));

			if (k == NULL)
				goto done;
			koff = k;
		}
		e = &m.e[m.n];
		e->rkey = ps->p;
		key = ps->p + 1;
		/* skip_string moves ps->p when it meets an escape. */
		q = skip_string(ps, (const unsigned char *)key,
				(const unsigned char *)ps->end);
		if (q == NULL)
			goto done;
		n = (size_t)((const char *)q - 1 - key);
		if (memchr(key, '\\', n) != NULL) {
			/* Escapes: the key as parse_string decodes it. */
			ps->p = key;
			if (parse_string(ps, &key, &n) == -1)
				goto done;
		}
		ps->p = (const char *)q;
		e->rklen = (size_t)(ps->p - e->rkey);
		if (klen + n + 1 > kcap) {
			kcap = (klen + n + 1) * 2 + 256;
			char *more = realloc(m.keys, kcap);

			if (more == NULL)
				goto done;
			m.keys = more;
		}
		memcpy(m.keys + klen, key, n);
		m.keys[klen + n] = '\0';
		koff[m.n] = klen;
		e->klen = n;
		klen += n + 1;
		skip_space(ps);
		if (ps->p == ps->end || *ps->p++ != ':')
			goto done;
		skip_space(ps);
		e->val = ps->p;
		if ((ps->trusted ? skip_bounds(ps) : skip_value(ps)) == -1)
			goto done;
		e->vlen = (size_t)(ps->p - e->val);
		e->state = ENTRY_RAW;
		m.n++;
		skip_space(ps);
		if (ps->p == ps->end)
			goto done;
		if (*ps->p == '}') {
			ps->p++;
			ok = 1;
			break;
		}
		if (*ps->p++ != ',')
			goto done;
		skip_space(ps);
	}
done:
	ps->depth--;
	m.len = (size_t)(ps->p - start);
	for (size_t i = 0; ok && i < m.n; i++)
		m.e[i].key = m.keys + koff[i];
	free(koff);
	m.raw = m.n;
	if (ok && lazy->n == lazy->cap) {
		size_t c = lazy->cap ? lazy->cap * 2 : 8;
		struct codec_map *more = realloc(lazy->m, c * sizeof(*more));

		if (more == NULL) {
			ok = 0;
		} else {
			lazy->m = more;
			lazy->cap = c;
		}
	}
	if (ok && map_index(&m) == 0 && (m.holder = json_object()) != NULL) {
		lazy->m[lazy->n++] = m;
		return json_incref(m.holder);
	}
	map_release(&m);
	return NULL;
}

static json_t *load_lazy(const char *buf, size_t len,
			 const char *const *names, struct codec_lazy **lazy,
			 int trusted)
{
	struct parser ps = {.p = buf, .end = buf + len, .names = names,
			    .trusted = trusted};
	json_t *doc = NULL;

	*lazy = NULL;
	if (names == NULL || names[0] == NULL)
		return codec_load(buf, len);
	ps.lazy = calloc(1, sizeof(*ps.lazy));
	skip_space(&ps);
	if (ps.lazy != NULL && ps.p < ps.end && *ps.p == '{') {
		doc = parse_value(&ps);
		skip_space(&ps);
		if (doc != NULL && ps.p != ps.end) {
			json_decref(doc);
			doc = NULL;
		}
	}
	free(ps.tmp);
	if (doc == NULL) {
		/* Whatever the lazy reading was not sure of, codec_load is. */
		codec_lazy_free(ps.lazy);
		return codec_load(buf, len);
	}
	if (ps.lazy->n == 0) {
		codec_lazy_free(ps.lazy);
		ps.lazy = NULL;
	}
	*lazy = ps.lazy;
	return doc;
}

json_t *codec_load_lazy(const char *buf, size_t len,
			const char *const *names, struct codec_lazy **lazy)
{
	return load_lazy(buf, len, names, lazy, 0);
}

json_t *codec_load_trusted(const char *buf, size_t len,
			   const char *const *names, struct codec_lazy **lazy)
{
	return load_lazy(buf, len, names, lazy, 1);
}

void codec_lazy_free(struct codec_lazy *lazy)
{
	if (lazy == NULL)
		return;
	for (size_t i = 0; i < lazy->n; i++)
		map_release(&lazy->m[i]);
	free(lazy->m);
	free(lazy);
}

struct codec_map *codec_lazy_map(struct codec_lazy *lazy, const json_t *map)
{
	for (size_t i = 0; lazy != NULL && map != NULL && i < lazy->n; i++)
		if (lazy->m[i].holder == map)
			return &lazy->m[i];
	return NULL;
}

/* The value of a RAW entry; NULL only when out of memory. */
static json_t *entry_value(const struct codec_map *m, const struct entry *e)
{
	struct parser ps = {.p = e->val, .end = e->val + e->vlen,
			    .depth = m->depth};
	json_t *v = parse_value(&ps);

	free(ps.tmp);
	return v;
}

/* Move a RAW entry into the holder; its value, NULL: no memory. */
static json_t *entry_take(struct codec_map *m, struct entry *e)
{
	json_t *v = json_object_getn(m->holder, e->key, e->klen);

	/* Set in the holder behind the map's back: that value wins. */
	if (v == NULL) {
		v = entry_value(m, e);
		if (v == NULL ||
		    json_object_setn_new_nocheck(m->holder, e->key, e->klen, v))
			return NULL;
	}
	e->state = ENTRY_TAKEN;
	m->raw--;
	return v;
}

int codec_map_get(struct codec_map *m, const char *key, json_t **value)
{
	size_t klen = strlen(key);
	struct entry *e = map_find(m, key, klen);

	if (e != NULL && e->state == ENTRY_RAW) {
		*value = entry_take(m, e);
		return *value == NULL ? -1 : 0;
	}
	*value = json_object_getn(m->holder, key, klen);
	return 0;
}

int codec_map_set_new(struct codec_map *m, const char *key, json_t *value)
{
	struct entry *e = map_find(m, key, strlen(key));

	if (e != NULL && e->state == ENTRY_RAW) {
		e->state = ENTRY_TAKEN;
		m->raw--;
	}
	return json_object_set_new(m->holder, key, value);
}

int codec_map_del(struct codec_map *m, const char *key)
{
	struct entry *e = map_find(m, key, strlen(key));
	int ret = json_object_del(m->holder, key);

	if (e == NULL || e->state == ENTRY_GONE)
		return ret;
	if (e->state == ENTRY_RAW)
		m->raw--;
	e->state = ENTRY_GONE;
	return 0;
}

size_t codec_map_size(const struct codec_map *m)
{
	return json_object_size(m->holder) + m->raw;
}

/* 1 when key of the holder is written at its entry's place, not after. */
static int in_place(const struct codec_map *m, const char *key, size_t klen)
{
	const struct entry *e = map_find(m, key, klen);

	return e != NULL && e->state != ENTRY_GONE;
}

int codec_map_each(struct codec_map *m,
		   int (*fn)(const char *key, void *ctx), void *ctx)
{
	const char *key;
	json_t *v;
	int ret;

	for (size_t i = 0; i < m->n; i++) {
		if (m->e[i].state != ENTRY_GONE &&
		    (ret = fn(m->e[i].key, ctx)) != 0)
			return ret;
	}
	json_object_foreach(m->holder, key, v) {
		if (!in_place(m, key, strlen(key)) && (ret = fn(key, ctx)) != 0)
			return ret;
	}
	return 0;
}

int codec_map_peek(struct codec_map *m, const char *key, const char *member,
		   json_t **value)
{
	struct entry *e = map_find(m, key, strlen(key));
	struct parser ps;
	const char *k, *at = NULL, *end = NULL;
	size_t n, mlen = strlen(member);

	*value = NULL;
	if (e == NULL || e->state != ENTRY_RAW ||
	    json_object_getn(m->holder, e->key, e->klen) != NULL) {
		*value = json_incref(
			json_object_get(json_object_get(m->holder, key), member));
		return 0;
	}
	memset(&ps, 0, sizeof(ps));
	ps.p = e->val;
	ps.end = e->val + e->vlen;
	ps.depth = m->depth + 1;
	if (*ps.p != '{')
		return 0;
	ps.p++;
	skip_space(&ps);
	/* The text was checked: only its members' bounds are sought. */
	while (ps.p < ps.end && *ps.p == '"') {
		ps.p++;
		if (parse_string(&ps, &k, &n) == -1)
			break;
		int match = n == mlen && memcmp(k, member, n) == 0;

		skip_space(&ps);
		ps.p++; /* ':' */
		skip_space(&ps);
		if (match)
			at = ps.p;
		if (skip_value(&ps) == -1)
			break;
		if (match)
			end = ps.p; /* the last of repeated keys counts */
		skip_space(&ps);
		if (ps.p < ps.end && *ps.p == ',')
			ps.p++;
		skip_space(&ps);
	}
	if (at != NULL && end != NULL) {
		ps.p = at;
		ps.end = end;
		*value = parse_value(&ps);
	}
	free(ps.tmp);
	return at != NULL && *value == NULL ? -1 : 0;
}

int codec_map_whole(struct codec_map *m)
{
	json_t *all = json_object(), *v;
	const char *key;
	int bad = all == NULL;

	for (size_t i = 0; !bad && i < m->n; i++) {
		struct entry *e = &m->e[i];

		if (e->state == ENTRY_GONE)
			continue;
		v = json_object_getn(m->holder, e->key, e->klen);
		v = v != NULL ? json_incref(v) : entry_value(m, e);
		bad = v == NULL ||
		      json_object_setn_new_nocheck(all, e->key, e->klen, v);
	}
	json_object_foreach(m->holder, key, v) {
		if (bad || in_place(m, key, strlen(key)))
			continue;
		bad = json_object_set(all, key, v);
	}
	if (!bad) {
		/* The same holder, now with every entry, in the text's order. */
		json_object_clear(m->holder);
		bad = json_object_update(m->holder, all);
	}
	json_decref(all);
	if (bad)
		return -1;
	m->n = m->raw = 0;
	return 0;
}

int codec_lazy_whole(struct codec_lazy *lazy)
{
	for (size_t i = 0; lazy != NULL && i < lazy->n; i++)
		if (codec_map_whole(&lazy->m[i]) == -1)
			return -1;
	return 0;
}

/* ---- writing ---- */

struct out {
	char *buf;
	size_t len, cap;
	struct codec_lazy *lazy;
};

static int out_room(struct out *o, size_t n)
{
	size_t cap;
	char *more;

	if (o->len + n < o->cap)
		return 0;
	cap = o->cap * 2 > o->len + n + 1 ? o->cap * 2 : o->len + n + 4096;
	more = realloc(o->buf, cap);
	if (more == NULL)
		return -1;
	o->buf = more;
	o->cap = cap;
	return 0;
}

static int out_put(struct out *o, const void *s, size_t n)
{
	if (out_room(o, n) == -1)
		return -1;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	return 0;
}

static int out_char(struct out *o, char c)
{
	if (out_room(o, 1) == -1)
		return -1;
	o->buf[o->len++] = c;
	return 0;
}

/* Escaped as json_dumps escapes: '"', '\\' and control characters. */
static int dump_string(struct out *o, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + n;
	const unsigned char *run;
	char esc[8];
	const char *e;
	unsigned high;

	if (out_char(o, '"') == -1)
		return -1;
	while (s < end) {
		run = s;
		high = 0;
		while (s < end && !special[*s])
			high |= *s++;
		if ((high & 0x80) && !utf8_valid(run, (size_t)(s - run)))
			return -1;
		if (out_put(o, run, (size_t)(s - run)) == -1)
			return -1;
		if (s == end)
			break;
		switch (*s) {
		case '"':
			e = "\\\"";
			break;
		case '\\':
			e = "\\\\";
			break;
		case '\b':
			e = "\\b";
			break;
		case '\f':
			e = "\\f";
			break;
		case '\n':
			e = "\\n";
			break;
		case '\r':
			e = "\\r";
			break;
		case '\t':
			e = "\\t";
			break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04X", (unsigned)*s);
			e = esc;
			break;
		}
		if (out_put(o, e, strlen(e)) == -1)
			return -1;
		s++;
	}
	return out_char(o, '"');
}

/* The digits of u into the end of buf[24]; returns where they start. */
static char *digits_of(uint64_t u, char *end)
{
	do {
		*--end = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	return end;
}

/* k / 10^frac in decimal, with at least one digit after the point. */
static size_t fixed(uint64_t k, int frac, char *buf)
{
	char tmp[24], *d = digits_of(k, tmp + sizeof(tmp));
	size_t nd = (size_t)(tmp + sizeof(tmp) - d), n = 0;

	if (frac == 0) {
		memcpy(buf, d, nd);
		memcpy(buf + nd, ".0", 2);
		return nd + 2;
	}
	if (nd <= (size_t)frac) {
		buf[n++] = '0';
		buf[n++] = '.';
		for (size_t z = nd; z < (size_t)frac; z++)
			buf[n++] = '0';
		memcpy(buf + n, d, nd);
		return n + nd;
	}
	memcpy(buf, d, nd - (size_t)frac);
	n = nd - (size_t)frac;
	buf[n++] = '.';
	memcpy(buf + n, d + nd - frac, (size_t)frac);
	return n + (size_t)frac;
}

size_t codec_real(double v, char *buf)
{
	double a = fabs(v), x;
	size_t n = 0, i, j;
	uint64_t k;
	int len;

	if (signbit(v))
		buf[n++] = '-';
	for (int frac = 0; frac <= MAX_POW10 && a < EXACT_LIMIT; frac++) {
		x = a * pow10_tab[frac];
		if (x >= EXACT_LIMIT)
			break;
		/* Not x + 0.5: above 2^52 that sum rounds. */
		k = (uint64_t)x;
		if (x - (double)k >= 0.5)
			k++;
		if ((double)k / pow10_tab[frac] == a)
			return n + fixed(k, frac, buf + n);
	}
#if HAVE_LONG17
	/*
	 * 17 digits: any 17-digit decimal less than 0.51 of its last digit away
	 * from a double reads back as that double (|D - a| <= 0.51 * 10^(e-16)
	 * and ulp(a) >= 10^e * 2^-53 give |D - a| < 0.46 ulp), and the long
	 * double product is off by less than 0.01 of it.
	 */
	if (a >= 1e-5 && a < 1e16 && long17_ok()) {
		int frac = 16 - (int)floor(log10(a));
		long double y = 0;

		for (int tries = 0; tries < 3; tries++) {
			y = (long double)a * lpow10_tab[frac];
			if (y >= 1e17L)
				frac--;
			else if (y < 1e16L)
				frac++;
			else
				break;
		}
		if (y >= 1e16L && y < 1e17L) {
			k = (uint64_t)(y + 0.5L);
			/* Trailing zeros say nothing. */
			while (frac > 0 && k % 10 == 0) {
				k /= 10;
				frac--;
			}
			return n + fixed(k, frac, buf + n);
		}
	}
#endif
	/* As jansson: "%.17g", a "." or an exponent, no "+" or leading 0s. */
	len = snprintf(buf, CODEC_REAL_MAX - 2, "%.17g", v);
	if (len < 0)
		len = 0;
	n = (size_t)len;
	if (strchr(buf, '.') == NULL && strchr(buf, 'e') == NULL) {
		memcpy(buf + n, ".0", 3);
		return n + 2;
	}
	char *e = strchr(buf, 'e');

	if (e != NULL) {
		i = j = (size_t)(e - buf) + 1;
		if (buf[i] == '+')
			i++;
		else if (buf[i] == '-')
			buf[j++] = buf[i++];
		while (buf[i] == '0' && buf[i + 1] != '\0')
			i++;
		while (buf[i] != '\0')
			buf[j++] = buf[i++];
		buf[j] = '\0';
		n = j;
	}
	return n;
}

static int dump_value(struct out *o, const json_t *v);

/* A member "key":value, after a comma unless it is the first. */
static int dump_member(struct out *o, int *first, const char *key,
		       size_t klen, const json_t *v)
{
	if (!*first && out_char(o, ',') == -1)
		return -1;
	*first = 0;
	if (dump_string(o, key, klen) == -1 || out_char(o, ':') == -1)
		return -1;
	return dump_value(o, v);
}

/*
 * A lazy map: its entries in the text's order, RAW ones as their text,
 * the others from the holder, then the holder's new keys in their order.
 */
static int dump_map(struct out *o, const struct codec_map *m)
{
	const struct entry *e;
	const char *key;
	json_t *v;
	int first = 1;

	if (out_char(o, '{') == -1)
		return -1;
	for (size_t i = 0; i < m->n; i++) {
		e = &m->e[i];
		if (e->state == ENTRY_GONE)
			continue;
		if (e->state == ENTRY_TAKEN) {
			v = json_object_getn(m->holder, e->key, e->klen);
			if (v != NULL &&
			    dump_member(o, &first, e->key, e->klen, v) == -1)
				return -1;
			continue;
		}
		if ((!first && out_char(o, ',') == -1) ||
		    out_room(o, e->rklen + 1 + e->vlen) == -1)
			return -1;
		first = 0;
		memcpy(o->buf + o->len, e->rkey, e->rklen);
		o->len += e->rklen;
		o->buf[o->len++] = ':';
		memcpy(o->buf + o->len, e->val, e->vlen);
		o->len += e->vlen;
	}
	json_object_foreach((json_t *)m->holder, key, v) {
		size_t klen = strlen(key);

		if (!in_place(m, key, klen) &&
		    dump_member(o, &first, key, klen, v) == -1)
			return -1;
	}
	return out_char(o, '}');
}

static int dump_value(struct out *o, const json_t *v)
{
	char num[CODEC_REAL_MAX], *d;
	const char *key;
	size_t n, i;
	void *it;
	json_int_t iv;
	int first = 1;
	const struct codec_map *m;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		m = codec_lazy_map(o->lazy, v);
		if (m != NULL)
			return dump_map(o, m);
		if (out_char(o, '{') == -1)
			return -1;
		for (it = json_object_iter((json_t *)v); it != NULL;
		     it = json_object_iter_next((json_t *)v, it)) {
			if (!first && out_char(o, ',') == -1)
				return -1;
			first = 0;
			key = json_object_iter_key(it);
			if (dump_string(o, key, json_object_iter_key_len(it)) ==
			        -1 ||
			    out_char(o, ':') == -1 ||
			    dump_value(o, json_object_iter_value(it)) == -1)
				return -1;
		}
		return out_char(o, '}');
	case JSON_ARRAY:
		if (out_char(o, '[') == -1)
			return -1;
		n = json_array_size(v);
		for (i = 0; i < n; i++) {
			if ((i > 0 && out_char(o, ',') == -1) ||
			    dump_value(o, json_array_get(v, i)) == -1)
				return -1;
		}
		return out_char(o, ']');
	case JSON_STRING:
		return dump_string(o, json_string_value(v),
		                   json_string_length(v));
	case JSON_INTEGER:
		iv = json_integer_value(v);
		d = digits_of(iv < 0 ? 0 - (uint64_t)iv : (uint64_t)iv,
		              num + sizeof(num));
		if (iv < 0)
			*--d = '-';
		return out_put(o, d, (size_t)(num + sizeof(num) - d));
	case JSON_REAL:
		return out_put(o, num, codec_real(json_real_value(v), num));
	case JSON_TRUE:
		return out_put(o, "true", 4);
	case JSON_FALSE:
		return out_put(o, "false", 5);
	default:
		return out_put(o, "null", 4);
	}
}

char *codec_dump(const json_t *json, size_t *len)
{
	return codec_dump_lazy(json, NULL, len);
}

char *codec_dump_lazy(const json_t *json, struct codec_lazy *lazy,
		      size_t *len)
{
	struct out o = {NULL, 0, 0, lazy};
	size_t room = 4096;

	/* Room for the maps' text at once: no copies as the buffer grows. */
	for (size_t i = 0; lazy != NULL && i < lazy->n; i++)
		room += lazy->m[i].len;
	if (json == NULL || out_room(&o, room) == -1)
		return NULL;
	if (dump_value(&o, json) == -1) {
		free(o.buf);
		return NULL;
	}
	o.buf[o.len] = '\0';
	*len = o.len;
	return o.buf;
}
