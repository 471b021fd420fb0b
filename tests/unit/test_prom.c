#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "prom.h"
#include "suite.h"

START_TEST(test_prom_sample)
{
	char *buf = NULL;
	size_t len;
	FILE *out = open_memstream(&buf, &len);

	ck_assert_int_eq(prom_family(out, "x_total", "counter", "Things."), 0);
	ck_assert_int_eq(prom_sample(out, "x_total", NULL, NULL, 45), 0);
	ck_assert_int_eq(prom_sample(out, "x_total", "cmd", "a\"b\\c\nd", 1.5),
	                 0);
	ck_assert_int_eq(prom_sample(out, "x_total", "cmd", "\xff\xc3\xa9", 0),
	                 0);
	ck_assert_int_eq(prom_sample(out, "x_ratio", NULL, NULL, 0.023), 0);
	ck_assert_int_eq(prom_sample(out, "x_bytes", NULL, NULL, 1e18), 0);
	fclose(out);
	ck_assert_str_eq(buf, "# HELP x_total Things.\n"
	                      "# TYPE x_total counter\n"
	                      "x_total 45\n"
	                      "x_total{cmd=\"a\\\"b\\\\c\\nd\"} 1.5\n"
	                      "x_total{cmd=\"?é\"} 0\n"
	                      "x_ratio 0.023\n"
	                      "x_bytes 1e+18\n");
	free(buf);
}
END_TEST

START_TEST(test_output_file)
{
	char dir[] = "/tmp/test_output.XXXXXX";
	char path[256], text[64] = {0};
	struct output o;
	struct error err = {0};
	struct stat sb;
	FILE *in;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/r.prom", dir);
	umask(022);
	ck_assert_int_eq(output_open(&o, path, &err), 0);
	fputs("new\n", o.fp);
	/* Nothing at path until the commit. */
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(output_commit(&o, &err), 0);
	in = fopen(path, "r");
	ck_assert_ptr_nonnull(fgets(text, sizeof(text), in));
	fclose(in);
	ck_assert_str_eq(text, "new\n");
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0644);
	/* An aborted report leaves the file as it was, and no temp file. */
	ck_assert_int_eq(output_open(&o, path, &err), 0);
	fputs("half", o.fp);
	output_abort(&o);
	in = fopen(path, "r");
	ck_assert_ptr_nonnull(fgets(text, sizeof(text), in));
	fclose(in);
	ck_assert_str_eq(text, "new\n");
	snprintf(path, sizeof(path), "ls -A %s | wc -l | grep -qx 1", dir);
	ck_assert_int_eq(system(path), 0);
	/* A directory that does not exist. */
	snprintf(path, sizeof(path), "%s/no/r.prom", dir);
	ck_assert_int_eq(output_open(&o, path, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.what, "no/r.prom"));
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	ck_assert_int_eq(system(path), 0);
}
END_TEST

Suite *prom_suite(void)
{
	Suite *s = suite_create("prom");

	UNIT_CASE(s, "prom", NULL, NULL, test_prom_sample, test_output_file);
	return s;
}
