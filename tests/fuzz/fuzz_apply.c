/*
 * fuzz_apply: applying one record to arbitrary prior documents, for both
 * tools.
 *
 * Input: "T SUMMARY\0DAY\0RECORD": T is 'u' (track-usage) or anything
 * else (perf-metrics), then a space; SUMMARY and DAY are JSON documents
 * (anything that is not an object is left out) put in place of the
 * summary and of the day file the record's timestamp names; RECORD is a
 * log line.  The record is applied twice, as a replay after a crash does.
 *
 * Invariants beyond "no crash, no leak": apply either fails with a message
 * or leaves documents that serialise.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../perf-metrics/apply.h"
#include "../../track-usage/apply.h"
#include "docs.h"
#include "timeutil.h"

static void serialise(const char *name, json_t *doc, void *ctx)
{
	char *text = json_dumps(doc, JSON_COMPACT);

	(void)name;
	(void)ctx;
	if (text == NULL)
		abort();
	free(text);
}

/* Put the object in src (JSON text) into the document called name. */
static void seed(struct docs *docs, const char *name, const char *src,
                 size_t len)
{
	json_t *v = json_loadb(src, len, 0, NULL);

	if (json_is_object(v))
		json_object_update(docs_get(docs, name), v);
	json_decref(v);
}

static const char *part(const uint8_t **p, const uint8_t *end, size_t *len)
{
	const uint8_t *nul = memchr(*p, '\0', (size_t)(end - *p));
	const char *s = (const char *)*p;

	*len = nul != NULL ? (size_t)(nul - *p) : (size_t)(end - *p);
	*p = nul != NULL ? nul + 1 : end;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data + 2, *end = data + size;
	struct log_position pos = {"2026-11-25", 100};
	struct error err = {0};
	const char *summary, *day, *rec_text, *ts;
	size_t summary_len, day_len, rec_len;
	char date[TIME_DATE_LEN], name[64];
	int usage;
	int64_t ms;
	struct docs *docs;
	json_t *rec;

	if (size < 2)
		return 0;
	usage = data[0] == 'u';
	summary = part(&p, end, &summary_len);
	day = part(&p, end, &day_len);
	rec_text = part(&p, end, &rec_len);
	rec = json_loadb(rec_text, rec_len, 0, NULL);
	if (rec == NULL)
		return 0;
	docs = docs_new_memory();
	if (docs == NULL)
		abort();
	seed(docs, usage ? USAGE_SUMMARY : METRICS_SUMMARY, summary,
	     summary_len);
	ts = json_string_value(json_object_get(rec, "timestamp"));
	if (ts != NULL && time_parse_rfc3339(ts, &ms) == 0) {
		time_local_date(ms, date);
		snprintf(name, sizeof(name), "%s-%s.json",
		         usage ? USAGE_PREFIX : METRICS_PREFIX, date);
		seed(docs, name, day, day_len);
	}
	for (int i = 0; i < 2; i++) {
		docs_set_position(docs, &pos);
		if ((usage ? usage_apply(docs, rec, &err)
		           : metrics_apply(docs, rec, &err)) == -1 &&
		    err.what[0] == '\0')
			abort(); /* a failure always says why */
		docs_set_position(docs, NULL);
		pos.offset += 100;
	}
	docs_each(docs, serialise, NULL);
	docs_free(docs);
	json_decref(rec);
	return 0;
}
