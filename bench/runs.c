/*
 * bench-runs: run commands interleaved, many times, and print medians.
 *
 *	bench-runs [-p] [-r ROUNDS] [-w WARMUP] [-g GAP_MS] [-e ERRLOG] CASEFILE
 *
 * CASEFILE holds one case a line,
 *	NAME [KEY=VALUE ...] [<FILE] -- PROGRAM [ARG ...]
 * (words split on blanks; "KEY=" unsets KEY; <FILE gives the program FILE
 * as stdin; '#' lines and blank lines are skipped).  Each round runs every
 * case once, in a new random order (a fixed seed: the same orders every
 * time), so that a slow moment of the machine, and what the previous run
 * left to the next (a journal commit that an fdatasync pays for), fall on
 * all cases alike; WARMUP rounds come first and are not counted.  Between
 * two runs the driver sleeps GAP_MS (default 10): hooks do not fire back to
 * back, and perf-metrics can use its previous CPU reading only when it is
 * at least a clock tick old (DESIGN §6); 10 ms and a run make sure it is.
 *
 * -p primes each run: the case runs once more just before, untimed.  So
 * the timed run's fdatasync commits, besides its own log line, the
 * journal entries of the renames of the same kind of event, as in a
 * steady stream of hook events of one tool, and never those of another
 * case: a floor pays for a floor's renames, a tool for its own.
 *
 * A run is posix_spawn() of the program (PROGRAM is a path: no PATH
 * search) with stdin on /dev/null unless <FILE (a character device: no hook
 * reads it), stdout on /dev/null and stderr appended to ERRLOG (default
 * /dev/null), its time the wall time from spawn to wait4() (CLOCK_MONOTONIC)
 * and its peak memory the child's ru_maxrss.  Exit status other than 0
 * counts as a failure.
 *
 * Output, one line per case, tab-separated:
 *	name runs failures median_us p10_us p90_us min_us maxrss_kib
 * Exit 0, 1 when a case failed at least once, 64 on usage errors.
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

extern char **environ;

static const char *prog = "bench-runs";

struct bcase {
	char *name;
	const char *input; /* stdin */
	char **env;  /* the environment of the child, NULL-terminated */
	char **argv; /* NULL-terminated */
	double *us;  /* time of each counted run */
	size_t n;
	long maxrss_kib;
	int failures;
};

static void *xmalloc(size_t n)
{
	void *p = malloc(n);

	if (p == NULL) {
		perror(prog);
		exit(1);
	}
	return p;
}

/* Child environment: ours, with each KEY=VALUE of sets replacing KEY. */
static char **make_env(char **sets, size_t nsets)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ[n] != NULL)
		n++;
	env = xmalloc((n + nsets + 1) * sizeof(*env));
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

/* Parse "NAME [KEY=VALUE ...] -- PROGRAM [ARG ...]"; 0, or -1 when invalid. */
static int parse_case(char *line, struct bcase *c)
{
	char *words[256], *save = NULL, *w;
	size_t n = 0, dashes = 0, nsets;

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
	c->input = "/dev/null";
	nsets = dashes - 1;
	if (words[dashes - 1][0] == '<' && dashes > 1) {
		c->input = words[dashes - 1] + 1;
		nsets--;
	}
	for (size_t i = 1; i <= nsets; i++)
		if (strchr(words[i], '=') == NULL)
			return -1;
	c->env = make_env(words + 1, nsets);
	c->argv = xmalloc((n - dashes) * sizeof(*c->argv));
	for (size_t i = dashes + 1; i < n; i++)
		c->argv[i - dashes - 1] = words[i];
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

/* One run of c; its wall time in *us.  0 ok, -1 failed. */
static int run_once(struct bcase *c, const char *errlog, double *us)
{
	posix_spawn_file_actions_t fa;
	struct rusage ru;
	double t0, t1;
	pid_t pid;
	int status, rc;

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
		return -1;
	}
	while (wait4(pid, &status, 0, &ru) == -1)
		if (errno != EINTR) {
			perror(prog);
			exit(1);
		}
	t1 = now_us();
	*us = t1 - t0;
	if (ru.ru_maxrss > c->maxrss_kib)
		c->maxrss_kib = ru.ru_maxrss;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The q-quantile of sorted v (nearest rank, the median of an odd n exact). */
static double quantile(const double *v, size_t n, double q)
{
	double pos = q * (double)(n - 1);
	size_t i = (size_t)pos;
	double frac = pos - (double)i;

	if (n == 0)
		return 0;
	return i + 1 < n ? v[i] + frac * (v[i + 1] - v[i]) : v[i];
}

static void nap_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
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
	long rounds = 31, warmup = 3, gap_ms = 10;
	const char *errlog = "/dev/null";
	struct bcase cases[256];
	size_t ncases = 0, order[256];
	char *lines[256];
	char buf[8192];
	FILE *f;
	int opt, failed = 0, prime = 0;

	while ((opt = getopt(argc, argv, "pr:w:g:e:")) != -1) {
		switch (opt) {
		case 'p':
			prime = 1;
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
			"usage: %s [-p] [-r ROUNDS] [-w WARMUP] [-g GAP_MS] "
			"[-e ERRLOG] CASEFILE\n",
			prog);
		return 64;
	}
	f = fopen(argv[optind], "r");
	if (f == NULL) {
		fprintf(stderr, "%s: cannot open '%s': %s\n", prog,
			argv[optind], strerror(errno));
		return 1;
	}
	while (fgets(buf, sizeof(buf), f) != NULL) {
		if (ncases == sizeof(cases) / sizeof(cases[0]))
			break;
		lines[ncases] = strdup(buf);
		if (lines[ncases] == NULL)
			return 1;
		switch (parse_case(lines[ncases], &cases[ncases])) {
		case 0:
			cases[ncases].us =
				xmalloc((size_t)rounds * sizeof(double));
			ncases++;
			break;
		case 1:
			free(lines[ncases]);
			break;
		default:
			fprintf(stderr, "%s: invalid case: %s", prog, buf);
			return 64;
		}
	}
	fclose(f);

	for (size_t k = 0; k < ncases; k++)
		order[k] = k;
	for (long r = 0; r < warmup + rounds; r++) {
		for (size_t k = ncases; k > 1; k--) {
			size_t j = (size_t)(next_random() % k), t = order[k - 1];

			order[k - 1] = order[j];
			order[j] = t;
		}
		for (size_t k = 0; k < ncases; k++) {
			struct bcase *c = &cases[order[k]];
			double us = 0;

			if (prime) {
				if (gap_ms > 0)
					nap_ms(gap_ms);
				if (run_once(c, errlog, &us) == -1) {
					c->failures++;
					failed = 1;
				}
			}
			if (gap_ms > 0)
				nap_ms(gap_ms);
			if (run_once(c, errlog, &us) == -1) {
				c->failures++;
				failed = 1;
			}
			if (r >= warmup)
				c->us[c->n++] = us;
		}
	}

	for (size_t k = 0; k < ncases; k++) {
		struct bcase *c = &cases[k];

		qsort(c->us, c->n, sizeof(double), by_value);
		printf("%s\t%zu\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%ld\n", c->name,
		       c->n, c->failures, quantile(c->us, c->n, 0.5),
		       quantile(c->us, c->n, 0.1), quantile(c->us, c->n, 0.9),
		       c->us[0], c->maxrss_kib);
	}
	return failed;
}
