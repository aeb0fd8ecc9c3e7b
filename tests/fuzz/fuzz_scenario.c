/*
 * libFuzzer target for the scenario loader (wbench/scenario/): arbitrary bytes as a
 * scenario file, parsed from memory the way tests/unit/test_scenario.c does.
 *
 * Properties: the loader never crashes or leaks (ASan, UBSan); a rejected input leaves
 * no scenario and one non-empty message line; an accepted one comes back from its
 * normalised JSON (wb_scenario_to_json) as the same scenario (the same normalised JSON),
 * and its redacted JSON holds no inline passphrase.
 *
 * Inputs naming a passphrase_file are skipped: the loader would read that file (any
 * path, /dev/stdin included), which is not the loader's parsing.
 * Seed corpus: the JSON files of tests/fixtures/scenarios and scenarios (tests/run-all.sh).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/scenario/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parses @text again and compares its normalised JSON with @want. */
static void check_roundtrip(const json_t *want)
{
	struct wb_scenario *again = NULL;
	char err[1024], *text = json_dumps(want, JSON_COMPACT);
	json_t *got;

	if (!text)
		return;
	if (wb_scenario_parse(text, strlen(text), "fuzz.json", NULL, &again, err, sizeof(err)))
		abort(); /* the normalised form of a valid scenario must load */
	got = wb_scenario_to_json(again, false);
	if (got && !json_equal(got, want))
		abort();
	json_decref(got);
	wb_scenario_free(again);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wb_scenario *sc = (struct wb_scenario *)1;
	json_t *pre, *full, *red;
	char err[1024];
	int r;

	pre = json_loadb((const char *)data, size, JSON_ALLOW_NUL, NULL);
	if (json_is_object(pre) && json_object_get(pre, "passphrase_file")) {
		json_decref(pre);
		return 0;
	}
	json_decref(pre);
	err[0] = '\0';
	r = wb_scenario_parse((const char *)data, size, "fuzz.json", NULL, &sc, err, sizeof(err));
	if (r < 0) {
		if (sc || !err[0] || strchr(err, '\n'))
			abort();
		return 0;
	}
	full = wb_scenario_to_json(sc, false);
	red = wb_scenario_to_json(sc, true);
	if (full)
		check_roundtrip(full);
	if (red && sc->passphrase && strcmp(json_string_value(json_object_get(red, "passphrase")),
					    "<redacted>") != 0)
		abort();
	json_decref(full);
	json_decref(red);
	wb_scenario_free(sc);
	return 0;
}
