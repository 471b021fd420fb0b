/*
 * bench-gen: write a history of hook events in the documented log formats
 * (docs/data-format.md), for the bench to rebuild and measure against.
 *
 *	bench-gen usage|metrics DIR [EVENTS [DAYS]]
 *
 * writes DAYS daily logs (default 365) ending today, "usage-DATE.jsonl" or
 * "metrics-DATE.jsonl", EVENTS lines in all (default 1,000,000), then the
 * tool's --rebuild makes the documents.  The content is deterministic (a
 * fixed seed) and shaped like an agent's working day, from 07:00 to 23:00
 * local time: for track-usage about 25 sessions a day, each a run of tasks
 * made of model calls, shell commands (about 200 names, a few common, most
 * rare), tool uses, the odd error and a "tokens" record per task (about 5%
 * of the lines); for perf-metrics about 75 sessions a day of samples, each
 * with its raw CPU counters (cpu_ticks) as the tool logs them.
 * Today's events lie between midnight and a minute ago (between 16 hours
 * and a minute ago in the first minutes of a day), so that no timestamp
 * lies in the future and today's day file holds a whole day's sessions
 * whatever the hour the bench runs at.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const char *prog = "bench-gen";

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)((rng >> 11) % n);
}

static double rnd_unit(void)
{
	return (double)rnd(1000000) / 1e6;
}

static const char *const commands[] = {
	"git",    "ls",     "cat",   "rg",      "sed",   "make",   "npm",
	"cargo",  "python", "pytest", "grep",   "find",  "go",     "node",
	"cmake",  "ctest",  "jq",    "head",    "tail",  "wc",     "diff",
	"docker", "kubectl", "curl", "gcc",     "clang", "yarn",   "pnpm",
	"bun",    "deno",   "tsc",   "eslint",  "black", "ruff",   "mypy",
	"mvn",    "gradle", "java",  "rustc",   "nix",   "bazel",  "terraform",
	"awk",    "sort",   "uniq",  "xargs",   "chmod", "mkdir",  "rm",
	"cp",     "mv",     "touch", "echo",    "printf", "env",   "which",
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))
#define RARE_COMMANDS 150 /* "tool-0".."tool-149": the long tail */

static const char *const tools[] = {"Edit", "Write", "Read", "apply_patch",
				    "Glob", "Grep", "WebFetch",
				    "mcp__github__create_pr", "TodoWrite"};
static const char *const models[] = {"gpt-5-codex", "gpt-5", "o3",
				     "claude-sonnet-4-5", "claude-opus-4-1"};
static const char *const providers[] = {"openai", "openai", "openai",
					"anthropic", "anthropic"};
static const char *const projects[] = {"api", "web", "infra", "docs",
				       "analytics", "mobile"};
static const char *const contexts[] = {"Bash", "Edit", "model", "network",
				       "apply_patch"};

/* A command name: the first names often, the long tail rarely. */
static void command_name(char *buf, size_t len)
{
	uint32_t r = rnd(100);

	if (r < 60)
		snprintf(buf, len, "%s", commands[rnd(8)]);
	else if (r < 95)
		snprintf(buf, len, "%s", commands[rnd(NCOMMANDS)]);
	else
		snprintf(buf, len, "tool-%u", rnd(RARE_COMMANDS));
}

struct gen {
	FILE *out;
	int metrics;
	long long left;   /* lines left for this day */
	long long t_ms;   /* time of the next line */
	long long step_ms; /* mean gap between lines */
	char session[48];
	const char *model, *provider, *project;
	long long session_start_ms;
	unsigned task;
};

/* perf-metrics' raw CPU counters (cpu_ticks), 8 CPUs at 100 ticks a
 * second, and the time of the last sample, over the whole history. */
static unsigned long long ticks_total = 1000000, ticks_busy = 100000;
static long long ticks_ms;

static void timestamp(long long ms, char *buf, size_t len)
{
	time_t s = (time_t)(ms / 1000);
	struct tm tm;

	gmtime_r(&s, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, (int)(ms % 1000));
}

/* Start a line: advance the clock, write the fields every line has. */
static void line_start(struct gen *g, const char *type)
{
	char ts[64];

	g->t_ms += 1 + (long long)rnd((uint32_t)(2 * g->step_ms));
	timestamp(g->t_ms, ts, sizeof(ts));
	if (g->metrics)
		fprintf(g->out,
			"{\"event\":\"%s\",\"session_id\":\"%s\","
			"\"timestamp\":\"%s\",\"model\":\"%s\"",
			type, g->session, ts, g->model);
	else
		fprintf(g->out,
			"{\"type\":\"%s\",\"session_id\":\"%s\","
			"\"timestamp\":\"%s\",\"source\":\"%s\","
			"\"project\":\"%s\",\"data\":{",
			type, g->session, ts,
			strcmp(type, "tokens") == 0 ? "transcript" : "stdin",
			g->project);
	g->left--;
}

/*
 * The figures of a perf-metrics sample and the end of its line: head holds
 * the fields that come before the figures (command), tail those after
 * (duration_ms), each "" or starting with a comma.
 */
static void sample_end(struct gen *g, const char *head, const char *tail)
{
	double cpu = 5 + 90 * rnd_unit() * rnd_unit();
	double mem = 35 + 40 * rnd_unit();
	unsigned long long dt;

	if (ticks_ms == 0 || ticks_ms > g->t_ms)
		ticks_ms = g->t_ms;
	dt = 1 + (unsigned long long)(g->t_ms - ticks_ms) * 8 / 10;
	ticks_ms = g->t_ms;
	ticks_total += dt;
	ticks_busy += (unsigned long long)((double)dt * cpu / 100);
	fprintf(g->out,
		"%s,\"cpu_percent\":%.1f,"
		"\"cpu_ticks\":{\"total\":%llu,\"busy\":%llu},"
		"\"memory_percent\":%.1f,"
		"\"memory_available_gb\":%.2f,\"disk_percent\":%.1f,"
		"\"disk_free_gb\":%.2f,\"disk_path\":\"/\",\"swap_percent\":0.0,"
		"\"load_avg\":[%.2f,%.2f,%.2f],\"cpu_count\":8,"
		"\"agent\":{\"pid\":%u,\"name\":\"codex\",\"rss_mb\":%.1f,"
		"\"cpu_seconds\":%.2f}%s%s}\n",
		head, cpu, ticks_total, ticks_busy, mem,
		32 * (100 - mem) / 100, 48.9 + rnd_unit(),
		231.07 - rnd_unit(), 4 * rnd_unit(), 3 * rnd_unit(),
		2 * rnd_unit(), 40000 + rnd(9000), 150 + 100 * rnd_unit(),
		60 * rnd_unit(), cpu >= 90 ? ",\"alerts\":[\"cpu\"]" : "", tail);
}

static void session_start(struct gen *g, long long day_no, unsigned n)
{
	unsigned m = rnd(5);

	snprintf(g->session, sizeof(g->session),
		 "0199%04llx-%04x-7000-8000-%012llx", day_no & 0xffff, n,
		 (unsigned long long)(rng & 0xffffffffffffull));
	g->model = models[m];
	g->provider = providers[m];
	g->project = projects[rnd(6)];
	g->task = 0;
	line_start(g, "session_start");
	g->session_start_ms = g->t_ms;
	if (g->metrics)
		sample_end(g, "", "");
	else
		fprintf(g->out, "\"model\":\"%s\",\"provider\":\"%s\"}}\n",
			g->model, g->provider);
}

static void session_end(struct gen *g)
{
	long long d;

	line_start(g, "session_end");
	d = g->t_ms - g->session_start_ms;
	if (g->metrics) {
		char tail[48];

		snprintf(tail, sizeof(tail), ",\"duration_ms\":%lld", d);
		sample_end(g, "", tail);
	} else {
		fprintf(g->out, "\"duration\":%lld}}\n", d);
	}
}

static void usage_task(struct gen *g, const char *day_id)
{
	char name[32];
	long long t0;
	unsigned ops = 3 + rnd(14);

	g->task++;
	line_start(g, "task_start");
	t0 = g->t_ms;
	fprintf(g->out, "\"task_id\":\"%s-%u\",\"prompt_chars\":%u}}\n", day_id,
		g->task, 20 + rnd(2000));
	while (ops-- > 0 && g->left > 4) {
		uint32_t r = rnd(100);

		if (r < 30) {
			line_start(g, "model_request");
			fprintf(g->out, "}}\n");
			line_start(g, "model_response");
			fprintf(g->out, "\"status\":200}}\n");
		} else if (r < 75) {
			command_name(name, sizeof(name));
			line_start(g, "command_start");
			fprintf(g->out, "\"command\":\"%s\"}}\n", name);
			line_start(g, "command_end");
			fprintf(g->out,
				"\"command\":\"%s\",\"exit_code\":%d,"
				"\"duration\":%u}}\n",
				name, rnd(10) == 0 ? 1 : 0, 10 + rnd(30000));
		} else if (r < 97) {
			const char *tool = tools[rnd(9)];

			line_start(g, "tool_use");
			fprintf(g->out, "\"tool\":\"%s\"}}\n", tool);
			line_start(g, "tool_end");
			fprintf(g->out, "\"tool\":\"%s\"}}\n", tool);
		} else {
			line_start(g, "error");
			fprintf(g->out,
				"\"error\":\"Exit code 1: command failed\","
				"\"context\":\"%s\"}}\n",
				contexts[rnd(5)]);
		}
	}
	if (g->left > 3) {
		unsigned in = 2000 + rnd(60000), cached = in / 2, out = 100 + rnd(4000);

		line_start(g, "tokens");
		fprintf(g->out,
			"\"model\":\"%s\",\"input\":%u,\"cached_input\":%u,"
			"\"cache_write_input\":0,\"output\":%u,"
			"\"reasoning_output\":%u,\"total\":%u}}\n",
			g->model, in, cached, out, out / 3, in + out);
	}
	line_start(g, "task_complete");
	fprintf(g->out,
		"\"task_id\":\"%s-%u\",\"success\":%s,\"duration\":%lld}}\n",
		day_id, g->task, rnd(20) == 0 ? "false" : "true",
		g->t_ms - t0);
}

static void metrics_task(struct gen *g)
{
	char name[32], extra[64];
	unsigned cmds = 1 + rnd(12);

	line_start(g, "task_start");
	sample_end(g, "", "");
	while (cmds-- > 0 && g->left > 1) {
		command_name(name, sizeof(name));
		line_start(g, "command_start");
		snprintf(extra, sizeof(extra), ",\"command\":\"%s\"", name);
		sample_end(g, extra, "");
	}
}

/* One day's log: sessions until the day's lines are written. */
static int write_day(const char *dir, int metrics, long long day_no,
		     const struct tm *day, long long start_ms, long long end_ms,
		     long long lines)
{
	char path[4096], day_id[48], name[32], extra[64];
	struct gen g = {0};
	unsigned n = 0;

	snprintf(day_id, sizeof(day_id), "%04d%02d%02d", day->tm_year + 1900,
		 day->tm_mon + 1, day->tm_mday);
	snprintf(path, sizeof(path), "%s/%s-%04d-%02d-%02d.jsonl", dir,
		 metrics ? "metrics" : "usage", day->tm_year + 1900,
		 day->tm_mon + 1, day->tm_mday);
	g.out = fopen(path, "w");
	if (g.out == NULL) {
		fprintf(stderr, "%s: cannot create '%s': %s\n", prog, path,
			strerror(errno));
		return -1;
	}
	setvbuf(g.out, NULL, _IOFBF, 1 << 20);
	g.metrics = metrics;
	g.left = lines;
	g.t_ms = start_ms;
	/* 90%: the random gaps never carry a day past its window. */
	g.step_ms = lines > 0 ? (end_ms - start_ms) * 9 / 10 / lines : 1;
	if (g.step_ms < 1)
		g.step_ms = 1;
	while (g.left > 0) {
		if (g.left == 1) {
			/* No room for a session: one stray event, as real logs
			 * have (an event of a session started elsewhere). */
			command_name(name, sizeof(name));
			line_start(&g, "command_start");
			snprintf(extra, sizeof(extra), ",\"command\":\"%s\"",
				 name);
			if (metrics)
				sample_end(&g, extra, "");
			else
				fprintf(g.out, "%s}}\n", extra + 1);
			break;
		}
		session_start(&g, day_no, n++);
		unsigned tasks = 1 + rnd(8);

		while (tasks-- > 0 && g.left > 4) {
			if (metrics)
				metrics_task(&g);
			else
				usage_task(&g, day_id);
		}
		if (g.left > 0)
			session_end(&g);
	}
	if (fclose(g.out) != 0) {
		fprintf(stderr, "%s: cannot write '%s': %s\n", prog, path,
			strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	long long events = 1000000, days = 365, done = 0;
	time_t now = time(NULL);
	struct tm today;
	int metrics;

	if (argc < 3 || argc > 5 ||
	    (strcmp(argv[1], "usage") != 0 && strcmp(argv[1], "metrics") != 0)) {
		fprintf(stderr, "usage: %s usage|metrics DIR [EVENTS [DAYS]]\n",
			prog);
		return 64;
	}
	metrics = strcmp(argv[1], "metrics") == 0;
	if (argc > 3)
		events = strtoll(argv[3], NULL, 10);
	if (argc > 4)
		days = strtoll(argv[4], NULL, 10);
	if (events < 0 || days < 1 || days > 100000) {
		fprintf(stderr, "%s: invalid EVENTS or DAYS\n", prog);
		return 64;
	}
	if (mkdir(argv[2], 0700) == -1 && errno != EEXIST) {
		fprintf(stderr, "%s: cannot create '%s': %s\n", prog, argv[2],
			strerror(errno));
		return 1;
	}
	localtime_r(&now, &today);
	for (long long i = 0; i < days; i++) {
		struct tm day = today;
		long long lines = events * (i + 1) / days - done;
		long long start_ms, end_ms;

		/* Day i of days, the last one today; mktime normalises. */
		day.tm_mday -= (int)(days - 1 - i);
		day.tm_hour = 7;
		day.tm_min = day.tm_sec = 0;
		day.tm_isdst = -1;
		start_ms = (long long)mktime(&day) * 1000;
		end_ms = start_ms + 16LL * 3600 * 1000;
		if (i == days - 1) {
			struct tm midnight = day;

			midnight.tm_hour = 0;
			midnight.tm_isdst = -1;
			start_ms = (long long)mktime(&midnight) * 1000;
			end_ms = ((long long)now - 60) * 1000;
			if (end_ms - start_ms < 10LL * 60 * 1000)
				start_ms = end_ms - 16LL * 3600 * 1000;
		}
		if (write_day(argv[2], metrics, i, &day, start_ms, end_ms,
			      lines) == -1)
			return 1;
		done += lines;
	}
	return 0;
}
