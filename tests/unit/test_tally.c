#include <check.h>
#include <stdio.h>

#include "suite.h"
#include "tally.h"

START_TEST(test_tally_add)
{
	json_t *map = json_object();

	ck_assert_int_eq(tally_add(map, "git", 1), 0);
	ck_assert_int_eq(tally_add(map, "git", 2), 0);
	ck_assert_int_eq(tally_add(map, "ls", 1), 0);
	ck_assert_int_eq(json_integer_value(json_object_get(map, "git")), 3);
	ck_assert_int_eq(json_integer_value(json_object_get(map, "ls")), 1);
	ck_assert_uint_eq(json_object_size(map), 2);
	json_decref(map);
}
END_TEST

START_TEST(test_tally_add_cap)
{
	json_t *map = json_object();
	char name[16];

	for (int i = 0; i < TALLY_MAX_NAMES; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		ck_assert_int_eq(tally_add(map, name, 1), 0);
	}
	ck_assert_str_eq(tally_key(map, "n0"), "n0");
	ck_assert_str_eq(tally_key(map, "new"), TALLY_OTHER);
	ck_assert_int_eq(tally_add(map, "new", 1), 0);
	ck_assert_int_eq(tally_add(map, "newer", 2), 0);
	ck_assert_int_eq(tally_add(map, "n7", 1), 0);
	/* "(other)" does not take a name's place. */
	ck_assert_uint_eq(json_object_size(map), TALLY_MAX_NAMES + 1);
	ck_assert_int_eq(json_integer_value(json_object_get(map, TALLY_OTHER)),
	                 3);
	ck_assert_int_eq(json_integer_value(json_object_get(map, "n7")), 2);
	ck_assert_ptr_null(json_object_get(map, "new"));
	json_decref(map);
}
END_TEST

START_TEST(test_tally_key_other_first)
{
	/* An "(other)" present before the map is full leaves room for names. */
	json_t *map = json_pack("{s:i}", TALLY_OTHER, 4);

	ck_assert_str_eq(tally_key(map, "x"), "x");
	json_decref(map);
}
END_TEST

START_TEST(test_tally_top)
{
	json_t *map = json_pack("{s:i,s:i,s:i,s:i,s:s,s:i}", "ls", 45, "git",
	                        45, "make", 3, "npm", 50, "bad", "x", "zip", 1);
	struct tally_entry top[3];
	size_t n = tally_top(map, top, 3);

	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(top[0].name, "npm");
	ck_assert_int_eq(top[0].count, 50);
	ck_assert_str_eq(top[1].name, "git"); /* ties by name */
	ck_assert_str_eq(top[2].name, "ls");
	ck_assert_uint_eq(tally_top(map, top, 0), 0);
	ck_assert_uint_eq(tally_top(NULL, top, 3), 0);
	json_decref(map);
}
END_TEST

START_TEST(test_tally_top_all)
{
	json_t *map = json_pack("{s:i,s:i}", "b", 1, "a", 1);
	struct tally_entry top[10];

	ck_assert_uint_eq(tally_top(map, top, 10), 2);
	ck_assert_str_eq(top[0].name, "a");
	ck_assert_str_eq(top[1].name, "b");
	json_decref(map);
}
END_TEST

Suite *tally_suite(void)
{
	Suite *s = suite_create("tally");

	UNIT_CASE(s, "tally_add", NULL, NULL, test_tally_add,
	          test_tally_add_cap, test_tally_key_other_first);
	UNIT_CASE(s, "tally_top", NULL, NULL, test_tally_top,
	          test_tally_top_all);
	return s;
}
