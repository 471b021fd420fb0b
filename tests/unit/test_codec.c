#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"

/* Equal values, reals to the bit, members in the same order. */
static int same(const json_t *a, const json_t *b)
{
	double x, y;
	void *i, *j;

	if (json_typeof(a) != json_typeof(b))
		return 0;
	switch (json_typeof(a)) {
	case JSON_REAL:
		x = json_real_value(a);
		y = json_real_value(b);
		return memcmp(&x, &y, sizeof(x)) == 0;
	case JSON_OBJECT:
		if (json_object_size(a) != json_object_size(b))
			return 0;
		i = json_object_iter((json_t *)a);
		j = json_object_iter((json_t *)b);
		for (; i != NULL; i = json_object_iter_next((json_t *)a, i),
		                  j = json_object_iter_next((json_t *)b, j))
			if (strcmp(json_object_iter_key(i),
			           json_object_iter_key(j)) != 0 ||
			    !same(json_object_iter_value(i),
			          json_object_iter_value(j)))
				return 0;
		return 1;
	case JSON_ARRAY:
		if (json_array_size(a) != json_array_size(b))
			return 0;
		for (size_t k = 0; k < json_array_size(a); k++)
			if (!same(json_array_get(a, k), json_array_get(b, k)))
				return 0;
		return 1;
	default:
		return json_equal(a, b);
	}
}

/* codec_load agrees with json_loadb on text, valid or not. */
static void check_load(const char *text)
{
	json_t *a = codec_load(text, strlen(text));
	json_t *b = json_loadb(text, strlen(text), 0, NULL);

	ck_assert_msg((a == NULL) == (b == NULL), "accepts differently: %s",
	              text);
	ck_assert_msg(a == NULL || same(a, b), "reads differently: %s", text);
	json_decref(a);
	json_decref(b);
}

START_TEST(test_codec_load_jansson)
{
	static const char *const texts[] = {
	    "{}",
	    " {\"a\" : 1 ,\n\t\"b\":[true,false,null,[],{}]} ",
	    "{\"a\":1,\"a\":2}",
	    "{\"s\":\"\\u00e9\\ud83d\\ude00\\n\\\"\\\\\\/\\b\\f\\r\\t\"}",
	    "{\"k\\u0041\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"}",
	    "{\"n\":[0,-0,-0.0,1e5,1E+2,0.1e1,2.5e-3,-12.75]}",
	    "{\"n\":[9223372036854775807,-9223372036854775808]}",
	    "{\"n\":1e-400}",
	    "{\"n\":1.23456789012345678901234567890}",
	    "{\"n\":27.482340000001609,\"m\":0.30000000000000004}",
	    /* what json_loadb refuses */
	    "",
	    "[1]",
	    "{\"a\":1}x",
	    "{\"a\":01}",
	    "{\"a\":1.}",
	    "{\"a\":-}",
	    "{\"a\":9223372036854775808}",
	    "{\"a\":123456789012345678901234567890}",
	    "{\"a\":1e400}",
	    "{\"a\":\"\\u0000\"}",
	    "{\"a\":\"\\ud800\"}",
	    "{\"a\":\"\\udc00x\"}",
	    "{\"a\":\"tab\there\"}",
	    "{\"a\":\"\xc0\xaf\"}",
	    "{\"a\":\"\xed\xa0\x80\"}",
	    "{\"a\":\"\xf4\x90\x80\x80\"}",
	    "{\"a\":tru}",
	    "{\"a\" 1}",
	    "{\"a\":1,}",
	    "{\"a\":[1,]}",
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		check_load(texts[i]);
}
END_TEST

START_TEST(test_codec_load_deep)
{
	char text[4096];
	size_t n = 0;

	/* Deeper than the codec goes: json_loadb reads it. */
	n += (size_t)sprintf(text + n, "{\"a\":");
	for (int i = 0; i < 200; i++)
		text[n++] = '[';
	for (int i = 0; i < 200; i++)
		text[n++] = ']';
	strcpy(text + n, "}");
	check_load(text);
}
END_TEST

static void check_real(double v, const char *want)
{
	char buf[CODEC_REAL_MAX];
	size_t n = codec_real(v, buf);
	double back;

	buf[n] = '\0';
	if (want != NULL)
		ck_assert_str_eq(buf, want);
	ck_assert_msg(strchr(buf, '.') != NULL || strchr(buf, 'e') != NULL,
	              "%s reads back as an integer", buf);
	back = strtod(buf, NULL);
	ck_assert_msg(memcmp(&back, &v, sizeof(v)) == 0, "%.17g written as %s",
	              v, buf);
}

START_TEST(test_codec_real)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;
	double v;

	check_real(0.0, "0.0");
	check_real(-0.0, "-0.0");
	check_real(12.3, "12.3");
	check_real(95.0, "95.0");
	check_real(0.05, "0.05");
	check_real(-7.25, "-7.25");
	check_real(0.1 + 0.2, "0.30000000000000004");
	check_real(526.8000000000001, "526.8000000000001");
	check_real(1e20, "1e20");
	check_real(1e-300, NULL);
	check_real(5e-324, NULL);
	check_real(1.7976931348623157e308, NULL);
	for (int i = 0; i < 200000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		switch (i % 3) {
		case 0:
			memcpy(&v, &x, sizeof(v));
			if (!isfinite(v))
				continue;
			break;
		case 1:
			v = (double)(x % 1000000) / 10.0;
			break;
		default:
			v = (double)(x % 100000) / 10.0 +
			    (double)(x >> 32 & 0xffff) / 10.0 +
			    (double)(x >> 48) / 7.0;
			break;
		}
		check_real(v, NULL);
	}
}
END_TEST

START_TEST(test_codec_dump)
{
	static const char *const texts[] = {
	    "{\"schema_version\":1,\"z\":{\"b\":[1,-2,3.5,true,false,null],"
	    "\"a\":\"x\\\"y\\\\z\\n\\u001F\xc3\xa9/\"},\"e\":{},\"f\":[]}",
	    "{\"avg\":27.482340000001609,\"sum\":12.300000000000001}",
	};
	json_t *a, *b;
	char *text, *theirs;
	size_t len;

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		a = json_loads(texts[i], 0, NULL);
		ck_assert_ptr_nonnull(a);
		text = codec_dump(a, &len);
		ck_assert_ptr_nonnull(text);
		ck_assert_uint_eq(len, strlen(text));
		b = json_loads(text, 0, NULL);
		ck_assert_msg(b != NULL && same(a, b), "dumped as %s", text);
		if (i == 0) {
			/* No reals: byte for byte what json_dumps writes. */
			theirs = json_dumps(a, JSON_COMPACT);
			ck_assert_str_eq(text, theirs);
			free(theirs);
		} else {
			ck_assert_str_eq(
			    text, "{\"avg\":27.48234000000161,\"sum\":12.3}");
		}
		free(text);
		json_decref(a);
		json_decref(b);
	}
}
END_TEST

START_TEST(test_codec_dump_invalid_utf8)
{
	json_t *a = json_object();

	json_object_set_new(a, "s", json_stringn_nocheck("\xc0\xaf", 2));
	ck_assert_ptr_null(codec_dump(a, &(size_t){0}));
	json_decref(a);
}
END_TEST

/* ---- lazy maps ---- */

static const char *const lazy_names[] = {"m", "s.t", NULL};

/*
 * codec_load_lazy accepts what codec_load accepts, gives the same values,
 * and writes back what codec_dump writes of them (or, for text that is not
 * compact, the same values).
 */
static void check_lazy(const char *text, int compact)
{
	struct codec_lazy *lazy;
	json_t *a = codec_load(text, strlen(text));
	json_t *b = codec_load_lazy(text, strlen(text), lazy_names, &lazy);
	char *x, *y;
	size_t n;

	ck_assert_msg((a == NULL) == (b == NULL), "accepts differently: %s",
	              text);
	if (a == NULL) {
		ck_assert_ptr_null(lazy);
		return;
	}
	x = codec_dump(a, &n);
	y = codec_dump_lazy(b, lazy, &n);
	ck_assert_ptr_nonnull(x);
	ck_assert_ptr_nonnull(y);
	if (compact) {
		ck_assert_str_eq(x, y);
	} else {
		json_t *c = codec_load(y, strlen(y));

		ck_assert_msg(c != NULL && same(a, c), "%s written as %s", text,
		              y);
		json_decref(c);
	}
	free(x);
	free(y);
	codec_lazy_free(lazy);
	json_decref(a);
	json_decref(b);
}

START_TEST(test_codec_load_lazy)
{
	static const char *const compact[] = {
	    "{\"m\":{}}",
	    "{\"a\":1,\"m\":{\"x\":{\"b\":[1,2.5,\"q\"]},\"y\":2},\"z\":[]}",
	    "{\"s\":{\"t\":{\"k\":{\"v\":-0.0}},\"u\":{\"k\":1}},\"m\":3}",
	    "{\"m\":{\"\xc3\xa9\":\"\xf0\x9f\x98\x80\",\"e\":\"a\\\"b\\\\c\\n\"}}",
	    "{\"m\":{\"n\":[9223372036854775807,1e300,1.5e-300,0.1]}}",
	    "{\"m\":{\"d\":{\"d\":{\"d\":[[[{}]]]}}}}",
	    "{\"x\":{\"m\":{\"a\":1}},\"t\":{\"a\":2}}", /* not at their paths */
	    "{\"m\":[1,2],\"s\":5}",                     /* not objects */
	};
	static const char *const other[] = {
	    " { \"m\" : { \"a\" : [ 1 , 2 ] ,\n\"b\" : { } } } ",
	    "{\"m\":{\"a\":1,\"a\":2}}",          /* a repeated key */
	    "{\"m\":{\"k\\u0041\":1}}",           /* an escaped key */
	    "{\"m\":{\"a\":\"\\u00e9\\ud83d\\ude00\"}}",
	    "{\"m\":{\"a\":123456789012345678901234567890}}",
	    "{\"m\":{\"a\":1e400}}",
	    "{\"m\":{\"a\":12345678901234567890123456789012345678901234567"
	    "890123456789012345678.5}}",
	    "{\"m\":{\"a\":\"\\u0000\"}}",
	    "{\"m\":{\"a\":\"\\ud800\"}}",
	    "{\"m\":{\"a\":\"tab\there\"}}",
	    "{\"m\":{\"a\":\"\xc0\xaf\"}}",
	    "{\"m\":{\"a\":\"\xed\xa0\x80\"}}",
	    "{\"m\":{\"a\":\"abcdefgh\xf4\x90\x80\x80\"}}",
	    "{\"m\":{\"a\":tru}}",
	    "{\"m\":{\"a\":01}}",
	    "{\"m\":{\"a\":1.}}",
	    "{\"m\":{\"a\":[1,]}}",
	    "{\"m\":{\"a\":{\"b\":1,}}}",
	    "{\"m\":{\"a\":1,}}",
	    "{\"m\":{\"a\" 1}}",
	    "{\"m\":{\"a\":1}",
	    "{\"m\":{\"a\":\"abcdefghijklmnop",
	};
	char deep[512];
	size_t n = 0;

	for (size_t i = 0; i < sizeof(compact) / sizeof(compact[0]); i++)
		check_lazy(compact[i], 1);
	for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++)
		check_lazy(other[i], 0);
	/* Nesting too deep for the codec, inside a lazy map. */
	n += (size_t)sprintf(deep, "{\"m\":{\"a\":");
	for (int i = 0; i < 100; i++)
		deep[n++] = '[';
	for (int i = 0; i < 100; i++)
		deep[n++] = ']';
	strcpy(deep + n, "}}");
	check_lazy(deep, 1);
}
END_TEST

START_TEST(test_codec_load_lazy_verbatim)
{
	/* Text codec_dump did not write is written back as it was. */
	const char *text = "{\"m\":{\"a\":{\"r\":12.300000000000001},"
	                   "\"b\":[ 1 ]},\"n\":1.50}";
	struct codec_lazy *lazy;
	json_t *doc = codec_load_lazy(text, strlen(text), lazy_names, &lazy);
	json_t *v;
	char *out;
	size_t n;

	ck_assert_ptr_nonnull(lazy);
	out = codec_dump_lazy(doc, lazy, &n);
	ck_assert_str_eq(out, "{\"m\":{\"a\":{\"r\":12.300000000000001},"
	                      "\"b\":[ 1 ]},\"n\":1.5}");
	free(out);
	/* An entry taken is written as codec_dump writes it. */
	ck_assert_int_eq(codec_map_get(codec_lazy_map(lazy,
	                                              json_object_get(doc, "m")),
	                               "a", &v),
	                 0);
	ck_assert_ptr_nonnull(v);
	out = codec_dump_lazy(doc, lazy, &n);
	ck_assert_str_eq(out,
	                 "{\"m\":{\"a\":{\"r\":12.3},\"b\":[ 1 ]},\"n\":1.5}");
	free(out);
	codec_lazy_free(lazy);
	json_decref(doc);
}
END_TEST

static uint64_t lazy_rng = 0x2545f4914f6cdd1dull;

static unsigned lazy_rnd(unsigned n)
{
	lazy_rng ^= lazy_rng << 13;
	lazy_rng ^= lazy_rng >> 7;
	lazy_rng ^= lazy_rng << 17;
	return (unsigned)(lazy_rng >> 16) % n;
}

struct keys {
	char (*v)[16];
	size_t n;
};

static int collect_key(const char *key, void *ctx)
{
	struct keys *k = ctx;

	snprintf(k->v[k->n++], sizeof(k->v[0]), "%s", key);
	return 0;
}

/*
 * Random changes to a lazy map and to the same object read whole, as
 * jansson objects: the same sizes, entries, keys in the same order, and
 * the same text written, byte for byte, at every step.
 */
START_TEST(test_codec_map)
{
	char (*want)[16] = calloc(64, 16), (*got)[16] = calloc(64, 16);
	json_t *whole, *doc, *map, *a, *b, *peek;
	struct codec_lazy *lazy;
	struct codec_map *m;
	char key[16], *text, *x, *y;
	size_t n, i;
	const char *k;
	json_t *v;

	whole = json_pack("{s:i,s:{}}", "schema_version", 1, "m");
	for (i = 0; i < 30; i++) {
		snprintf(key, sizeof(key), "k%u", lazy_rnd(40));
		json_object_set_new(json_object_get(whole, "m"), key,
		                    json_pack("{s:i,s:s}", "n", (int)i, "t", key));
	}
	json_object_set_new(whole, "after", json_true());
	text = codec_dump(whole, &n);
	doc = codec_load_lazy(text, n, lazy_names, &lazy);
	map = json_object_get(doc, "m");
	m = codec_lazy_map(lazy, map);
	ck_assert_ptr_nonnull(m);
	ck_assert_ptr_null(codec_lazy_map(lazy, doc));
	for (int step = 0; step < 3000; step++) {
		snprintf(key, sizeof(key), "k%u", lazy_rnd(48));
		switch (lazy_rnd(5)) {
		case 0: /* read, change in place */
			a = json_object_get(json_object_get(whole, "m"), key);
			ck_assert_int_eq(codec_map_get(m, key, &b), 0);
			ck_assert_msg((a == NULL) == (b == NULL), "get %s", key);
			if (a != NULL) {
				ck_assert(same(a, b));
				json_object_set_new(a, "c", json_integer(step));
				json_object_set_new(b, "c", json_integer(step));
			}
			break;
		case 1:
			json_object_set_new(json_object_get(whole, "m"), key,
			                    json_integer(step));
			ck_assert_int_eq(
			    codec_map_set_new(m, key, json_integer(step)), 0);
			break;
		case 2:
			ck_assert_int_eq(
			    json_object_del(json_object_get(whole, "m"), key),
			    codec_map_del(m, key));
			break;
		case 3:
			a = json_object_get(json_object_get(json_object_get(
			                                        whole, "m"),
			                                    key),
			                    "t");
			ck_assert_int_eq(codec_map_peek(m, key, "t", &peek), 0);
			ck_assert_msg((a == NULL) == (peek == NULL), "peek %s",
			              key);
			ck_assert(a == NULL || json_equal(a, peek));
			json_decref(peek);
			break;
		default:
			break;
		}
		ck_assert_uint_eq(codec_map_size(m),
		                  json_object_size(json_object_get(whole, "m")));
		struct keys wk = {want, 0}, gk = {got, 0};

		json_object_foreach(json_object_get(whole, "m"), k, v)
			collect_key(k, &wk);
		codec_map_each(m, collect_key, &gk);
		ck_assert_uint_eq(wk.n, gk.n);
		for (i = 0; i < wk.n; i++)
			ck_assert_str_eq(want[i], got[i]);
		if (step % 100 == 0 || step == 2999) {
			x = codec_dump(whole, &n);
			y = codec_dump_lazy(doc, lazy, &n);
			ck_assert_str_eq(x, y);
			free(x);
			free(y);
		}
	}
	/* Read whole: a plain object, in the same order. */
	ck_assert_int_eq(codec_map_whole(m), 0);
	ck_assert(same(whole, doc));
	x = codec_dump(whole, &n);
	y = codec_dump_lazy(doc, lazy, &n);
	ck_assert_str_eq(x, y);
	free(x);
	free(y);
	codec_lazy_free(lazy);
	json_decref(doc);
	json_decref(whole);
	free(text);
	free(want);
	free(got);
}
END_TEST

START_TEST(test_codec_map_peek)
{
	const char *text = "{\"m\":{\"a\":{\"t\":\"x\",\"u\":[{\"t\":1}],"
	                   "\"t\":\"y\"},\"b\":5}}";
	struct codec_lazy *lazy;
	json_t *doc = codec_load_lazy(text, strlen(text), lazy_names, &lazy);
	struct codec_map *m = codec_lazy_map(lazy, json_object_get(doc, "m"));
	json_t *v;

	/* The last of repeated members, as json_loadb keeps it. */
	ck_assert_int_eq(codec_map_peek(m, "a", "t", &v), 0);
	ck_assert_str_eq(json_string_value(v), "y");
	json_decref(v);
	ck_assert_int_eq(codec_map_peek(m, "a", "none", &v), 0);
	ck_assert_ptr_null(v);
	ck_assert_int_eq(codec_map_peek(m, "b", "t", &v), 0);
	ck_assert_ptr_null(v);
	ck_assert_int_eq(codec_map_peek(m, "c", "t", &v), 0);
	ck_assert_ptr_null(v);
	/* Peeking reads nothing into the holder. */
	ck_assert_uint_eq(json_object_size(json_object_get(doc, "m")), 0);
	codec_lazy_free(lazy);
	json_decref(doc);
}
END_TEST

START_TEST(test_codec_map_escaped_key)
{
	const char *text = "{\"m\":{\"k\\u0041\":1,\"\\\"q\":{\"x\":2},\"b\":3}}";
	struct codec_lazy *lazy;
	json_t *doc = codec_load_lazy(text, strlen(text), lazy_names, &lazy);
	struct codec_map *m = codec_lazy_map(lazy, json_object_get(doc, "m"));
	json_t *v;
	char *out;
	size_t n;

	/* Read lazily, keys decoded, written back as they were. */
	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(codec_map_get(m, "kA", &v), 0);
	ck_assert_int_eq(json_integer_value(v), 1);
	ck_assert_int_eq(codec_map_peek(m, "\"q", "x", &v), 0);
	ck_assert_int_eq(json_integer_value(v), 2);
	json_decref(v);
	ck_assert_uint_eq(codec_map_size(m), 3);
	out = codec_dump_lazy(doc, lazy, &n);
	ck_assert_str_eq(out, "{\"m\":{\"kA\":1,\"\\\"q\":{\"x\":2},\"b\":3}}");
	free(out);
	codec_lazy_free(lazy);
	json_decref(doc);
}
END_TEST

Suite *codec_suite(void)
{
	Suite *s = suite_create("codec");
	TCase *load = tcase_create("codec_load");
	TCase *dump = tcase_create("codec_dump");
	TCase *lazy = tcase_create("codec_load_lazy");
	TCase *map = tcase_create("codec_map");

	tcase_add_test(load, test_codec_load_jansson);
	tcase_add_test(load, test_codec_load_deep);
	suite_add_tcase(s, load);
	tcase_add_test(lazy, test_codec_load_lazy);
	tcase_add_test(lazy, test_codec_load_lazy_verbatim);
	suite_add_tcase(s, lazy);
	tcase_add_test(map, test_codec_map);
	tcase_add_test(map, test_codec_map_peek);
	tcase_add_test(map, test_codec_map_escaped_key);
	suite_add_tcase(s, map);
	tcase_add_test(dump, test_codec_real);
	tcase_add_test(dump, test_codec_dump);
	tcase_add_test(dump, test_codec_dump_invalid_utf8);
	suite_add_tcase(s, dump);
	return s;
}
