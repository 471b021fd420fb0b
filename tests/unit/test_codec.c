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

Suite *codec_suite(void)
{
	Suite *s = suite_create("codec");
	TCase *load = tcase_create("codec_load");
	TCase *dump = tcase_create("codec_dump");

	tcase_add_test(load, test_codec_load_jansson);
	tcase_add_test(load, test_codec_load_deep);
	suite_add_tcase(s, load);
	tcase_add_test(dump, test_codec_real);
	tcase_add_test(dump, test_codec_dump);
	tcase_add_test(dump, test_codec_dump_invalid_utf8);
	suite_add_tcase(s, dump);
	return s;
}
