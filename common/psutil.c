/*
 * psutil: psutil's figures from raw readings (psutil.h).
 *
 * Rules of this file: no system header beyond the C library's, no I/O;
 * unsigned arithmetic that cannot wrap for any value a system reports
 * (a product of two counters is formed only where both are bounded).
 */
#include "psutil.h"

#include <errno.h>
#include <string.h>

#define NSEC_PER_SEC 1000000000.0

/* Past the string at p and its NUL, or end. */
static const char *skip_string(const char *p, const char *end)
{
	const char *nul = memchr(p, '\0', (size_t)(end - p));

	return nul != NULL ? nul + 1 : end;
}

int psutil_darwin_cpu(const uint32_t *ticks, unsigned ncpu,
                      struct platform_cpu *cpu)
{
	uint64_t total = 0, idle = 0;

	if (ncpu == 0) {
		errno = EINVAL;
		return -1;
	}
	for (unsigned i = 0; i < ncpu; i++) {
		const uint32_t *t = ticks + (size_t)i * PSUTIL_DARWIN_STATES;

		total += (uint64_t)t[PSUTIL_DARWIN_USER] +
		         t[PSUTIL_DARWIN_NICE] + t[PSUTIL_DARWIN_SYSTEM] +
		         t[PSUTIL_DARWIN_IDLE];
		idle += t[PSUTIL_DARWIN_IDLE];
	}
	cpu->total = total;
	cpu->busy = total - idle;
	return 0;
}

int psutil_darwin_memory(const struct psutil_darwin_vm *vm,
                         struct platform_memory *mem)
{
	uint64_t avail;

	if (vm->memsize == 0 || vm->page_size == 0) {
		errno = EINVAL;
		return -1;
	}
	/* Page counts are 32-bit in the kernel's structure and pages at most
	 * a few MiB: the products fit. */
	avail = (vm->inactive + vm->free) * vm->page_size;
	mem->total = vm->memsize;
	mem->available = avail < vm->memsize ? avail : vm->memsize;
	mem->swap_total = vm->swap_total;
	mem->swap_free =
	    vm->swap_used < vm->swap_total ? vm->swap_total - vm->swap_used : 0;
	return 0;
}

/* v × numer / denom without forming v × numer, which can exceed 64 bits. */
static uint64_t scale(uint64_t v, uint32_t numer, uint32_t denom)
{
	return v / denom * numer + v % denom * numer / denom;
}

int psutil_darwin_cpu_seconds(uint64_t user, uint64_t system, uint32_t numer,
                              uint32_t denom, double *seconds)
{
	if (numer == 0 || denom == 0) {
		errno = EINVAL;
		return -1;
	}
	*seconds = (double)scale(user, numer, denom) / NSEC_PER_SEC +
	           (double)scale(system, numer, denom) / NSEC_PER_SEC;
	return 0;
}

char psutil_darwin_state(int p_stat)
{
	static const char letter[] = {'?', 'I', 'R', 'S', 'T', 'Z'};

	return p_stat > 0 && p_stat < (int)sizeof(letter) ? letter[p_stat]
	                                                  : '?';
}

int psutil_darwin_environ(const char *args, size_t len, char *buf,
                          size_t buflen, size_t *n)
{
	const char *p, *end = args + len, *nul;
	size_t used = 0, room, take;
	int argc;

	*n = 0;
	if (buflen < 2 || len < sizeof(argc)) {
		errno = EINVAL;
		return -1;
	}
	memcpy(&argc, args, sizeof(argc));
	if (argc < 0) {
		errno = EINVAL;
		return -1;
	}
	p = args + sizeof(argc);
	/* The executable's path, then the NULs that align the arguments. */
	p = skip_string(p, end);
	while (p < end && *p == '\0')
		p++;
	for (int i = 0; i < argc && p < end; i++)
		p = skip_string(p, end);
	while (p < end && *p != '\0') {
		nul = memchr(p, '\0', (size_t)(end - p));
		take =
		    (nul != NULL ? (size_t)(nul - p) + 1 : (size_t)(end - p));
		room = buflen - 1 - used;
		if (take > room)
			take = room;
		memcpy(buf + used, p, take);
		used += take;
		if (nul == NULL || used == buflen - 1)
			break;
		p = nul + 1;
	}
	buf[used] = '\0';
	*n = used;
	return 0;
}

int psutil_disk(uint64_t blocks, uint64_t bfree, uint64_t bavail,
                uint64_t frsize, struct platform_disk *disk)
{
	if (frsize == 0) {
		errno = EINVAL;
		return -1;
	}
	/* f_bfree above f_blocks is nonsense some file systems report. */
	disk->used = (blocks > bfree ? blocks - bfree : 0) * frsize;
	disk->free = bavail * frsize;
	disk->total = disk->used + disk->free;
	return 0;
}
