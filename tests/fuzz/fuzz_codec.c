/*
 * fuzz_codec: the project's JSON reader and writer (common/codec.h) against
 * jansson, on arbitrary text.
 *
 * Invariants beyond "no crash, no leak":
 * - codec_load() accepts exactly what json_loadb(buf, len, 0, NULL) accepts
 *   and gives equal values;
 * - what codec_dump() writes reads back, by jansson, as an equal value.
 */
#include <stdint.h>
#include <stdlib.h>

#include "codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	json_t *want = json_loadb(text, size, 0, NULL);
	json_t *got = codec_load(text, size), *back;
	char *out;
	size_t len;

	if ((want == NULL) != (got == NULL) ||
	    (want != NULL && !json_equal(want, got)))
		abort();
	if (got != NULL) {
		out = codec_dump(got, &len);
		if (out == NULL)
			abort();
		back = json_loadb(out, len, 0, NULL);
		if (back == NULL || !json_equal(back, got))
			abort();
		json_decref(back);
		free(out);
	}
	json_decref(want);
	json_decref(got);
	return 0;
}
