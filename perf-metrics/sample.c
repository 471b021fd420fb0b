/*
 * Rules of this file:
 * - The only wait a hook ever does is here: the second CPU reading, and
 *   only when the previous sample's reading cannot serve.
 * - Every figure is rounded once, before it is logged, and alerts compare
 *   the rounded figure: "cpu 90.0% >= 90%" never comes from 89.96.
 */
#include "sample.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json_util.h"
#include "running.h"
#include "timeutil.h"
#include "utf8.h"

#define GIB (1024.0 * 1024.0 * 1024.0)
#define MIB (1024.0 * 1024.0)

static const char *const sampled[] = {"session_start", "command_start",
                                      "command_end", "task_start",
                                      "session_end"};

int sample_wanted(const char *type)
{
	for (size_t i = 0; i < ARRAY_SIZE(sampled); i++)
		if (type != NULL && strcmp(type, sampled[i]) == 0)
			return 1;
	return 0;
}

const char *sample_type(const struct event *ev)
{
	/* Claude Code's PostToolUseFailure of a shell tool: its command_end. */
	if (ev->type != NULL && strcmp(ev->type, "error") == 0 &&
	    json_is_string(json_object_get(ev->data, "command")))
		return "command_end";
	return sample_wanted(ev->type) ? ev->type : NULL;
}

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : NULL;
}

static void threshold_from_env(struct sample_threshold *t, const char *name,
                               const char *what, struct sample_options *opts)
{
	char buf[41];
	const char *v = env(name);
	char *end;
	double x;

	memset(t, 0, sizeof(*t));
	if (v == NULL)
		return;
	errno = 0;
	x = strtod(v, &end);
	/* The text is printed as given: a number only, no blanks before. */
	if (!((v[0] >= '0' && v[0] <= '9') || v[0] == '.') || end == v ||
	    *end != '\0' || errno != 0 || !isfinite(x) || x < 0 ||
	    strlen(v) >= sizeof(t->text)) {
		error_note(opts->warning, sizeof(opts->warning),
		           "ignoring %s='%s': not %s", name,
		           utf8_shown(v, buf, sizeof(buf)), what);
		return;
	}
	t->set = 1;
	t->percent = x;
	strcpy(t->text, v);
}

void sample_options_from_env(struct sample_options *opts)
{
	const char *v = env("CODEX_PERF_SAMPLE_MS");
	char buf[41];
	char *end;
	long ms;

	memset(opts, 0, sizeof(*opts));
	opts->sample_ms = SAMPLE_DEFAULT_MS;
	if (v != NULL) {
		errno = 0;
		ms = strtol(v, &end, 10);
		if (end == v || *end != '\0' || errno != 0 || ms < 0 ||
		    ms > SAMPLE_MAX_MS)
			error_note(opts->warning, sizeof(opts->warning),
			           "ignoring CODEX_PERF_SAMPLE_MS='%s': not a "
			           "number of milliseconds from 0 to %d",
			           utf8_shown(v, buf, sizeof(buf)),
			           SAMPLE_MAX_MS);
		else
			opts->sample_ms = (int)ms;
	}
	opts->disk_path = env("CODEX_PERF_DISK_PATH");
	if (opts->disk_path == NULL)
		opts->disk_path = "/";
	threshold_from_env(&opts->cpu, "CODEX_PERF_ALERT_CPU", "a percentage",
	                   opts);
	threshold_from_env(&opts->memory, "CODEX_PERF_ALERT_MEM",
	                   "a percentage", opts);
	threshold_from_env(&opts->disk, "CODEX_PERF_ALERT_DISK", "a percentage",
	                   opts);
	threshold_from_env(&opts->agent_mb, "CODEX_PERF_ALERT_AGENT_MB",
	                   "a number of MiB", opts);
}

double sample_round(double v, int decimals)
{
	double p = 1;

	while (decimals-- > 0)
		p *= 10;
	return round(v * p) / p;
}

double sample_cpu_percent(const struct platform_cpu *before,
                          const struct platform_cpu *after)
{
	uint64_t dtotal, dbusy;

	if (after->total <= before->total || after->busy < before->busy)
		return -1;
	dtotal = after->total - before->total;
	dbusy = after->busy - before->busy;
	if (dbusy > dtotal)
		return -1;
	return (double)dbusy / (double)dtotal * 100.0;
}

int sample_reading_of(const json_t *sample, int64_t time_ms,
                      struct sample_reading *r)
{
	json_t *ticks = json_object_get(sample, "cpu_ticks");
	json_t *total = json_object_get(ticks, "total");
	json_t *busy = json_object_get(ticks, "busy");

	r->time_ms = time_ms;
	if (!json_is_integer(total) || !json_is_integer(busy) ||
	    json_integer_value(total) < 0 || json_integer_value(busy) < 0 ||
	    json_integer_value(busy) > json_integer_value(total))
		return 0;
	r->cpu.total = (uint64_t)json_integer_value(total);
	r->cpu.busy = (uint64_t)json_integer_value(busy);
	return 1;
}

static void nap_ms(int ms)
{
	struct timespec left = {ms / 1000, (long)(ms % 1000) * 1000000L};

	while (nanosleep(&left, &left) == -1 && errno == EINTR)
		;
}

/*
 * CPU % for this sample, and the newest reading in *now: against prev when
 * it can serve (see sample.h), else against a second reading.
 */
static int read_cpu(const struct sample_options *opts,
                    const struct sample_reading *prev,
                    struct sample_reading *now, double *percent,
                    struct error *err)
{
	struct platform_cpu first, second;
	double p = -1;
	int64_t age;
	int ret = -1;

	if (platform_cpu_times(&first) == -1)
		goto out;
	now->time_ms = time_now_ms();
	now->cpu = first;
	if (prev != NULL) {
		age = now->time_ms - prev->time_ms;
		if (age >= 0 && age <= SAMPLE_PREVIOUS_MAX_AGE_MS)
			p = sample_cpu_percent(&prev->cpu, &first);
	}
	if (p < 0) {
		if (opts->sample_ms > 0)
			nap_ms(opts->sample_ms);
		if (platform_cpu_times(&second) == -1)
			goto out;
		now->time_ms = time_now_ms();
		now->cpu = second;
		p = sample_cpu_percent(&first, &second);
		if (p < 0)
			p = 0;
	}
	*percent = sample_round(p, 1);
	ret = 0;
out:
	if (ret == -1)
		error_set(err, errno, "cannot read the CPU times");
	return ret;
}

static double percent_of(uint64_t part, uint64_t whole)
{
	return whole > 0 ? sample_round((double)part / (double)whole * 100.0, 1)
	                 : 0.0;
}

/* "alerts": the names of the thresholds the sample is at or over. */
static json_t *alerts_new(const struct sample_options *opts, double cpu,
                          double memory, double disk, double agent_mb)
{
	json_t *a = json_array();

	if (a == NULL)
		return NULL;
	if (opts->cpu.set && cpu >= opts->cpu.percent)
		json_array_append_new(a, json_string("cpu"));
	if (opts->memory.set && memory >= opts->memory.percent)
		json_array_append_new(a, json_string("memory"));
	if (opts->disk.set && disk >= opts->disk.percent)
		json_array_append_new(a, json_string("disk"));
	if (opts->agent_mb.set && agent_mb >= 0 &&
	    agent_mb >= opts->agent_mb.percent)
		json_array_append_new(a, json_string("agent_memory"));
	return a;
}

static json_t *agent_new(const struct platform_process *p)
{
	return json_pack(
	    "{s:I,s:s,s:f,s:f,s:f}", "pid", (json_int_t)p->pid, "name", p->name,
	    "rss_mb", sample_round((double)p->rss_bytes / MIB, 1),
	    "cpu_seconds", sample_round(p->cpu_seconds, 2),
	    "children_cpu_seconds", sample_round(p->children_cpu_seconds, 2));
}

/* What a sample measured, before it becomes a record. */
struct figures {
	double cpu, memory, memory_gb, disk, disk_gb, swap, load[3];
	int ncpu;
	struct platform_cpu ticks; /* the newest reading of the counters */
};

static int measure(const struct sample_options *opts,
                   const struct sample_reading *prev,
                   struct sample_reading *now, struct figures *f,
                   struct error *err)
{
	struct platform_memory mem;
	struct platform_disk disk;

	if (read_cpu(opts, prev, now, &f->cpu, err) == -1)
		return -1;
	if (platform_memory(&mem) == -1) {
		error_set(err, errno, "cannot read the memory figures");
		return -1;
	}
	if (mem.total == 0 || mem.available > mem.total) {
		error_set(err, EINVAL, "cannot read the memory figures");
		return -1;
	}
	if (platform_disk(opts->disk_path, &disk) == -1) {
		char buf[201];
		int saved = errno;

		error_set(err, saved, "cannot read the disk usage of '%s'",
		          utf8_shown(opts->disk_path, buf, sizeof(buf)));
		return -1;
	}
	if (platform_loadavg(f->load) == -1) {
		error_set(err, errno, "cannot read the load average");
		return -1;
	}
	f->ncpu = platform_cpu_count();
	if (f->ncpu < 1) {
		error_set(err, errno, "cannot count the CPUs");
		return -1;
	}
	f->memory = percent_of(mem.total - mem.available, mem.total);
	f->memory_gb = sample_round((double)mem.available / GIB, 2);
	f->disk = percent_of(disk.used, disk.used + disk.free);
	f->disk_gb = sample_round((double)disk.free / GIB, 2);
	f->swap =
	    mem.swap_total > mem.swap_free
	        ? percent_of(mem.swap_total - mem.swap_free, mem.swap_total)
	        : 0.0;
	for (int i = 0; i < 3; i++)
		f->load[i] = sample_round(f->load[i], 2);
	return 0;
}

/* The record of docs/design.md §6, keys in its order; NULL: no memory. */
static json_t *record_new(const struct event *ev,
                          const struct sample_options *opts,
                          const struct figures *f)
{
	json_t *s = json_object(), *alerts, *left = NULL;
	json_t *command = json_object_get(ev->data, "command");
	json_t *id = json_object_get(ev->data, "tool_use_id");
	json_t *duration = json_object_get(ev->data, "duration");
	const char *type = sample_type(ev);
	struct platform_process agent;
	int have_agent = platform_agent(&agent) == 0;
	int is_command = strcmp(type, "command_start") == 0 ||
	                 strcmp(type, "command_end") == 0;
	double agent_mb = -1;
	char *path;
	int bad = s == NULL;

	if (bad)
		return NULL;
	bad |= json_object_set_new(s, "event", json_string(type));
	bad |=
	    json_object_set_new(s, "session_id", json_string(ev->session_id));
	bad |= json_object_set_new(s, "timestamp", json_string(ev->timestamp));
	if (ev->model != NULL)
		bad |= json_object_set_new(s, "model", json_string(ev->model));
	if (is_command && json_is_string(command))
		bad |= json_object_set(s, "command", command);
	if (is_command && json_is_string(id))
		bad |= json_object_set(s, "tool_use_id", id);
	bad |= json_object_set_new(s, "cpu_percent", json_real(f->cpu));
	/* Counters fit in json_int_t for ~10^17 ticks: centuries at 100 Hz. */
	bad |= json_object_set_new(s, "cpu_ticks",
	                           json_pack("{s:I,s:I}", "total",
	                                     (json_int_t)f->ticks.total, "busy",
	                                     (json_int_t)f->ticks.busy));
	bad |= json_object_set_new(s, "memory_percent", json_real(f->memory));
	bad |= json_object_set_new(s, "memory_available_gb",
	                           json_real(f->memory_gb));
	bad |= json_object_set_new(s, "disk_percent", json_real(f->disk));
	bad |= json_object_set_new(s, "disk_free_gb", json_real(f->disk_gb));
	/* any bytes name a directory; the log holds valid UTF-8 */
	path = utf8_cut(opts->disk_path, PATH_MAX);
	bad |= path == NULL ||
	       json_object_set_new(s, "disk_path", json_string(path));
	free(path);
	bad |= json_object_set_new(s, "swap_percent", json_real(f->swap));
	bad |= json_object_set_new(
	    s, "load_avg",
	    json_pack("[f,f,f]", f->load[0], f->load[1], f->load[2]));
	bad |= json_object_set_new(s, "cpu_count", json_integer(f->ncpu));
	if (have_agent) {
		agent_mb = sample_round((double)agent.rss_bytes / MIB, 1);
		bad |= json_object_set_new(s, "agent", agent_new(&agent));
	}
	alerts = alerts_new(opts, f->cpu, f->memory, f->disk, agent_mb);
	if (json_array_size(alerts) > 0)
		bad |= json_object_set_new(s, "alerts", alerts);
	else
		json_decref(alerts);
	bad |= alerts == NULL;
	if (strcmp(type, "session_end") == 0 && json_is_integer(duration) &&
	    json_integer_value(duration) >= 0)
		bad |= json_object_set(s, "duration_ms", duration);
	/* Without the processes (no /proc, ENOSYS) the sample goes without. */
	if (strcmp(type, "session_end") == 0 && have_agent)
		left = running_new(&agent, ev->session_id);
	if (left != NULL)
		bad |= json_object_set_new(s, "left_running", left);
	if (bad) {
		json_decref(s);
		return NULL;
	}
	return s;
}

json_t *sample_new(const struct event *ev, const struct sample_options *opts,
                   const struct sample_reading *prev, struct error *err)
{
	struct sample_reading now;
	struct figures f;
	json_t *s;

	if (measure(opts, prev, &now, &f, err) == -1)
		return NULL;
	f.ticks = now.cpu;
	s = record_new(ev, opts, &f);
	if (s == NULL)
		error_set(err, ENOMEM, "cannot build the sample");
	return s;
}

int sample_alert_describe(const json_t *sample,
                          const struct sample_options *opts, size_t i,
                          char *buf, size_t len)
{
	const json_t *alerts = json_object_get(sample, "alerts");
	const char *name = json_string_value(json_array_get(alerts, i));
	const struct sample_threshold *t;
	const char *key;

	if (name == NULL)
		return -1;
	if (strcmp(name, "cpu") == 0) {
		t = &opts->cpu;
		key = "cpu_percent";
	} else if (strcmp(name, "memory") == 0) {
		t = &opts->memory;
		key = "memory_percent";
	} else if (strcmp(name, "disk") == 0) {
		t = &opts->disk;
		key = "disk_percent";
	} else if (strcmp(name, "agent_memory") == 0) {
		snprintf(buf, len, "agent_memory %.1f MB >= %s MB",
		         json_number_value(json_object_get(
		             json_object_get(sample, "agent"), "rss_mb")),
		         opts->agent_mb.text);
		return 0;
	} else {
		return -1;
	}
	snprintf(buf, len, "%s %.1f%% >= %s%%", name,
	         json_number_value(json_object_get(sample, key)), t->text);
	return 0;
}
