/*
 * Rules of this file:
 * - Text in, figures out: no files, no allocation, no locale (numbers are
 *   read by hand, so a decimal comma changes nothing).
 * - A needed number that is not a plain 64-bit unsigned decimal is EINVAL;
 *   lines not needed are skipped unread, so new kernel lines break nothing.
 */
#include "procfs.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <string.h>

#include "utf8.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* The end of a token: a blank, the end of the line or of the text. */
static int ends_token(char c)
{
	return is_blank(c) || c == '\n' || c == '\0';
}

static const char *skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

static const char *next_line(const char *p)
{
	p = strchr(p, '\n');
	return p != NULL ? p + 1 : NULL;
}

/* A decimal at p, *end just past it; -1 without digits or on overflow. */
static int parse_u64(const char *p, const char **end, uint64_t *v)
{
	uint64_t x = 0;
	const char *start = p;
	unsigned d;

	for (; is_digit(*p); p++) {
		d = (unsigned)(*p - '0');
		if (x > (UINT64_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
	}
	if (p == start)
		return -1;
	*v = x;
	*end = p;
	return 0;
}

/* A whole blank-separated token at p that is an unsigned decimal. */
static int parse_token_u64(const char *p, const char **end, uint64_t *v)
{
	if (parse_u64(p, end, v) == -1 || !ends_token(**end))
		return -1;
	return 0;
}

static int add_u64(uint64_t *sum, uint64_t v)
{
	if (v > UINT64_MAX - *sum)
		return -1;
	*sum += v;
	return 0;
}

/* The first line that starts with prefix, or NULL. */
static const char *find_line(const char *buf, const char *prefix)
{
	size_t n = strlen(prefix);
	const char *p;

	for (p = buf; p != NULL && *p != '\0'; p = next_line(p))
		if (strncmp(p, prefix, n) == 0)
			return p;
	return NULL;
}

static int invalid(void)
{
	errno = EINVAL;
	return -1;
}

/*
 * /proc/stat.  psutil: total = the fields but guest and guest_nice (counted
 * in user and nice already); busy = total − idle − iowait.
 */
enum {
	CPU_USER,
	CPU_NICE,
	CPU_SYSTEM,
	CPU_IDLE,
	CPU_IOWAIT,
	CPU_IRQ,
	CPU_SOFTIRQ,
	CPU_STEAL,
	CPU_GUEST,
	CPU_GUEST_NICE,
	CPU_FIELDS
};

int procfs_parse_stat(const char *buf, struct platform_cpu *cpu)
{
	uint64_t f[CPU_FIELDS] = {0}, total = 0;
	const char *p = find_line(buf, "cpu ");
	int n, i;

	if (p == NULL)
		return invalid();
	p += strlen("cpu ");
	for (n = 0; n < CPU_FIELDS; n++) {
		p = skip_blanks(p);
		if (*p == '\n' || *p == '\0')
			break;
		if (parse_token_u64(p, &p, &f[n]) == -1)
			return invalid();
	}
	if (n <= CPU_IDLE)
		return invalid();
	for (i = CPU_USER; i <= CPU_STEAL; i++)
		if (add_u64(&total, f[i]) == -1)
			return invalid();
	cpu->total = total;
	cpu->busy = total - f[CPU_IDLE] - f[CPU_IOWAIT];
	return 0;
}

/* /proc/meminfo */
enum {
	MI_TOTAL,
	MI_FREE,
	MI_AVAILABLE,
	MI_CACHED,
	MI_ACTIVE_FILE,
	MI_INACTIVE_FILE,
	MI_SRECLAIMABLE,
	MI_SWAP_TOTAL,
	MI_SWAP_FREE,
	MI_KEYS
};

static const char *const meminfo_keys[MI_KEYS] = {
    [MI_TOTAL] = "MemTotal",
    [MI_FREE] = "MemFree",
    [MI_AVAILABLE] = "MemAvailable",
    [MI_CACHED] = "Cached",
    [MI_ACTIVE_FILE] = "Active(file)",
    [MI_INACTIVE_FILE] = "Inactive(file)",
    [MI_SRECLAIMABLE] = "SReclaimable",
    [MI_SWAP_TOTAL] = "SwapTotal",
    [MI_SWAP_FREE] = "SwapFree",
};

struct meminfo {
	uint64_t bytes[MI_KEYS];
	unsigned present; /* bit k: meminfo_keys[k] was found */
};

static int has(const struct meminfo *mi, int key)
{
	return (mi->present & (1u << key)) != 0;
}

/* "Key:   1234 kB": the value in bytes (×1024 whatever the unit, as psutil). */
static int meminfo_value(const char *p, uint64_t *bytes)
{
	uint64_t kb;

	p = skip_blanks(p);
	if (parse_u64(p, &p, &kb) == -1 || kb > UINT64_MAX / 1024)
		return -1;
	p = skip_blanks(p);
	if (strncmp(p, "kB", 2) == 0)
		p = skip_blanks(p + 2);
	if (*p != '\n' && *p != '\0')
		return -1;
	*bytes = kb * 1024;
	return 0;
}

static int meminfo_read(const char *buf, struct meminfo *mi)
{
	const char *p, *colon;
	size_t len;
	int k;

	memset(mi, 0, sizeof(*mi));
	for (p = buf; p != NULL && *p != '\0'; p = next_line(p)) {
		len = strcspn(p, ":\n");
		colon = p + len;
		if (*colon != ':')
			continue;
		for (k = 0; k < MI_KEYS; k++) {
			if (strlen(meminfo_keys[k]) != len ||
			    strncmp(p, meminfo_keys[k], len) != 0)
				continue;
			if (meminfo_value(colon + 1, &mi->bytes[k]) == -1)
				return invalid();
			mi->present |= 1u << k;
			break;
		}
	}
	if (!has(mi, MI_TOTAL) || !has(mi, MI_FREE))
		return invalid();
	return 0;
}

/* The sum of the zones' "low" watermarks in /proc/zoneinfo, in pages. */
static int zoneinfo_low(const char *buf, uint64_t *pages)
{
	const char *p, *q;
	uint64_t v, sum = 0;

	for (p = buf; p != NULL && *p != '\0'; p = next_line(p)) {
		q = skip_blanks(p);
		if (strncmp(q, "low", 3) != 0 || !is_blank(q[3]))
			continue;
		if (parse_token_u64(skip_blanks(q + 3), &q, &v) == -1 ||
		    add_u64(&sum, v) == -1)
			return -1;
	}
	*pages = sum;
	return 0;
}

static double min_d(double a, double b)
{
	return a < b ? a : b;
}

/*
 * psutil's calculate_avail_vmem, in Python floats: doubles give the same
 * below 8 PiB of memory.  low < 0: zoneinfo could not be read.
 */
static double estimate_available(const struct meminfo *mi, double low)
{
	double mfree = (double)mi->bytes[MI_FREE], pagecache, slab, avail;

	if (low < 0 || !has(mi, MI_ACTIVE_FILE) || !has(mi, MI_INACTIVE_FILE) ||
	    !has(mi, MI_SRECLAIMABLE))
		return mfree + (double)mi->bytes[MI_CACHED];
	pagecache = (double)mi->bytes[MI_ACTIVE_FILE] +
	            (double)mi->bytes[MI_INACTIVE_FILE];
	slab = (double)mi->bytes[MI_SRECLAIMABLE];
	avail = mfree - low;
	avail += pagecache - min_d(pagecache / 2, low);
	avail += slab - min_d(slab / 2, low);
	return avail;
}

static int meminfo_estimates(const struct meminfo *mi)
{
	return !has(mi, MI_AVAILABLE) || mi->bytes[MI_AVAILABLE] == 0;
}

int procfs_meminfo_needs_zoneinfo(const char *buf)
{
	struct meminfo mi;

	if (meminfo_read(buf, &mi) == -1)
		return 0;
	return meminfo_estimates(&mi);
}

int procfs_parse_meminfo_zoneinfo(const char *buf, const char *zoneinfo,
                                  unsigned long page_size,
                                  struct platform_memory *mem)
{
	struct meminfo mi;
	uint64_t pages, avail;
	double low = -1, estimate;

	if (meminfo_read(buf, &mi) == -1)
		return -1;
	avail = mi.bytes[MI_AVAILABLE];
	if (meminfo_estimates(&mi)) {
		if (zoneinfo != NULL) {
			if (zoneinfo_low(zoneinfo, &pages) == -1)
				return invalid();
			low = (double)pages * (double)page_size;
		}
		estimate = estimate_available(&mi, low);
		if (estimate < 0)
			avail = 0; /* as psutil's virtual_memory */
		else if (estimate > (double)mi.bytes[MI_TOTAL])
			avail = mi.bytes[MI_FREE];
		else
			avail = (uint64_t)estimate;
	}
	/* psutil: more than MemTotal is a container's distorted view. */
	if (avail > mi.bytes[MI_TOTAL])
		avail = mi.bytes[MI_FREE];
	mem->total = mi.bytes[MI_TOTAL];
	mem->available = avail;
	mem->swap_total = mi.bytes[MI_SWAP_TOTAL];
	mem->swap_free = mi.bytes[MI_SWAP_FREE];
	return 0;
}

int procfs_parse_meminfo(const char *buf, struct platform_memory *mem)
{
	return procfs_parse_meminfo_zoneinfo(buf, NULL, 0, mem);
}

/*
 * /proc/loadavg.  "12.34" becomes the nearest double, as strtod would give
 * in the C locale: 1234 / 100 is one correctly rounded division.
 */
static int parse_decimal(const char *p, const char **end, double *v)
{
	uint64_t mant = 0, scale = 1;
	const uint64_t limit = (uint64_t)1 << 53;
	int frac = 0;

	if (!is_digit(*p))
		return -1;
	for (; is_digit(*p) || (*p == '.' && !frac); p++) {
		if (*p == '.') {
			frac = 1;
			continue;
		}
		mant = mant * 10 + (uint64_t)(*p - '0');
		if (frac)
			scale *= 10;
		if (mant >= limit || scale >= limit)
			return -1;
	}
	if (frac && !is_digit(p[-1]))
		return -1;
	*v = (double)mant / (double)scale;
	*end = p;
	return 0;
}

int procfs_parse_loadavg(const char *buf, double load[3])
{
	const char *p = buf;
	double v[3];
	int i;

	for (i = 0; i < 3; i++) {
		p = skip_blanks(p);
		if (parse_decimal(p, &p, &v[i]) == -1 || !ends_token(*p))
			return invalid();
	}
	memcpy(load, v, sizeof(v));
	return 0;
}

/*
 * /proc/PID/stat: "pid (comm) state ppid ..." with fields numbered from 1.
 */
#define STAT_STATE 3
#define STAT_PPID 4
#define STAT_UTIME 14
#define STAT_CSTIME 17
#define STAT_STARTTIME 22

/* src[0..n) into dst (len > 0 bytes): cut on a character, invalid bytes '?'. */
static void copy_name(char *dst, size_t len, const char *src, size_t n)
{
	char name[256];

	if (n >= sizeof(name))
		n = sizeof(name) - 1;
	memcpy(name, src, n);
	name[n] = '\0';
	utf8_cut_into(dst, name, len - 1);
}

int procfs_parse_pid_stat_fields(const char *buf, char *name,
                                 unsigned long name_len,
                                 struct procfs_pid_stat *st)
{
	const char *p = buf, *comm, *close;
	uint64_t v, times[STAT_CSTIME - STAT_UTIME + 1], parent = 0, start = 0;
	char state = 0;
	int field;

	if (parse_u64(p, &p, &v) == -1 || strncmp(p, " (", 2) != 0)
		return invalid();
	comm = p + 2;
	close = strrchr(comm, ')');
	if (close == NULL)
		return invalid();
	p = close + 1;
	for (field = 3; field <= STAT_STARTTIME; field++) {
		if (!is_blank(*p))
			return invalid();
		p = skip_blanks(p);
		if (field == STAT_STATE) {
			state = *p;
			if (ends_token(*p) || !ends_token(p[1]))
				return invalid();
			p++;
		} else if (field == STAT_PPID) {
			if (parse_token_u64(p, &p, &parent) == -1 ||
			    parent > LONG_MAX)
				return invalid();
		} else if (field >= STAT_UTIME && field <= STAT_CSTIME) {
			if (parse_token_u64(p, &p,
			                    &times[field - STAT_UTIME]) == -1)
				return invalid();
		} else if (field == STAT_STARTTIME) {
			if (parse_token_u64(p, &p, &start) == -1)
				return invalid();
		} else {
			if (ends_token(*p))
				return invalid();
			while (!ends_token(*p))
				p++;
		}
	}
	/* Sums of two fields must not wrap (procfs_pid_stat's users add). */
	if (times[0] > UINT64_MAX - times[1] ||
	    times[2] > UINT64_MAX - times[3])
		return invalid();
	if (name != NULL && name_len > 0)
		copy_name(name, name_len, comm, (size_t)(close - comm));
	if (st != NULL) {
		st->state = state;
		st->ppid = (long)parent;
		st->utime = times[0];
		st->stime = times[1];
		st->cutime = times[2];
		st->cstime = times[3];
		st->start_ticks = start;
	}
	return 0;
}

int procfs_parse_pid_stat(const char *buf, char *name, unsigned long name_len,
                          long *ppid, uint64_t *start_ticks,
                          uint64_t *cpu_ticks)
{
	struct procfs_pid_stat st;

	if (procfs_parse_pid_stat_fields(buf, name, name_len, &st) == -1)
		return -1;
	if (ppid != NULL)
		*ppid = st.ppid;
	if (start_ticks != NULL)
		*start_ticks = st.start_ticks;
	if (cpu_ticks != NULL)
		*cpu_ticks = st.utime + st.stime;
	return 0;
}

/* The "btime" line of /proc/stat: boot time, seconds since the epoch. */
int procfs_parse_btime(const char *buf, uint64_t *btime)
{
	const char *p = find_line(buf, "btime ");

	if (p == NULL)
		return invalid();
	p = skip_blanks(p + strlen("btime "));
	if (parse_token_u64(p, &p, btime) == -1)
		return invalid();
	return 0;
}

const char *procfs_environ_get(const char *buf, size_t len, const char *name)
{
	size_t n = strlen(name), i = 0, end;

	while (i < len) {
		/* Entries end in NUL; the last may be cut by the reader. */
		end = i;
		while (end < len && buf[end] != '\0')
			end++;
		if (end - i > n && memcmp(buf + i, name, n) == 0 &&
		    buf[i + n] == '=' && end < len)
			return buf + i + n + 1;
		i = end + 1;
	}
	return NULL;
}

/*
 * /proc/PID/status.  VmRSS counts the same pages as psutil's
 * memory_info().rss (the resident field of /proc/PID/statm × page size).
 */
int procfs_parse_status_rss(const char *buf, uint64_t *rss_bytes)
{
	const char *p = find_line(buf, "VmRSS:");

	if (p == NULL) {
		*rss_bytes = 0;
		return 0;
	}
	p = skip_blanks(p + strlen("VmRSS:"));
	if (parse_u64(p, &p, rss_bytes) == -1 || *rss_bytes > UINT64_MAX / 1024)
		return invalid();
	p = skip_blanks(p);
	if (strncmp(p, "kB", 2) != 0 || !ends_token(p[2]))
		return invalid();
	*rss_bytes *= 1024;
	return 0;
}

static const char *const shells[] = {
    "sh",    "ash",  "dash",  "bash",   "rbash", "zsh",  "ksh",
    "ksh93", "mksh", "pdksh", "oksh",   "yash",  "posh", "fish",
    "csh",   "tcsh", "nu",    "elvish", "xonsh", "pwsh", "busybox",
};

int procfs_is_shell(const char *name)
{
	size_t i, len;

	if (name[0] == '-')
		name++;
	for (i = 0; i < sizeof(shells) / sizeof(shells[0]); i++)
		if (strcmp(name, shells[i]) == 0)
			return 1;
	len = strlen(name);
	return len > 3 && strcmp(name + len - 3, ".sh") == 0;
}
