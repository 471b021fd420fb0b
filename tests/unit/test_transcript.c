#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "prices.h"
#include "suite.h"
#include "tokens.h"
#include "transcript.h"

/* ---- fixtures, written by hand from docs/design.md §5a ---- */

#define CODEX_CONTEXT(model)                                                   \
	"{\"timestamp\":\"2026-11-25T10:00:00Z\",\"type\":\"turn_context\","   \
	"\"payload\":{\"cwd\":\"/p\",\"model\":\"" model "\"}}\n"

/* A token_count line: last (or "") and total (or "") usage objects. */
#define CODEX_COUNT(last, total)                                               \
	"{\"timestamp\":\"2026-11-25T10:00:01Z\",\"type\":\"event_msg\","      \
	"\"payload\":{\"type\":\"token_count\",\"info\":{" last total          \
	"\"model_context_window\":258400}}}\n"
#define LAST(i, c, o, r)                                                       \
	"\"last_token_usage\":{\"input_tokens\":" #i                           \
	",\"cached_input_tokens\":" #c ",\"output_tokens\":" #o                \
	",\"reasoning_output_tokens\":" #r ",\"total_tokens\":1},"
#define TOTAL(i, c, o, r)                                                      \
	"\"total_token_usage\":{\"input_tokens\":" #i                          \
	",\"cached_input_tokens\":" #c ",\"output_tokens\":" #o                \
	",\"reasoning_output_tokens\":" #r ",\"total_tokens\":1},"

#define CLAUDE(id, req, model, in, write, read, out)                           \
	"{\"type\":\"assistant\",\"requestId\":\"" req "\",\"message\":{"      \
	"\"id\":\"" id "\",\"model\":\"" model "\",\"content\":[{\"type\":"    \
	"\"text\",\"text\":\"SECRET\"}],\"usage\":{\"input_tokens\":" #in      \
	",\"cache_creation_input_tokens\":" #write                             \
	",\"cache_read_input_tokens\":" #read ",\"output_tokens\":" #out       \
	"}}}\n"

static json_t *cursor;
static struct transcript_usage u;
static char path[64];

static void setup(void)
{
	int fd;

	cursor = json_object();
	transcript_usage_init(&u);
	strcpy(path, "/tmp/test_transcript.XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
}

static void teardown(void)
{
	json_decref(cursor);
	unlink(path);
}

static void scan(const char *text)
{
	ck_assert_int_eq(transcript_scan(cursor, text, strlen(text), &u), 0);
}

static void append(const char *text)
{
	int fd = open(path, O_WRONLY | O_APPEND);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* A read with no time limit worth the name: the tests are about bytes. */
static void read_path(void)
{
	struct error err = {{0}, 0};

	ck_assert_int_eq(
	    transcript_read_budget(path, cursor, &u, 3600 * 1000L, &err), 0);
}

/* Model i of the read is name with these counts. */
static void expect_model(size_t i, const char *name, json_int_t input,
                         json_int_t cached, json_int_t write, json_int_t output,
                         json_int_t reasoning)
{
	ck_assert_uint_gt(u.n, i);
	ck_assert_str_eq(u.model[i].name, name);
	ck_assert_int_eq(u.model[i].tokens.input, input);
	ck_assert_int_eq(u.model[i].tokens.cached_input, cached);
	ck_assert_int_eq(u.model[i].tokens.cache_write_input, write);
	ck_assert_int_eq(u.model[i].tokens.output, output);
	ck_assert_int_eq(u.model[i].tokens.reasoning_output, reasoning);
	ck_assert_int_eq(u.model[i].tokens.total, input + output);
}

static json_int_t offset(void)
{
	return json_integer_value(json_object_get(cursor, "offset"));
}

/* The transcript's size. */
static json_int_t offset_end(void)
{
	struct stat sb;

	ck_assert_int_eq(stat(path, &sb), 0);
	return (json_int_t)sb.st_size;
}

/* ---- transcript_scan: Codex ---- */

START_TEST(test_transcript_scan_codex_last)
{
	scan(CODEX_CONTEXT("gpt-5.1-codex") CODEX_COUNT(LAST(1200, 200, 30, 5),
	                                                TOTAL(1200, 200, 30, 5))
	         CODEX_COUNT(LAST(300, 100, 10, 0), TOTAL(1500, 300, 40, 5)));
	ck_assert_uint_eq(u.n, 1);
	expect_model(0, "gpt-5.1-codex", 1500, 300, 0, 40, 5);
}
END_TEST

/* Without last_token_usage: the difference of the totals. */
START_TEST(test_transcript_scan_codex_total_only)
{
	scan(CODEX_CONTEXT("gpt-5") CODEX_COUNT("", TOTAL(1000, 0, 10, 0)));
	scan(CODEX_COUNT("", TOTAL(1600, 500, 30, 2)));
	expect_model(0, "gpt-5", 1600, 500, 0, 30, 2);
}
END_TEST

/* A token_count repeated around a compaction counts once; info null counts
 * nothing. */
START_TEST(test_transcript_scan_codex_repeat)
{
	scan(CODEX_CONTEXT("gpt-5") CODEX_COUNT(LAST(100, 0, 10, 0),
	                                        TOTAL(100, 0, 10, 0))
	         CODEX_COUNT(
	             LAST(100, 0, 10, 0),
	             TOTAL(100, 0, 10,
	                   0)) "{\"type\":\"event_msg\",\"payload\":{\"type\":"
	                       "\"token_count\",\"info\":null}}\n");
	expect_model(0, "gpt-5", 100, 0, 0, 10, 0);
}
END_TEST

/* The model switches mid-session: each turn counts on its own model. */
START_TEST(test_transcript_scan_codex_model_switch)
{
	scan(CODEX_CONTEXT("gpt-5") CODEX_COUNT(LAST(100, 0, 10, 0), "")
	         CODEX_CONTEXT("gpt-5.1-codex-max[1m]")
	             CODEX_COUNT(LAST(7, 0, 3, 0), ""));
	ck_assert_uint_eq(u.n, 2);
	expect_model(0, "gpt-5", 100, 0, 0, 10, 0);
	expect_model(1, "gpt-5.1-codex-max", 7, 0, 0, 3, 0);
	/* The model is remembered for the next read. */
	transcript_usage_init(&u);
	scan(CODEX_COUNT(LAST(1, 0, 1, 0), ""));
	expect_model(0, "gpt-5.1-codex-max", 1, 0, 0, 1, 0);
}
END_TEST

START_TEST(test_transcript_scan_codex_no_model)
{
	scan(CODEX_COUNT(LAST(5, 0, 5, 0), ""));
	expect_model(0, "unknown", 5, 0, 0, 5, 0);
}
END_TEST

/* ---- transcript_scan: Claude Code ---- */

/* One message on three lines counts once; input includes both caches. */
START_TEST(test_transcript_scan_claude)
{
	scan(
	    "{\"type\":\"user\",\"message\":{\"content\":\"SECRET\"}}\n" CLAUDE(
	        "msg_1", "req_1", "claude-opus-4-8", 120, 900, 0, 30)
	        CLAUDE("msg_1", "req_1", "claude-opus-4-8", 120, 900, 0, 30)
	            CLAUDE("msg_1", "req_1", "claude-opus-4-8", 120, 900, 0, 30)
	                CLAUDE("msg_2", "req_2", "claude-opus-4-8", 15, 60, 900,
	                       40));
	ck_assert_uint_eq(u.n, 1);
	expect_model(0, "claude-opus-4-8", 120 + 900 + 15 + 60 + 900, 900, 960,
	             70, 0);
}
END_TEST

/* A later line of the same message adds only what it reports beyond. */
START_TEST(test_transcript_scan_claude_growing)
{
	scan(CLAUDE("msg_1", "req_1", "claude-sonnet-4-5", 10, 0, 0, 1));
	transcript_usage_init(&u);
	/* The next read starts with the rest of the same message. */
	scan(CLAUDE("msg_1", "req_1", "claude-sonnet-4-5", 10, 0, 0, 25));
	expect_model(0, "claude-sonnet-4-5", 0, 0, 0, 24, 0);
}
END_TEST

/*
 * A model name or message id long enough to be cut, in multi-byte
 * characters: cut to whole characters, so that the name goes into a JSON
 * record and the key into the cursor (a cut through a character would be
 * refused there, and the read would fail for good).
 */
START_TEST(test_transcript_scan_claude_cut_utf8)
{
	char line[2048], model[300], id[600];
	json_t *copy;

	memset(model, 'a', 126);
	strcpy(model + 126, "\xc3\xa9"); /* the cut falls inside é */
	memset(id, 'b', 249);
	strcpy(id + 249, "\xc3\xa9\xc3\xa9");
	snprintf(line, sizeof(line),
	         "{\"type\":\"assistant\",\"requestId\":\"r\",\"message\":{"
	         "\"id\":\"%s\",\"model\":\"%s\",\"usage\":{"
	         "\"input_tokens\":5,\"output_tokens\":2}}}\n",
	         id, model);
	scan(line);
	ck_assert_uint_eq(u.n, 1);
	ck_assert_uint_eq(strlen(u.model[0].name), 126);
	copy = json_string(u.model[0].name);
	ck_assert_ptr_nonnull(copy); /* whole characters: valid UTF-8 */
	json_decref(copy);
	ck_assert_ptr_nonnull(json_object_get(cursor, "message"));
	/* The same message again counts nothing more. */
	transcript_usage_init(&u);
	scan(line);
	ck_assert_int_eq(u.n == 0 ? 0 : u.model[0].tokens.total, 0);
}
END_TEST

/* Invalid JSON, wrong types and lines without usage are skipped. */
START_TEST(test_transcript_scan_invalid)
{
	scan("{\"type\":\"assistant\",\"message\":{\"usage\":\n"
	     "not json \"token_count\"\n"
	     "{\"type\":\"assistant\",\"message\":{\"usage\":[1,2]}}\n"
	     "{\"type\":\"assistant\",\"message\":\"usage\"}\n"
	     "{\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\","
	     "\"info\":{\"last_token_usage\":{\"input_tokens\":\"9\","
	     "\"output_tokens\":-4}}}}\n"
	     "[\"assistant\"]\n\n");
	ck_assert_uint_eq(u.n, 0);
}
END_TEST

/* ---- transcript_read ---- */

/* Complete lines only; a repeated read adds nothing; the rest comes later. */
START_TEST(test_transcript_read_incremental)
{
	append(CLAUDE("msg_1", "req_1", "claude-opus-4-8", 1, 0, 0, 1));
	append("{\"type\":\"assistant\",\"requestId\":\"req_2\",\"mess");
	read_path();
	expect_model(0, "claude-opus-4-8", 1, 0, 0, 1, 0);
	ck_assert_int_eq(offset(),
	                 (json_int_t)strlen(CLAUDE(
	                     "msg_1", "req_1", "claude-opus-4-8", 1, 0, 0, 1)));
	transcript_usage_init(&u);
	read_path();
	ck_assert_uint_eq(u.n, 0);
	append(
	    "age\":{\"id\":\"msg_2\",\"model\":\"claude-opus-4-8\",\"usage\":{"
	    "\"input_tokens\":2,\"output_tokens\":3}}}\n");
	read_path();
	expect_model(0, "claude-opus-4-8", 2, 0, 0, 3, 0);
}
END_TEST

/* A line over TRANSCRIPT_LINE_MAX is skipped whole, unparsed. */
START_TEST(test_transcript_read_huge_line)
{
	size_t n = TRANSCRIPT_LINE_MAX + 100;
	char *big = malloc(n + 1);
	const char *head = "{\"type\":\"turn_context\",\"payload\":{\"model\":"
	                   "\"big\",\"x\":\"";

	ck_assert_ptr_nonnull(big);
	memset(big, 'a', n);
	memcpy(big, head, strlen(head));
	big[n] = '\0';
	append(CODEX_CONTEXT("gpt-5"));
	append(big);
	append("\"}}\n");
	append(CODEX_COUNT(LAST(4, 0, 4, 0), ""));
	free(big);
	read_path();
	expect_model(0, "gpt-5", 4, 0, 0, 4, 0);
	ck_assert_uint_eq(u.n, 1);
	ck_assert(!json_is_true(json_object_get(cursor, "skip")));
}
END_TEST

/* A missing transcript reads as empty; one that shrank starts at its end. */
START_TEST(test_transcript_read_missing_truncated)
{
	struct error err = {{0}, 0};

	ck_assert_int_eq(
	    transcript_read("/nonexistent/t.jsonl", cursor, &u, &err), 0);
	ck_assert_uint_eq(u.n, 0);
	append(CODEX_CONTEXT("gpt-5") CODEX_COUNT(LAST(4, 0, 4, 0), ""));
	read_path();
	ck_assert_int_eq(truncate(path, 10), 0);
	transcript_usage_init(&u);
	read_path();
	ck_assert_uint_eq(u.n, 0);
	ck_assert_int_eq(offset(), 10);
}
END_TEST

/* A new path starts a new cursor; the cursor keeps a hash, not the path. */
START_TEST(test_transcript_read_new_path)
{
	char key[TRANSCRIPT_KEY_LEN];

	json_object_set_new(cursor, "file", json_string("0123456789abcdef"));
	json_object_set_new(cursor, "offset", json_integer(5));
	append(CODEX_COUNT(LAST(4, 0, 4, 0), ""));
	read_path();
	transcript_file_key(path, key);
	ck_assert_str_eq(json_string_value(json_object_get(cursor, "file")),
	                 key);
	ck_assert_ptr_null(json_object_get(cursor, "path"));
	expect_model(0, "unknown", 4, 0, 0, 4, 0);
}
END_TEST

/* A cursor of an earlier version, naming its transcript by path: taken
 * over where it was, the path dropped. */
START_TEST(test_transcript_read_old_cursor)
{
	append(CODEX_COUNT(LAST(4, 0, 4, 0), ""));
	json_object_set_new(cursor, "path", json_string(path));
	json_object_set_new(cursor, "offset", json_integer(offset_end()));
	append(CODEX_COUNT(LAST(1, 0, 1, 0), ""));
	read_path();
	ck_assert_ptr_null(json_object_get(cursor, "path"));
	ck_assert_ptr_nonnull(json_object_get(cursor, "file"));
	expect_model(0, "unknown", 1, 0, 0, 1, 0);
}
END_TEST

/* A directory is not a transcript: an error, the cursor unchanged. */
START_TEST(test_transcript_read_not_a_file)
{
	struct error err = {{0}, 0};

	json_object_set_new(cursor, "offset", json_integer(7));
	ck_assert_int_eq(transcript_read("/tmp", cursor, &u, &err), -1);
	ck_assert_int_eq(offset(), 7);
}
END_TEST

/* At most TRANSCRIPT_READ_MAX bytes per read: the rest at the next one. */
START_TEST(test_transcript_read_bounded)
{
	const char *line = CODEX_COUNT(LAST(1, 0, 1, 0), "");
	long long size = TRANSCRIPT_READ_MAX + 10;

	/* A hole of zero bytes (one line of NULs, skipped), then a line. */
	ck_assert_int_eq(truncate(path, size), 0);
	append("\n");
	append(line);
	read_path();
	ck_assert_uint_eq(u.n, 0);
	ck_assert_int_eq(offset(), TRANSCRIPT_READ_MAX);
	read_path();
	expect_model(0, "unknown", 1, 0, 0, 1, 0);
	ck_assert_int_eq(offset(), size + 1 + (long long)strlen(line));
}
END_TEST

/*
 * Out of time after the first buffer: the read stops at a whole line, and
 * the next ones go on from there; together they count every line once.
 */
START_TEST(test_transcript_read_out_of_time)
{
	const char *line = CODEX_COUNT(LAST(1, 0, 1, 0), "");
	struct error err = {{0}, 0};
	long long size, total = 0;
	int reads = 0;
	FILE *f = fopen(path, "a");

	ck_assert_ptr_nonnull(f);
	for (int i = 0; i < 15000; i++)
		fputs(line, f);
	fclose(f);
	size = 15000 * (long long)strlen(line);
	ck_assert_int_gt(size, 2 * TRANSCRIPT_LINE_MAX);
	do {
		transcript_usage_init(&u);
		ck_assert_int_eq(
		    transcript_read_budget(path, cursor, &u, 0, &err), 0);
		ck_assert_int_eq(offset() % (long long)strlen(line), 0);
		if (reads == 0)
			ck_assert_int_le(offset(), TRANSCRIPT_LINE_MAX);
		total += u.n > 0 ? u.model[0].tokens.input : 0;
		reads++;
	} while (offset() < size && reads < 10);
	ck_assert_int_ge(reads, 3);
	ck_assert_int_eq(offset(), size);
	ck_assert_int_eq(total, 15000);
}
END_TEST

/* ---- tokens and prices ---- */

START_TEST(test_tokens_from_claude)
{
	json_t *usage =
	    json_pack("{s:i,s:i,s:i,s:i}", "input_tokens", 10,
	              "cache_creation_input_tokens", 20,
	              "cache_read_input_tokens", 30, "output_tokens", 4);
	struct tokens t;

	tokens_from_claude(&t, usage);
	ck_assert_int_eq(t.input, 60);
	ck_assert_int_eq(t.cached_input, 30);
	ck_assert_int_eq(t.cache_write_input, 20);
	ck_assert_int_eq(t.total, 64);
	json_decref(usage);
}
END_TEST

START_TEST(test_tokens_clamped)
{
	json_t *usage = json_pack("{s:I,s:i}", "input_tokens",
	                          (json_int_t)1 << 62, "output_tokens", -5);
	struct tokens t, sum = {0};

	tokens_from_codex(&t, usage);
	ck_assert_int_eq(t.output, 0);
	ck_assert_int_eq(t.input, (json_int_t)1 << 52);
	for (int i = 0; i < 1000; i++)
		tokens_add(&sum, &t);
	ck_assert_int_eq(sum.input, (json_int_t)1 << 60);
	json_decref(usage);
}
END_TEST

START_TEST(test_prices_cost)
{
	json_t *p = json_loads("{\"date\":\"2026-11-25\","
	                       "\"m\":{\"input\":2,\"cached_input\":0.5,"
	                       "\"output\":10},"
	                       "\"w\":{\"input\":3,\"cache_write_input\":3.75,"
	                       "\"output\":15},"
	                       "\"bad\":{\"input\":-1,\"output\":1}}",
	                       0, NULL);
	struct tokens t = {.input = 1000000,
	                   .cached_input = 400000,
	                   .cache_write_input = 100000,
	                   .output = 100000};
	double usd;

	ck_assert_ptr_nonnull(p);
	/* 500k plain at 2 + 400k cached at 0.5 + 100k written at 2 + 100k out
	 * at 10 */
	ck_assert_int_eq(prices_cost(p, "m", &t, &usd), 1);
	ck_assert_double_eq_tol(usd, 1.0 + 0.2 + 0.2 + 1.0, 1e-9);
	ck_assert_int_eq(prices_cost(p, "w", &t, &usd), 1);
	ck_assert_double_eq_tol(usd, 1.5 + 1.2 + 0.375 + 1.5, 1e-9);
	ck_assert_int_eq(prices_cost(p, "bad", &t, &usd), 0);
	ck_assert_int_eq(prices_cost(p, "date", &t, &usd), 0);
	ck_assert_int_eq(prices_cost(p, "none", &t, &usd), 0);
	json_decref(p);
}
END_TEST

Suite *transcript_suite(void)
{
	Suite *s = suite_create("transcript");

	UNIT_CASE(
	    s, "transcript_scan", setup, teardown,
	    test_transcript_scan_codex_last,
	    test_transcript_scan_claude_cut_utf8,
	    test_transcript_scan_codex_total_only,
	    test_transcript_scan_codex_repeat,
	    test_transcript_scan_codex_model_switch,
	    test_transcript_scan_codex_no_model, test_transcript_scan_claude,
	    test_transcript_scan_claude_growing, test_transcript_scan_invalid);
	UNIT_CASE(
	    s, "transcript_read", setup, teardown,
	    test_transcript_read_incremental, test_transcript_read_huge_line,
	    test_transcript_read_missing_truncated,
	    test_transcript_read_new_path, test_transcript_read_old_cursor,
	    test_transcript_read_out_of_time, test_transcript_read_not_a_file,
	    test_transcript_read_bounded);
	UNIT_CASE(s, "tokens", NULL, NULL, test_tokens_from_claude,
	          test_tokens_clamped, test_prices_cost);
	return s;
}
