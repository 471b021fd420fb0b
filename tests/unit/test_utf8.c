/*
 * utf8: the decoder on well-formed and bad bytes, the cuts (the privacy
 * cuts of docs/design.md §2 depend on them) and the counts.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "suite.h"
#include "utf8.h"

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct {
	const char *s;
	size_t len;
	unsigned long cp;
} chars[] = {
    {"a", 1, 'a'},
    {"\xc3\xa9", 2, 0xe9},
    {"\xe6\x97\xa5", 3, 0x65e5},
    {"\xf0\x9f\x98\x80", 4, 0x1f600},
    {"\xef\xbf\xbd", 3, 0xfffd}, /* a real U+FFFD is no bad byte */
    {"\x80", 1, UTF8_BAD},       /* stray continuation byte */
    {"\xff", 1, UTF8_BAD},
    {"\xe6\x97"
     "b",
     2, UTF8_BAD},                     /* cut sequence: one character */
    {"\xc0\xaf", 2, UTF8_BAD},         /* overlong '/' */
    {"\xe0\x80\x80", 3, UTF8_BAD},     /* overlong NUL */
    {"\xed\xa0\x80", 3, UTF8_BAD},     /* surrogate */
    {"\xf4\x90\x80\x80", 4, UTF8_BAD}, /* past U+10FFFF */
};

START_TEST(test_utf8_next)
{
	unsigned long cp;

	ck_assert_uint_eq(utf8_next(chars[_i].s, &cp), chars[_i].len);
	ck_assert_uint_eq(cp, chars[_i].cp);
}
END_TEST

static const struct {
	const char *in;
	size_t max;
	const char *out;
} cuts[] = {
    {"hello", 256, "hello"},
    {"hello", 3, "hel"},
    {"h\xc3\xa9llo", 2, "h"},
    {"h\xc3\xa9llo", 3, "h\xc3\xa9"},
    {"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 4, "\xe6\x97\xa5"},
    {"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 6, "\xe6\x97\xa5\xe6\x9c\xac"},
    {"\xf0\x9f\x98\x80", 3, ""},
    {"\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80"},
    {"a\nb\tc\x7f", 10, "a?b?c?"},
    {"Exit code 2\nmake: error", 256, "Exit code 2?make: error"},
    {"\xff\xfeok", 10, "??ok"},
    {"\xc0\xaf", 10, "??"},           /* overlong '/' */
    {"\xed\xa0\x80", 10, "???"},      /* surrogate */
    {"\xf4\x90\x80\x80", 10, "????"}, /* past U+10FFFF */
    {"a\xe6\x97", 10, "a??"},         /* cut sequence */
    {"\xc2\x85x", 10, "?x"},          /* C1 control */
    {"", 5, ""},
    {"abc", 0, ""},
};

START_TEST(test_utf8_cut)
{
	char *s = utf8_cut(cuts[_i].in, cuts[_i].max);
	char buf[300];

	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, cuts[_i].out);
	ck_assert_uint_le(strlen(s), cuts[_i].max);
	free(s);
	ck_assert_uint_eq(utf8_cut_into(buf, cuts[_i].in, cuts[_i].max),
	                  strlen(cuts[_i].out));
	ck_assert_str_eq(buf, cuts[_i].out);
}
END_TEST

/* 300 two-byte characters: 128 of them, 256 bytes, never half of one. */
START_TEST(test_utf8_cut_long)
{
	char in[601], *s;
	int i;

	for (i = 0; i < 300; i++)
		memcpy(in + 2 * i, "\xc3\xa9", 2);
	in[600] = '\0';
	s = utf8_cut(in, 256);
	ck_assert_uint_eq(strlen(s), 256);
	ck_assert_uint_eq(utf8_chars(s), 128);
	free(s);
	s = utf8_cut(in + 1, 256); /* starts mid-character */
	ck_assert_uint_eq(strlen(s), 255);
	ck_assert_int_eq(s[0], '?');
	ck_assert_uint_eq(utf8_chars(s), 128);
	free(s);
	ck_assert_ptr_null(utf8_cut(NULL, 5));
}
END_TEST

static const struct {
	const char *s;
	size_t chars;
} counts[] = {
    {"", 0},
    {"hello", 5},
    {"h\xc3\xa9llo", 5},
    {"na\xc3\xafve caf\xc3\xa9", 10},
    {"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 3},
    {"\xf0\x9f\x98\x80!", 2},
    {"\xff", 1},
    {"a\xe6\x97", 3},
};

START_TEST(test_utf8_chars)
{
	ck_assert_uint_eq(utf8_chars(counts[_i].s), counts[_i].chars);
}
END_TEST

Suite *utf8_suite(void)
{
	Suite *s = suite_create("utf8");

	UNIT_LOOP_CASE(s, "utf8_next", NULL, NULL, {test_utf8_next, N(chars)});
	UNIT_LOOP_CASE(s, "utf8_cut", NULL, NULL, {test_utf8_cut, N(cuts)},
	               {test_utf8_cut_long, 1});
	UNIT_LOOP_CASE(s, "utf8_chars", NULL, NULL,
	               {test_utf8_chars, N(counts)});
	return s;
}
