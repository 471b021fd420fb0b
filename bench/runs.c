/*
 * bench-runs: run commands interleaved, many times; medians and paired
 * ratios.
 *
 *	bench-runs [-p] [-q] [-r ROUNDS] [-w WARMUP] [-g GAP_MS] [-e ERRLOG] \
 *		CASEFILE
 *
 * CASEFILE holds one case a line,
 *	NAME [@BASE ...] [+MS] [KEY=VALUE ...] [<FILE] -- PROGRAM [ARG ...]
 * (words split on blanks; @BASE names a case defined earlier that this one
 * is compared with; +MS is a pause before the run, in a sequence; "KEY="
 * unsets KEY; <FILE gives the program FILE as stdin; '#' lines and blank
 * lines are skipped).
 *
 * Each round is a list of jobs in a new random order (a fixed seed: the
 * same orders every time): a case without a base runs alone; a case with
 * bases runs once next to each of its bases, the two back to back in a
 * random order, and the ratio of their times is kept.  A shared machine's
 * slow moments are much longer than a pair, so they fall on both members
 * alike, and the median of the ratios is a steadier figure than the ratio
 * of two medians.  Every timed run of a case, alone or in a pair, counts
 * in its median.  WARMUP rounds come first and are not counted.
 *
 * -q runs the file as one sequence instead, once: every line in its
 * order, each after its pause (+MS, else the gap), no pairs, no priming;
 * a session replayed as an agent spaces its hooks.  Lines may share a
 * name: the output is one line per name, the sum of its runs.
 *
 * Between two runs the driver sleeps GAP_MS (default 10): hooks do not fire
 * back to back, and perf-metrics can use its previous CPU reading only when
 * it is at least a clock tick old (docs/design.md §6); 10 ms and a run make
 * sure it is.  -p primes each run: the case runs once more just before,
 * untimed, so that the timed run's fdatasync commits, besides its own log
 * line, the journal entries of the renames of the same kind of event, as
 * in a steady stream of one tool's hook events, never those of another
 * case.
 *
 * A run is posix_spawn() of the program (PROGRAM is a path: no PATH
 * search) with stdin on /dev/null unless <FILE (a character device: no hook
 * reads it), stdout on /dev/null and stderr appended to ERRLOG (default
 * /dev/null); its time is the wall time from spawn to wait4()
 * (CLOCK_MONOTONIC), its CPU time the child's user and system time, its
 * memory the child's ru_maxrss.  Exit status other than 0 counts as a
 * failure.
 *
 * Output, tab-separated, times in microseconds, memory in KiB:
 *	T name runs failures median p10 p90 min maxrss cpu   (one per case;
 *						cpu: median CPU time)
 *	R name base pairs median p10 p90 all      (one per case and base;
 *						all: every ratio, sorted,
 *						comma-separated)
 *	Q name runs failures total maxrss cpu     (-q: one per name; total
 *						and cpu: sums)
 * Exit 0, 1 when a run failed, 64 on usage errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CASES 1024
#define MAX_BASES 4

extern char **environ;

static const char *prog = "bench-runs";

/* A list of measures. */
struct series {
	double *v;
	size_t n, cap;
};

struct bcase {
	char *name;
	const char *input; /* stdin */
	char **env;        /* the environment of the child, NULL-terminated */
	char **argv;       /* NULL-terminated */
	size_t base[MAX_BASES];
	struct series ratio[MAX_BASES]; /* this case's time / the base's */
	size_t nbases;
	long pause_ms; /* +MS, or -1 */
	struct series us; /* every counted run */
	struct series cpu_us;
	long maxrss_kib;
	int failures;
};

/* A job of a round: case c alone (base == -1), or next to its base. */
struct job {
	size_t c;
	long base; /* index into cases[c].base, or -1 */
};

static struct bcase cases[MAX_CASES];
static size_t ncases;

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (p == NULL) {
		perror(prog);
		exit(1);
	}
	return p;
}

static void add(struct series *s, double v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = v;
}

/* Child environment: ours, with each KEY=VALUE of sets replacing KEY. */
static char **make_env(char **sets, size_t nsets)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ[n] != NULL)
		n++;
	env = xrealloc(NULL, (n + nsets + 1) * sizeof(*env));
	for (size_t i = 0; i < n; i++) {
		size_t klen = strcspn(environ[i], "=");
		int replaced = 0;

		for (size_t j = 0; j < nsets; j++)
			if (strncmp(sets[j], environ[i], klen + 1) == 0)
				replaced = 1;
		if (!replaced)
			env[k++] = environ[i];
	}
	for (size_t j = 0; j < nsets; j++)
		if (sets[j][strcspn(sets[j], "=") + 1] != '\0')
			env[k++] = sets[j];
	env[k] = NULL;
	return env;
}

static long find_case(const char *name)
{
	for (size_t i = 0; i < ncases; i++)
		if (strcmp(cases[i].name, name) == 0)
			return (long)i;
	return -1;
}

/*
 * Parse a case line into c: 0, 1 for a line without a case, -1 when
 * invalid.
 */
static int parse_case(char *line, struct bcase *c)
{
	char *words[256], *save = NULL, *w;
	size_t n = 0, dashes = 0, i = 1, nsets;

	for (w = strtok_r(line, " \t\n", &save); w != NULL;
	     w = strtok_r(NULL, " \t\n", &save)) {
		if (n == sizeof(words) / sizeof(words[0]) - 1)
			return -1;
		if (strcmp(w, "--") == 0 && dashes == 0)
			dashes = n;
		words[n++] = w;
	}
	if (n == 0 || words[0][0] == '#')
		return 1;
	if (dashes == 0 || dashes + 1 >= n)
		return -1;
	memset(c, 0, sizeof(*c));
	c->name = words[0];
	c->pause_ms = -1;
	for (; i < dashes && words[i][0] == '@'; i++) {
		long b = find_case(words[i] + 1);

		if (b == -1 || c->nbases == MAX_BASES)
			return -1;
		c->base[c->nbases++] = (size_t)b;
	}
	if (i < dashes && words[i][0] == '+') {
		char *end;

		c->pause_ms = strtol(words[i] + 1, &end, 10);
		if (*end != '\0' || c->pause_ms < 0 || c->pause_ms > 600000)
			return -1;
		i++;
	}
	c->input = "/dev/null";
	nsets = dashes - i;
	if (nsets > 0 && words[dashes - 1][0] == '<') {
		c->input = words[dashes - 1] + 1;
		nsets--;
	}
	for (size_t j = i; j < i + nsets; j++)
		if (strchr(words[j], '=') == NULL)
			return -1;
	c->env = make_env(words + i, nsets);
	c->argv = xrealloc(NULL, (n - dashes) * sizeof(*c->argv));
	for (size_t j = dashes + 1; j < n; j++)
		c->argv[j - dashes - 1] = words[j];
	c->argv[n - dashes - 1] = NULL;
	return 0;
}

/* The next of a fixed sequence of pseudo-random numbers (xorshift64). */
static uint64_t next_random(void)
{
	static uint64_t x = 0x2545f4914f6cdd1dull;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void nap_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (ms > 0 && nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static const char *errlog = "/dev/null";
static long gap_ms = 10;
static int prime, failed;

/*
 * One run of c after a pause of pause_ms; its wall time in microseconds,
 * its CPU time in *cpu when not NULL.
 */
static double run_once(struct bcase *c, long pause_ms, double *cpu)
{
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	double t0, t1;
	pid_t pid;
	int status, rc;

	nap_ms(pause_ms);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, c->input, O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, errlog,
					 O_WRONLY | O_APPEND | O_CREAT, 0600);
	t0 = now_us();
	rc = posix_spawn(&pid, c->argv[0], &fa, NULL, c->argv, c->env);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		fprintf(stderr, "%s: cannot run '%s': %s\n", prog, c->argv[0],
			strerror(rc));
		exit(1);
	}
	while (wait4(pid, &status, 0, &ru) == -1)
		if (errno != EINTR) {
			perror(prog);
			exit(1);
		}
	t1 = now_us();
	if (ru.ru_maxrss > c->maxrss_kib)
		c->maxrss_kib = ru.ru_maxrss;
	if (cpu != NULL)
		*cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
		       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		c->failures++;
		failed = 1;
	}
	return t1 - t0;
}

/* A timed run of c (primed with -p), counted when count is set. */
static double measure(struct bcase *c, int count)
{
	double us, cpu;

	if (prime)
		run_once(c, gap_ms, NULL);
	us = run_once(c, gap_ms, &cpu);
	if (count) {
		add(&c->us, us);
		add(&c->cpu_us, cpu);
	}
	return us;
}

static void run_job(const struct job *j, int count)
{
	struct bcase *c = &cases[j->c], *b;
	double tc, tb;

	if (j->base == -1) {
		measure(c, count);
		return;
	}
	b = &cases[c->base[j->base]];
	if (next_random() & 1) {
		tc = measure(c, count);
		tb = measure(b, count);
	} else {
		tb = measure(b, count);
		tc = measure(c, count);
	}
	if (count)
		add(&c->ratio[j->base], tc / tb);
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The q-quantile of sorted values, interpolated (the median exact). */
static double quantile(const struct series *s, double q)
{
	double pos = q * (double)(s->n - 1);
	size_t i = (size_t)pos;
	double frac = pos - (double)i;

	if (s->n == 0)
		return 0;
	return i + 1 < s->n ? s->v[i] + frac * (s->v[i + 1] - s->v[i])
			    : s->v[i];
}

/* -q: the cases in file order, once; sums by name. */
static void run_sequence(void)
{
	for (size_t i = 0; i < ncases; i++) {
		struct bcase *c = &cases[i];
		struct bcase *sum = &cases[find_case(c->name)];
		int failures = c->failures;
		double cpu, us;

		us = run_once(c, c->pause_ms >= 0 ? c->pause_ms : gap_ms, &cpu);
		add(&sum->us, us);
		add(&sum->cpu_us, cpu);
		if (sum != c) {
			sum->failures += c->failures - failures;
			if (c->maxrss_kib > sum->maxrss_kib)
				sum->maxrss_kib = c->maxrss_kib;
		}
	}
	for (size_t i = 0; i < ncases; i++) {
		struct bcase *c = &cases[i];
		double total = 0, cpu = 0;

		if (find_case(c->name) != (long)i)
			continue;
		for (size_t k = 0; k < c->us.n; k++) {
			total += c->us.v[k];
			cpu += c->cpu_us.v[k];
		}
		printf("Q\t%s\t%zu\t%d\t%.1f\t%ld\t%.1f\n", c->name, c->us.n,
		       c->failures, total, c->maxrss_kib, cpu);
	}
}

static long num_arg(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 0 || v > 100000) {
		fprintf(stderr, "%s: not a count: '%s'\n", prog, s);
		exit(64);
	}
	return v;
}

int main(int argc, char **argv)
{
	long rounds = 31, warmup = 3;
	struct job jobs[MAX_CASES * MAX_BASES];
	size_t njobs = 0;
	char buf[8192];
	FILE *f;
	int opt, sequence = 0;

	while ((opt = getopt(argc, argv, "pqr:w:g:e:")) != -1) {
		switch (opt) {
		case 'p':
			prime = 1;
			break;
		case 'q':
			sequence = 1;
			break;
		case 'r':
			rounds = num_arg(optarg);
			break;
		case 'w':
			warmup = num_arg(optarg);
			break;
		case 'g':
			gap_ms = num_arg(optarg);
			break;
		case 'e':
			errlog = optarg;
			break;
		default:
			return 64;
		}
	}
	if (argc - optind != 1 || rounds < 1) {
		fprintf(stderr,
			"usage: %s [-p] [-q] [-r ROUNDS] [-w WARMUP] "
			"[-g GAP_MS] [-e ERRLOG] CASEFILE\n",
			prog);
		return 64;
	}
	f = fopen(argv[optind], "r");
	if (f == NULL) {
		fprintf(stderr, "%s: cannot open '%s': %s\n", prog,
			argv[optind], strerror(errno));
		return 1;
	}
	while (fgets(buf, sizeof(buf), f) != NULL && ncases < MAX_CASES) {
		char *line = strdup(buf);

		if (line == NULL)
			return 1;
		switch (parse_case(line, &cases[ncases])) {
		case 0:
			ncases++;
			break;
		case 1:
			free(line);
			break;
		default:
			fprintf(stderr, "%s: invalid case: %s", prog, buf);
			return 64;
		}
	}
	fclose(f);
	if (sequence) {
		run_sequence();
		return failed;
	}

	for (size_t i = 0; i < ncases; i++) {
		if (cases[i].nbases == 0)
			jobs[njobs++] = (struct job){i, -1};
		for (size_t k = 0; k < cases[i].nbases; k++)
			jobs[njobs++] = (struct job){i, (long)k};
	}
	for (long r = 0; r < warmup + rounds; r++) {
		for (size_t k = njobs; k > 1; k--) {
			size_t j = (size_t)(next_random() % k);
			struct job t = jobs[k - 1];

			jobs[k - 1] = jobs[j];
			jobs[j] = t;
		}
		for (size_t k = 0; k < njobs; k++)
			run_job(&jobs[k], r >= warmup);
	}

	for (size_t i = 0; i < ncases; i++) {
		struct bcase *c = &cases[i];

		qsort(c->us.v, c->us.n, sizeof(double), by_value);
		qsort(c->cpu_us.v, c->cpu_us.n, sizeof(double), by_value);
		printf("T\t%s\t%zu\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%ld\t%.1f\n",
		       c->name, c->us.n, c->failures, quantile(&c->us, 0.5),
		       quantile(&c->us, 0.1), quantile(&c->us, 0.9),
		       c->us.n ? c->us.v[0] : 0.0, c->maxrss_kib,
		       quantile(&c->cpu_us, 0.5));
		for (size_t k = 0; k < c->nbases; k++) {
			struct series *s = &c->ratio[k];

			qsort(s->v, s->n, sizeof(double), by_value);
			printf("R\t%s\t%s\t%zu\t%.4f\t%.4f\t%.4f\t", c->name,
			       cases[c->base[k]].name, s->n,
			       quantile(s, 0.5), quantile(s, 0.1),
			       quantile(s, 0.9));
			for (size_t j = 0; j < s->n; j++)
				printf("%s%.4f", j ? "," : "", s->v[j]);
			putchar('\n');
		}
	}
	return failed;
}
