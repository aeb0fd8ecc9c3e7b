#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "wbench/scenario.h"

#define FIXTURES "tests/fixtures/scenarios"
#define BASE_PASSPHRASE "s3cret-Passphrase"

static char *src_path(const char *rel)
{
	const char *top = getenv("WBENCH_SRCDIR");
	static char buf[4][4096];
	static int slot;
	char *p = buf[slot++ % 4];

	snprintf(p, sizeof(buf[0]), "%s/%s", top && *top ? top : ".", rel);
	return p;
}

static char *fixture(const char *name)
{
	char rel[512];

	snprintf(rel, sizeof(rel), FIXTURES "/%s", name);
	return src_path(rel);
}

static struct wb_scenario *load_ok(const char *path)
{
	struct wb_scenario *sc = NULL;
	char err[512];
	int ret;

	ret = wb_scenario_load(path, &sc, err, sizeof(err));
	if (ret != 0)
		fail_msg("loading %s failed (%d): %s", path, ret, err);
	assert_non_null(sc);
	return sc;
}

static void test_base(void **state)
{
	struct wb_scenario *sc = load_ok(fixture("base.json"));

	(void)state;
	assert_string_equal(sc->name, "base");
	assert_null(sc->description);
	assert_int_equal(sc->lab.backend, WB_SCENARIO_BACKEND_SIM);
	assert_string_equal(sc->lab.ap.profile, "rt2800");
	assert_string_equal(sc->lab.sta.profile, "full");
	assert_int_equal(sc->lab.channel, 6);
	assert_true(sc->lab.sniffer);
	assert_int_equal(sc->n_crypto, 2);
	assert_int_equal(sc->crypto[0], WB_SCENARIO_CRYPTO_HW);
	assert_int_equal(sc->crypto[1], WB_SCENARIO_CRYPTO_SW);
	assert_int_equal(sc->n_security, 2);
	assert_string_equal(sc->security[0].label, "psk2");
	assert_string_equal(sc->security[1].profile->name, "sae");
	assert_int_equal(sc->security[1].sae_pwe, -1);
	assert_false(sc->security[1].beacon_protection);
	assert_int_equal(sc->ssid_len, 6);
	assert_memory_equal(sc->ssid, "wbench", 6);
	assert_string_equal(sc->passphrase, BASE_PASSPHRASE);
	assert_null(sc->passphrase_file);
	assert_int_equal(sc->traffic.n_protos, 1);
	assert_int_equal(sc->traffic.protos[0], WB_SCENARIO_PROTO_TCP);
	assert_int_equal(sc->traffic.n_dirs, 2);
	assert_int_equal(sc->traffic.dirs[1], WB_SCENARIO_DIR_DOWN);
	assert_int_equal(sc->traffic.streams, 1);
	assert_int_equal(sc->traffic.duration_s, 5);
	assert_int_equal(sc->traffic.omit_s, 1);
	assert_int_equal(sc->traffic.bitrate_bps, 0);
	assert_int_equal(wb_scenario_blksize(sc, WB_SCENARIO_PROTO_TCP), 0);
	assert_int_equal(wb_scenario_blksize(sc, WB_SCENARIO_PROTO_UDP), 1460);
	assert_int_equal(sc->repetitions, 3);
	assert_int_equal(sc->seed, 42);
	assert_false(sc->forged_deauth);
	assert_false(sc->capture_save);
	assert_int_equal(wb_scenario_n_modes(sc), 8);
	assert_string_equal(sc->path, fixture("base.json"));
	wb_scenario_free(sc);
}

static void test_full(void **state)
{
	static const uint8_t ssid[] = { 0xff, 0x00, 0xfe, 0x0a };
	struct wb_scenario *sc = load_ok(fixture("full.json"));

	(void)state;
	assert_string_equal(sc->description, "every key set");
	assert_string_equal(sc->lab.ap.profile, "mt7915");
	assert_string_equal(sc->lab.sta.profile, "ath9k");
	assert_int_equal(sc->lab.channel, 36);
	assert_false(sc->lab.sniffer);
	assert_int_equal(sc->n_crypto, 1);
	assert_int_equal(sc->crypto[0], WB_SCENARIO_CRYPTO_SW);
	assert_int_equal(sc->n_security, 4);
	assert_string_equal(sc->security[0].label, "psk2+pmf-required");
	assert_string_equal(sc->security[1].label, "sae+bp+pwe1");
	assert_true(sc->security[1].beacon_protection);
	assert_int_equal(sc->security[1].sae_pwe, 1);
	assert_string_equal(sc->security[2].label, "sae");
	assert_string_equal(sc->security[3].label, "sae-mixed+pwe2");
	assert_int_equal(sc->ssid_len, sizeof(ssid));
	assert_memory_equal(sc->ssid, ssid, sizeof(ssid));
	/* First line only, CRLF stripped, resolved against the scenario's directory. */
	assert_string_equal(sc->passphrase, "correct horse battery");
	assert_int_equal(sc->passphrase_len, 21);
	assert_string_equal(sc->passphrase_file, "secrets/pw.txt");
	assert_int_equal(sc->traffic.n_protos, 2);
	assert_int_equal(sc->traffic.protos[0], WB_SCENARIO_PROTO_UDP);
	assert_int_equal(sc->traffic.n_dirs, 1);
	assert_int_equal(sc->traffic.dirs[0], WB_SCENARIO_DIR_DOWN);
	assert_int_equal(sc->traffic.streams, 4);
	assert_int_equal(sc->traffic.bitrate_bps, 1500000000ULL);
	assert_int_equal(wb_scenario_blksize(sc, WB_SCENARIO_PROTO_UDP), 1200);
	assert_true(sc->seed == UINT64_MAX);
	assert_true(sc->forged_deauth);
	assert_true(sc->capture_save);
	assert_false(sc->capture_full);
	wb_scenario_free(sc);
}

static void test_ssid_bytes_and_open(void **state)
{
	struct wb_scenario *sc = load_ok(fixture("open.json"));

	(void)state;
	/* Newline and NUL are SSID bytes like any other. */
	assert_int_equal(sc->ssid_len, 15);
	assert_memory_equal(sc->ssid, "line1\nline2\0nul", 15);
	/* No profile needs a passphrase, and none was given. */
	assert_null(sc->passphrase);
	assert_int_equal(sc->traffic.bitrate_bps, 250000);
	assert_int_equal(wb_scenario_blksize(sc, WB_SCENARIO_PROTO_UDP), 1460);
	assert_int_equal(sc->seed, WB_SCENARIO_DEFAULT_SEED);
	wb_scenario_free(sc);
}

/* Normalised JSON loads back into the same scenario; the redacted one has no secret. */
static void check_roundtrip(const char *name, const char *secret)
{
	struct wb_scenario *sc = load_ok(fixture(name)), *again = NULL;
	json_t *j1, *j2, *red;
	char err[512], *text, *red_text, dir[4096];
	int ret;

	j1 = wb_scenario_to_json(sc, false);
	assert_non_null(j1);
	text = json_dumps(j1, JSON_COMPACT);
	assert_non_null(text);
	snprintf(dir, sizeof(dir), "%s", fixture(""));
	ret = wb_scenario_parse(text, strlen(text), name, dir, &again, err, sizeof(err));
	if (ret)
		fail_msg("%s: reload failed: %s", name, err);
	j2 = wb_scenario_to_json(again, false);
	assert_true(json_equal(j1, j2));
	assert_int_equal(again->ssid_len, sc->ssid_len);
	assert_memory_equal(again->ssid, sc->ssid, sc->ssid_len);

	red = wb_scenario_to_json(sc, true);
	red_text = json_dumps(red, JSON_COMPACT);
	if (secret) {
		assert_non_null(strstr(text, secret));
		assert_null(strstr(red_text, secret));
	}
	if (sc->passphrase && !sc->passphrase_file)
		assert_string_equal(json_string_value(json_object_get(red, "passphrase")),
				    "<redacted>");
	if (sc->passphrase_file)
		assert_string_equal(json_string_value(json_object_get(red, "passphrase_file")),
				    sc->passphrase_file);
	free(text);
	free(red_text);
	json_decref(j1);
	json_decref(j2);
	json_decref(red);
	wb_scenario_free(sc);
	wb_scenario_free(again);
}

static void test_to_json(void **state)
{
	struct wb_scenario *sc = load_ok(fixture("full.json"));
	json_t *j;

	(void)state;
	check_roundtrip("base.json", BASE_PASSPHRASE);
	check_roundtrip("full.json", NULL);
	check_roundtrip("open.json", NULL);
	/* Non-UTF-8 SSIDs come out as hex; defaults are explicit. */
	j = wb_scenario_to_json(sc, true);
	assert_string_equal(json_string_value(json_object_get(j, "ssid_hex")), "ff00fe0a");
	assert_null(json_object_get(j, "ssid"));
	assert_null(json_object_get(j, "passphrase"));
	assert_string_equal(json_string_value(json_object_get(j, "seed")), "18446744073709551615");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "traffic"),
							    "bitrate")), 1500000000);
	json_decref(j);
	wb_scenario_free(sc);
}

static void test_syntax_error(void **state)
{
	struct wb_scenario *sc = (struct wb_scenario *)1;
	char err[512], want[4096];

	(void)state;
	assert_int_equal(wb_scenario_load(fixture("syntax.json"), &sc, err, sizeof(err)), -EINVAL);
	assert_null(sc);
	snprintf(want, sizeof(want), "%s:4:16: '}' expected", fixture("syntax.json"));
	assert_string_equal(err, want);
}

static void test_missing_file(void **state)
{
	struct wb_scenario *sc;
	char err[512];

	(void)state;
	assert_int_equal(wb_scenario_load("/nonexistent/x.json", &sc, err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "cannot read scenario '/nonexistent/x.json': "
				 "No such file or directory");
}

static void test_passphrase_not_in_syntax_error(void **state)
{
	struct wb_scenario *sc;
	char err[512];

	(void)state;
	/* A raw tab inside the passphrase string: jansson would quote the token. */
	assert_int_equal(wb_scenario_load(fixture("pw-tab.json"), &sc, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "pw-tab.json:3:"));
	assert_null(strstr(err, "hunter2"));
	assert_null(strstr(err, "xyzzy"));
}

static void test_passphrase_file_errors(void **state)
{
	struct wb_scenario *sc;
	char err[512], want[4096];

	(void)state;
	assert_int_equal(wb_scenario_load(fixture("pw-file-missing.json"), &sc, err, sizeof(err)),
			 -ENOENT);
	/* Relative to the scenario file, not to the current directory. */
	snprintf(want, sizeof(want), "%s: passphrase_file: cannot read '%s': "
		 "No such file or directory", fixture("pw-file-missing.json"),
		 fixture("secrets/nope.txt"));
	assert_string_equal(err, want);

	assert_int_equal(wb_scenario_load(fixture("pw-file-short.json"), &sc, err, sizeof(err)),
			 -EINVAL);
	snprintf(want, sizeof(want), "%s: passphrase_file 'secrets/tiny.txt': expected 8..63 "
		 "printable ASCII characters or 64 hex digits (got 5 characters)",
		 fixture("pw-file-short.json"));
	assert_string_equal(err, want);
	assert_null(strstr(err, "abcde"));
}

static void test_passphrase_file_absolute(void **state)
{
	struct wb_scenario *sc = NULL;
	char text[8192], abs[4096], err[512];

	(void)state;
	assert_non_null(realpath(fixture("secrets/pw.txt"), abs));
	snprintf(text, sizeof(text),
		 "{\"name\":\"abs\",\"lab\":{\"backend\":\"sim\"},\"crypto_modes\":[\"hwcrypt\"],"
		 "\"security\":[\"sae\"],\"passphrase_file\":\"%s\",\"traffic\":{\"proto\":\"tcp\","
		 "\"direction\":\"up\",\"duration_s\":1},\"repetitions\":1}", abs);
	/* The base directory does not apply to absolute paths. */
	assert_int_equal(wb_scenario_parse(text, strlen(text), "abs.json", "/nonexistent", &sc,
					   err, sizeof(err)), 0);
	assert_string_equal(sc->passphrase, "correct horse battery");
	wb_scenario_free(sc);
}

static void test_backends_reserved(void **state)
{
	struct wb_scenario *sc = (struct wb_scenario *)1;
	char err[512], want[4096];

	(void)state;
	assert_int_equal(wb_scenario_load(fixture("local.json"), &sc, err, sizeof(err)),
			 -EOPNOTSUPP);
	assert_null(sc);
	snprintf(want, sizeof(want), "%s: lab.backend: backend 'local' is not implemented yet "
		 "(only 'sim' is)", fixture("local.json"));
	assert_string_equal(err, want);
	assert_int_equal(wb_scenario_load(fixture("ssh.json"), &sc, err, sizeof(err)),
			 -EOPNOTSUPP);
	snprintf(want, sizeof(want), "%s: lab.backend: backend 'ssh' is not implemented yet "
		 "(only 'sim' is)", fixture("ssh.json"));
	assert_string_equal(err, want);
}

/*
 * Mutation tests: take base.json (or @file), set the member at dotted @path to the JSON
 * @value (NULL deletes it), and parse the result.
 */
static int parse_mutated_n(const char *file, size_t n, const char *const paths[],
			   const char *const values[], char *err, size_t errlen,
			   struct wb_scenario **out)
{
	json_error_t je;
	json_t *root, *obj, *v;
	char buf[256], *key, *dot, *text, dir[4096];
	size_t i;
	int ret;

	root = json_load_file(fixture(file), JSON_ALLOW_NUL, &je);
	assert_non_null(root);
	for (i = 0; i < n; i++) {
		v = NULL;
		if (values[i]) {
			v = json_loads(values[i], JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
			if (!v)
				fail_msg("bad test value %s: %s", values[i], je.text);
		}
		snprintf(buf, sizeof(buf), "%s", paths[i]);
		obj = root;
		key = buf;
		while ((dot = strchr(key, '.'))) {
			*dot = '\0';
			obj = json_object_get(obj, key);
			assert_non_null(obj);
			key = dot + 1;
		}
		if (!*key) {
			json_decref(root);
			root = v;
		} else if (v) {
			json_object_set_new(obj, key, v);
		} else {
			json_object_del(obj, key);
		}
	}
	text = json_dumps(root, JSON_ENCODE_ANY);
	assert_non_null(text);
	snprintf(dir, sizeof(dir), "%s", fixture(""));
	ret = wb_scenario_parse(text, strlen(text), file, dir, out, err, errlen);
	free(text);
	json_decref(root);
	return ret;
}

static int parse_mutated(const char *file, const char *path, const char *value, char *err,
			 size_t errlen, struct wb_scenario **out)
{
	return parse_mutated_n(file, 1, &path, &value, err, errlen, out);
}

struct mutation {
	const char *path, *value, *error;
};

static const struct mutation mutations[] = {
	{ "", "[1]", "base.json: expected a JSON object at the top level, got an array" },
	{ "colour", "1", "base.json: unknown key 'colour' (allowed: $schema, name, description, "
	  "lab, crypto_modes, security, ssid, ssid_hex, passphrase, passphrase_file, traffic, "
	  "repetitions, seed, active_check, capture)" },
	{ "reps", "1", "base.json: unknown key 'reps' (allowed: $schema, name, description, "
	  "lab, crypto_modes, security, ssid, ssid_hex, passphrase, passphrase_file, traffic, "
	  "repetitions, seed, active_check, capture)" },
	{ "name", "\"my scenario\"", "base.json: name: expected 1..64 characters from "
	  "[A-Za-z0-9._+-], got \"my scenario\"" },
	{ "name", NULL, "base.json: missing required key 'name'" },
	{ "lab.backend", "\"cloud\"", "base.json: lab.backend: expected one of \"sim\", "
	  "\"local\", \"ssh\", got \"cloud\"" },
	{ "lab.ap.profile", "\"mt7620\"", "base.json: lab.ap.profile: expected one of \"full\", "
	  "\"rt2800\", \"ath9k\", \"mt7915\", got \"mt7620\"" },
	{ "lab.ap.channel", "15", "base.json: lab.ap.channel: expected a 2.4 GHz channel "
	  "(1..14) or a 5 GHz channel (36..64 or 100..144 in steps of 4, 149..165), got 15" },
	{ "lab.ap.phy", "\"phy0\"", "base.json: lab.ap: unknown key 'phy' (allowed: profile, "
	  "channel)" },
	{ "lab.sniffer", "{\"enabeld\": true}", "base.json: lab.sniffer: unknown key 'enabeld' "
	  "(did you mean 'enabled'?)" },
	{ "lab.sta", "[]", "base.json: lab.sta: expected an object, got an array" },
	{ "crypto_modes", "[]", "base.json: crypto_modes: expected a non-empty list" },
	{ "crypto_modes", "\"hwcrypt\"", "base.json: crypto_modes: expected an array, got "
	  "\"hwcrypt\"" },
	{ "crypto_modes", "[\"hwcrypt\", \"hwcrypt\"]", "base.json: crypto_modes[1]: duplicate "
	  "\"hwcrypt\" (already at crypto_modes[0])" },
	{ "crypto_modes", "[\"hw\"]", "base.json: crypto_modes[0]: expected \"hwcrypt\" or "
	  "\"nohwcrypt\", got \"hw\"" },
	{ "security", "[]", "base.json: security: expected a non-empty list" },
	{ "security", "[\"wpa9\"]", "base.json: security[0]: expected one of \"none\", \"owe\", "
	  "\"psk2\", \"psk2+pmf\", \"psk2+pmf-required\", \"sae\", \"sae-mixed\", got \"wpa9\"" },
	{ "security", "[5]", "base.json: security[0]: expected a profile name or an object, got "
	  "an integer" },
	{ "security", "[\"sae\", {\"profile\": \"sae\"}]", "base.json: security[1]: duplicate "
	  "entry 'sae' (same as security[0])" },
	{ "security", "[{\"profile\": \"psk2\", \"beacon_protection\": true}]", "base.json: "
	  "security[0].beacon_protection: needs PMF, which profile 'psk2' does not enable" },
	{ "security", "[{\"profile\": \"psk2+pmf\", \"sae_pwe\": 1}]", "base.json: "
	  "security[0].sae_pwe: only SAE profiles take sae_pwe ('psk2+pmf' does not use SAE)" },
	{ "security", "[{\"profile\": \"sae\", \"sae_pwe\": 3}]", "base.json: "
	  "security[0].sae_pwe: expected an integer in 0..2, got 3" },
	{ "security", "[{\"name\": \"sae\"}]", "base.json: security[0]: unknown key 'name' "
	  "(allowed: profile, beacon_protection, sae_pwe)" },
	{ "passphrase", "\"12345\"", "base.json: passphrase: expected 8..63 printable ASCII "
	  "characters or 64 hex digits (got 5 characters)" },
	{ "passphrase", "\"tab\\there-x\"", "base.json: passphrase: expected 8..63 printable "
	  "ASCII characters or 64 hex digits (got 10 bytes, not all printable ASCII)" },
	{ "passphrase", "\"caf\\u00e9-secret\"", "base.json: passphrase: expected 8..63 "
	  "printable ASCII characters or 64 hex digits (got 12 bytes, not all printable ASCII)" },
	{ "passphrase", "\"0123456789012345678901234567890123456789012345678901234567890123"
	  "4\"", "base.json: passphrase: expected 8..63 printable ASCII characters or 64 hex "
	  "digits (got 65 characters)" },
	{ "passphrase", "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeX\"",
	  "base.json: passphrase: expected 8..63 printable ASCII characters or 64 hex digits "
	  "(got 64 characters, not all hex digits)" },
	{ "passphrase", "\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\"",
	  "base.json: passphrase: a 64-hex-digit PSK cannot be used with SAE profile 'sae' (SAE "
	  "needs a passphrase of 8..63 characters)" },
	{ "passphrase", "8675309123", "base.json: passphrase: expected a string, got an "
	  "integer" },
	{ "passphrase", "\"<redacted>\"", "base.json: passphrase: '<redacted>' is the placeholder "
	  "written into results; give the real passphrase" },
	{ "passphrase", NULL, "base.json: missing 'passphrase' or 'passphrase_file' (security "
	  "profile 'psk2' needs one)" },
	{ "passphrase_file", "\"secrets/pw.txt\"", "base.json: 'passphrase' and "
	  "'passphrase_file' are mutually exclusive" },
	{ "ssid", "\"\"", "base.json: ssid: expected 1..32 bytes, got 0" },
	{ "ssid", "\"abcdefghijklmnopqrstuvwxyz0123456\"", "base.json: ssid: expected 1..32 "
	  "bytes, got 33" },
	{ "ssid_hex", "\"zz\"", "base.json: ssid_hex: expected 2..64 hex digits (1..32 bytes), "
	  "got \"zz\"" },
	{ "traffic.proto", "\"sctp\"", "base.json: traffic.proto: expected \"tcp\" or \"udp\", "
	  "got \"sctp\"" },
	{ "traffic.proto", "\"udp\"", "base.json: traffic: missing required key 'bitrate' "
	  "(needed for \"udp\")" },
	{ "traffic.direction", "[\"up\", \"sideways\"]", "base.json: traffic.direction[1]: "
	  "expected \"up\" or \"down\", got \"sideways\"" },
	{ "traffic.direction", "3", "base.json: traffic.direction: expected \"up\" or \"down\" "
	  "or a list of them, got an integer" },
	{ "traffic.direction", "[]", "base.json: traffic.direction: expected a non-empty list" },
	{ "traffic.direction", NULL, "base.json: traffic: missing required key 'direction'" },
	{ "traffic.streams", "\"4\"", "base.json: traffic.streams: expected an integer, got "
	  "\"4\"" },
	{ "traffic.streams", "1.5", "base.json: traffic.streams: expected an integer, got 1.5" },
	{ "traffic.streams", "0", "base.json: traffic.streams: expected an integer in 1..128, "
	  "got 0" },
	{ "traffic.duration_s", "3601", "base.json: traffic.duration_s: expected an integer in "
	  "1..3600, got 3601" },
	{ "traffic.omit_s", "5", "base.json: traffic.omit_s: must be less than duration_s (5), "
	  "got 5" },
	{ "traffic.bitrat", "5", "base.json: traffic: unknown key 'bitrat' (did you mean "
	  "'bitrate'?)" },
	{ "traffic.bitrate", "\"fast\"", "base.json: traffic.bitrate: expected bits per second "
	  "(1..100G) as a number or a string like \"100M\", \"1.5G\" or \"500k\", got \"fast\"" },
	{ "traffic.bitrate", "\"100MB\"", "base.json: traffic.bitrate: expected bits per second "
	  "(1..100G) as a number or a string like \"100M\", \"1.5G\" or \"500k\", got "
	  "\"100MB\"" },
	{ "traffic.bitrate", "0", "base.json: traffic.bitrate: expected bits per second "
	  "(1..100G) as a number or a string like \"100M\", \"1.5G\" or \"500k\", got 0" },
	{ "traffic.bitrate", "\"101G\"", "base.json: traffic.bitrate: expected bits per second "
	  "(1..100G) as a number or a string like \"100M\", \"1.5G\" or \"500k\", got "
	  "\"101G\"" },
	{ "traffic.blksize", "0", "base.json: traffic.blksize: expected an integer in "
	  "1..1048576, got 0" },
	{ "traffic", "\"fast\"", "base.json: traffic: expected an object, got \"fast\"" },
	{ "repetitions", "0", "base.json: repetitions: expected an integer in 1..1000, got 0" },
	{ "repetitions", "1001", "base.json: repetitions: expected an integer in 1..1000, got "
	  "1001" },
	{ "repetitions", NULL, "base.json: missing required key 'repetitions'" },
	{ "seed", "-1", "base.json: seed: expected an integer in 0..2^64-1 (a decimal or 0x "
	  "string above 2^63-1), got -1" },
	{ "seed", "\"18446744073709551616\"", "base.json: seed: expected an integer in "
	  "0..2^64-1 (a decimal or 0x string above 2^63-1), got \"18446744073709551616\"" },
	{ "capture", "{\"ful\": true}", "base.json: capture: unknown key 'ful' (did you mean "
	  "'full'?)" },
	{ "active_check", "{\"forged_deauth\": 1}", "base.json: active_check.forged_deauth: "
	  "expected a boolean, got 1" },
};

static void test_mutations(void **state)
{
	struct wb_scenario *sc;
	char err[1024];
	size_t i;
	int ret;

	(void)state;
	for (i = 0; i < sizeof(mutations) / sizeof(mutations[0]); i++) {
		const struct mutation *m = &mutations[i];

		sc = (struct wb_scenario *)1;
		ret = parse_mutated("base.json", m->path, m->value, err, sizeof(err), &sc);
		if (ret != -EINVAL || strcmp(err, m->error) != 0)
			fail_msg("%s = %s: got %d '%s', want '%s'", m->path,
				 m->value ? m->value : "(deleted)", ret, err, m->error);
		assert_null(sc);
		/* No message ever quotes the passphrase, whatever went wrong. */
		assert_null(strstr(err, BASE_PASSPHRASE));
	}
}

static void test_accepted_values(void **state)
{
	static const struct { const char *value; uint64_t bps; } rates[] = {
		{ "\"100M\"", 100000000ULL }, { "\"1.5G\"", 1500000000ULL },
		{ "\"500k\"", 500000ULL },    { "\"2000\"", 2000ULL },
		{ "12.6", 13ULL },            { "\"0.25K\"", 250ULL },
		{ "\"100G\"", 100000000000ULL },
	};
	struct wb_scenario *sc;
	char err[1024];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		if (parse_mutated("base.json", "traffic.bitrate", rates[i].value, err, sizeof(err),
				  &sc))
			fail_msg("bitrate %s: %s", rates[i].value, err);
		assert_true(sc->traffic.bitrate_bps == rates[i].bps);
		wb_scenario_free(sc);
	}
	/* 64 hex digits are a raw PSK, fine without SAE. */
	assert_int_equal(parse_mutated_n("base.json", 2, (const char *[]){ "security", "passphrase" },
					 (const char *[]){ "[\"psk2\", \"psk2+pmf\"]",
						"\"0123456789abcdef0123456789ABCDEF0123456789abcdef"
						"0123456789abcdef\"" }, err, sizeof(err), &sc), 0);
	assert_int_equal(sc->passphrase_len, 64);
	wb_scenario_free(sc);
	assert_int_equal(parse_mutated("base.json", "seed", "\"0x8000000000000000\"", err,
				       sizeof(err), &sc), 0);
	assert_true(sc->seed == 0x8000000000000000ULL);
	wb_scenario_free(sc);
	assert_int_equal(parse_mutated("base.json", "ssid", "\"a\\u0000b\\nc\"", err, sizeof(err),
				       &sc), 0);
	assert_int_equal(sc->ssid_len, 5);
	assert_memory_equal(sc->ssid, "a\0b\nc", 5);
	wb_scenario_free(sc);
}

static void test_reserved_backends_validate_fields(void **state)
{
	struct wb_scenario *sc;
	char err[1024];

	(void)state;
	/* Structure errors come before "not implemented", so the format is checked now. */
	assert_int_equal(parse_mutated("local.json", "lab.ap.phy", NULL, err, sizeof(err), &sc),
			 -EINVAL);
	assert_string_equal(err, "local.json: lab.ap: missing required key 'phy'");
	assert_int_equal(parse_mutated("local.json", "lab.sniffer.phy", NULL, err, sizeof(err),
				       &sc), -EINVAL);
	assert_string_equal(err, "local.json: lab.sniffer: missing required key 'phy'");
	assert_int_equal(parse_mutated("ssh.json", "lab.ap.port", "70000", err, sizeof(err),
				       &sc), -EINVAL);
	assert_string_equal(err, "ssh.json: lab.ap.port: expected an integer in 1..65535, got "
				 "70000");
	assert_int_equal(parse_mutated("ssh.json", "lab.ap.profile", "\"full\"", err, sizeof(err),
				       &sc), -EINVAL);
	assert_string_equal(err, "ssh.json: lab.ap: unknown key 'profile' (allowed: host, port, "
				 "user, key_file, phy, channel)");
	assert_int_equal(parse_mutated("ssh.json", "lab.ap.host", "\"my host\"", err, sizeof(err),
				       &sc), -EINVAL);
	assert_string_equal(err, "ssh.json: lab.ap.host: expected a host name or address "
				 "(1..253 characters), got \"my host\"");
}

static void test_shipped_scenarios(void **state)
{
	struct wb_scenario *sc;
	struct dirent *de;
	char path[4096];
	size_t n = 0;
	DIR *d;

	(void)state;
	d = opendir(src_path("scenarios"));
	assert_non_null(d);
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len < 5 || strcmp(de->d_name + len - 5, ".json") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", src_path("scenarios"), de->d_name);
		sc = load_ok(path);
		wb_scenario_free(sc);
		n++;
	}
	closedir(d);
	assert_true(n >= 2);

	/* The seed case as the issue describes it. */
	sc = load_ok(src_path("scenarios/mt7620-wpa3-sim.json"));
	assert_string_equal(sc->lab.ap.profile, "rt2800");
	assert_string_equal(sc->lab.sta.profile, "full");
	assert_true(sc->lab.sniffer);
	assert_int_equal(sc->n_crypto, 2);
	assert_int_equal(sc->n_security, 4);
	assert_string_equal(sc->security[3].label, "sae-mixed");
	assert_int_equal(sc->traffic.n_dirs, 2);
	assert_int_equal(sc->traffic.duration_s, 5);
	assert_int_equal(sc->traffic.omit_s, 1);
	assert_int_equal(sc->repetitions, 3);
	assert_int_equal(sc->seed, 1);
	assert_int_equal(wb_scenario_n_modes(sc), 16);
	wb_scenario_free(sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_ssid_bytes_and_open),
		cmocka_unit_test(test_to_json),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_passphrase_not_in_syntax_error),
		cmocka_unit_test(test_passphrase_file_errors),
		cmocka_unit_test(test_passphrase_file_absolute),
		cmocka_unit_test(test_backends_reserved),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_accepted_values),
		cmocka_unit_test(test_reserved_backends_validate_fields),
		cmocka_unit_test(test_shipped_scenarios),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
