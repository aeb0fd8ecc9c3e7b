/*
 * wbench: `wbench cleanup`'s side of the crypto switch: putting back the original of a
 * switch recorded in a state record (crypto_switch.h, wb_crypto_switch_undo), from the
 * record alone: its steps and its read, run on the host it names.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/lab/crypto_switch.h"
#include "wbench/lab/crypto_switch_i.h"
#include "wbench/lib/util.h"

/* A recorded argv as a NULL-terminated array of borrowed strings (free the array only). */
static char **argv_of(const json_t *a)
{
	size_t n = json_array_size(a), i;
	char **v;

	if (n == 0 || n > 64)
		return NULL;
	v = calloc(n + 1, sizeof(*v));
	for (i = 0; v && i < n; i++) {
		v[i] = (char *)json_string_value(json_array_get(a, i));
		if (!v[i]) {
			free(v);
			return NULL;
		}
	}
	return v;
}

/* The value as the record says to read it: {"file": PATH} or {"run": [argv]}. */
static int undo_read(struct wb_host *h, const char *label, const json_t *read, char *raw,
		     size_t len, char *err, size_t errlen)
{
	const char *file = json_string_value(json_object_get(read, "file"));
	struct wb_host_exec x = { .timeout_ms = WB_CRYPTO_SWITCH_TIMEOUT_MS,
				  .out_max = STEP_OUT_MAX };
	char **argv = file ? NULL : argv_of(json_object_get(read, "run")), *text = NULL;
	int r;

	if (file)
		r = wb_host_read_file(h, file, 4096, false, &text, NULL);
	else if (argv)
		r = wb_host_run(h, argv, &x, &text, NULL);
	else
		r = -EPROTO;
	free(argv);
	if (r == 0)
		wb_cs_first_line(text, raw, len);
	else
		wb_errbuf_set(err, errlen, "cannot read the value on %s: %s", label,
			      r > 0 ? "the read command failed" : strerror(-r));
	free(text);
	return r > 0 ? -EIO : r;
}

static int undo_steps(struct wb_host *h, const char *label, const json_t *steps, char *err,
		      size_t errlen)
{
	const json_t *st;
	size_t i;
	int r = 0;

	json_array_foreach(steps, i, st) {
		const char *path = json_string_value(json_object_get(st, "write"));
		const char *value = json_string_value(json_object_get(st, "value"));
		char **argv = path ? NULL : argv_of(json_object_get(st, "run"));

		if (path && value)
			r = wb_cs_host_step(h, label, WB_CRYPTO_SWITCH_TIMEOUT_MS,
					    (char *const[]){ "tee", (char *)path, NULL }, value,
					    NULL, err, errlen);
		else if (argv)
			r = wb_cs_host_step(h, label, WB_CRYPTO_SWITCH_TIMEOUT_MS, argv, NULL,
					    NULL, err, errlen);
		else
			r = wb_errbuf_set(err, errlen, "the record's step %zu is not a step", i);
		if (r == -EIO && argv && !strcmp(argv[0], "rmmod"))
			r = 0; /* gone already: the read-back decides */
		free(argv);
		if (r < 0)
			return r == -EINVAL ? -EPROTO : r;
	}
	return 0;
}

/* The steps as one line: "rmmod ath9k; modprobe ath9k nohwcrypt=0". */
static void steps_line(const json_t *steps, char *buf, size_t len)
{
	char line[LINE_MAX_LEN], **argv;
	const json_t *st;
	size_t i, used = 0;

	buf[0] = '\0';
	json_array_foreach(steps, i, st) {
		argv = argv_of(json_object_get(st, "run"));
		if (argv)
			wb_cs_argv_line(argv, line, sizeof(line));
		else
			snprintf(line, sizeof(line), "write %s > %s",
				 json_string_value(json_object_get(st, "value")),
				 json_string_value(json_object_get(st, "write")));
		free(argv);
		if (used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? "; " : "",
						 line);
	}
}

int wb_crypto_switch_undo(struct wb_host *h, const json_t *change, bool dry_run, char *msg,
			  size_t len)
{
	const char *label = json_string_value(json_object_get(change, "host"));
	const char *what = json_string_value(json_object_get(change, "what"));
	const char *orig = json_string_value(json_object_get(change, "original"));
	const json_t *steps = json_object_get(change, "restore");
	const json_t *read = json_object_get(change, "read");
	char now[WB_CRYPTO_SWITCH_VALUE_MAX], line[LINE_MAX_LEN], err[LINE_MAX_LEN];
	int r;

	if (!label || !what || !orig || !json_is_array(steps) || !json_is_object(read)) {
		wb_errbuf_set(msg, len, "a crypto change without host, what, original, restore "
			      "and read");
		return -EPROTO;
	}
	steps_line(steps, line, sizeof(line));
	if (dry_run) {
		wb_errbuf_set(msg, len, "would put %s on %s back to '%s' (%s), unless it reads "
			      "so already", what, label, orig, line);
		return 0;
	}
	r = undo_read(h, label, read, now, sizeof(now), err, sizeof(err));
	if (r == 0 && !strcmp(now, orig)) {
		wb_errbuf_set(msg, len, "%s on %s reads '%s', the original", what, label, orig);
		return 0;
	}
	r = undo_steps(h, label, steps, err, sizeof(err));
	if (r == 0)
		r = undo_read(h, label, read, now, sizeof(now), err, sizeof(err));
	if (r == 0 && strcmp(now, orig) != 0) {
		wb_errbuf_set(err, sizeof(err), "it reads '%s' after %s", now, line);
		r = -EPROTO;
	}
	if (r < 0)
		wb_errbuf_set(msg, len, "cannot put %s on %s back to '%s': %s", what, label, orig,
			      err);
	else
		wb_errbuf_set(msg, len, "%s on %s put back to '%s' (%s)", what, label, orig, line);
	return r;
}
