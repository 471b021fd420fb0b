#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void error_set(struct error *err, int errnum, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(err->what, sizeof(err->what), fmt, ap);
	va_end(ap);
	err->errnum = errnum;
}

const char *error_text(const struct error *err, char *buf, unsigned long len)
{
	if (err->errnum != 0)
		snprintf(buf, len, "%s: %s", err->what, strerror(err->errnum));
	else
		snprintf(buf, len, "%s", err->what);
	return buf;
}

void error_note(char *buf, size_t size, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used > 0 && used + 2 < size) {
		memcpy(buf + used, "; ", 3);
		used += 2;
	}
	va_start(ap, fmt);
	vsnprintf(buf + used, size - used, fmt, ap);
	va_end(ap);
}
