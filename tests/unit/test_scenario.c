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
#include "tests/unit/main.h"

#include "wbench/scenario/scenario.h"

#define FIXTURES "tests/fixtures/scenarios"
#define BASE_PASSPHRASE "s3cret-Passphrase"
#define REAL_PASSPHRASE "wbench-demo-passphrase" /* local.json, ssh.json */

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

static void test_base_fixture_with_defaults_filled_in(void **state)
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
	assert_int_equal(sc->crypto[0], WB_CRYPTO_HW);
	assert_int_equal(sc->crypto[1], WB_CRYPTO_SW);
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

static void test_full_fixture_every_key_read(void **state)
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
	assert_int_equal(sc->crypto[0], WB_CRYPTO_SW);
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
	check_roundtrip("local.json", "wbench-demo-passphrase");
	check_roundtrip("ssh.json", "wbench-demo-passphrase");
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

	/* Duplicate keys are errors (the later one would silently win), named with the key. */
	assert_int_equal(wb_scenario_parse("{\"name\": \"a\",\n \"name\": \"b\"}", 27, "x.json",
					   NULL, &sc, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "x.json:2:7: duplicate object key near '\"name\"'");
	/* Other tokens are not quoted: this one is inside a passphrase. */
	assert_int_equal(wb_scenario_parse("{\"passphrase\": \"abc\\q-secret\"}", 31, "x.json",
					   NULL, &sc, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "x.json:1:21: invalid escape");
	assert_int_equal(wb_scenario_parse("", 0, "x.json", NULL, &sc, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "x.json:1:0: '[' or '{' expected near end of file");
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
	snprintf(want, sizeof(want), "%s: passphrase_file 'secrets/tiny.txt': passphrase is 5 "
		 "characters; expected 8..63 printable ASCII characters or 64 hex digits",
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

static void test_local_fixture_every_key_read(void **state)
{
	struct wb_scenario *sc = load_ok(fixture("local.json"));
	const struct wb_scenario_lab *lab = &sc->lab;

	(void)state;
	assert_int_equal(lab->backend, WB_SCENARIO_BACKEND_LOCAL);
	assert_true(wb_scenario_is_real(sc));
	assert_int_equal(lab->n_hosts, 0);
	assert_null(lab->hosts);
	/* every role on this machine */
	assert_null(lab->ap.ssh);
	assert_null(lab->sta.ssh);
	assert_null(lab->sniffer_end.ssh);
	assert_string_equal(wb_scenario_end_host(&lab->ap), "local");
	assert_int_equal(lab->ap.by, WB_SCENARIO_RADIO_DEVICE);
	assert_string_equal(lab->ap.radio, "pci0000:00/0000:00:14.0/usb1/1-1/1-1:1.0");
	assert_int_equal(lab->channel, 1);
	assert_int_equal(lab->sta.by, WB_SCENARIO_RADIO_PHY);
	assert_string_equal(lab->sta.radio, "phy1");
	assert_true(lab->sniffer);
	assert_int_equal(lab->sniffer_end.by, WB_SCENARIO_RADIO_IFNAME);
	assert_string_equal(lab->sniffer_end.radio, "wlx00c0ca000002");
	/* no bridge: the lab's own subnet, the AP end as the peer */
	assert_null(lab->bridge);
	assert_string_equal(lab->ap.address, WB_SCENARIO_AP_ADDRESS);
	assert_string_equal(lab->sta.address, WB_SCENARIO_STA_ADDRESS);
	assert_true(lab->peer_on_ap);
	assert_null(lab->peer.address);
	assert_null(lab->crypto_switch);
	assert_null(lab->ap.profile);
	assert_string_equal(wb_scenario_radio_key(lab->sniffer_end.by), "interface");
	assert_string_equal(wb_scenario_radio_key(WB_SCENARIO_RADIO_NONE), "");
	wb_scenario_free(sc);
}

static void test_ssh_fixture_every_key_read(void **state)
{
	struct wb_scenario *sc = load_ok(fixture("ssh.json"));
	const struct wb_scenario_lab *lab = &sc->lab;
	const struct wb_scenario_ssh *h;
	const struct wb_scenario_crypto_switch *cs;

	(void)state;
	assert_int_equal(lab->backend, WB_SCENARIO_BACKEND_SSH);
	assert_int_equal(lab->n_hosts, 1);
	h = &lab->hosts[0];
	assert_string_equal(h->name, "apbox");
	assert_string_equal(h->target, "root@192.168.1.1");
	assert_int_equal(h->port, 2222);
	/* resolved against the scenario's directory; written as given in the JSON */
	assert_string_equal(h->identity_file, fixture("keys/id_ed25519"));
	assert_string_equal(h->identity_file_given, "keys/id_ed25519");
	assert_string_equal(h->proxy_jump, "me@bastion.example:2200");
	assert_string_equal(h->options[0], "HostKeyAlgorithms=+ssh-rsa");
	assert_string_equal(h->options[1], "PubkeyAcceptedAlgorithms=+ssh-rsa");
	assert_null(h->options[2]);
	assert_ptr_equal(lab->ap.ssh, h);
	assert_string_equal(wb_scenario_end_host(&lab->ap), "apbox");
	/* "/sys/devices/" taken off */
	assert_string_equal(lab->ap.radio, "platform/10180000.wmac");
	assert_int_equal(lab->channel, 11);
	assert_string_equal(lab->bridge, "br-lan");
	assert_null(lab->ap.address);
	assert_null(lab->sta.ssh);
	assert_string_equal(lab->sta.address, "192.168.1.250/24");
	assert_false(lab->peer_on_ap);
	assert_null(lab->peer.ssh);
	assert_string_equal(lab->peer.address, "192.168.1.10");
	assert_int_equal(lab->peer.by, WB_SCENARIO_RADIO_NONE);
	assert_false(lab->sniffer);
	assert_null(lab->sniffer_end.radio);
	cs = lab->crypto_switch;
	assert_non_null(cs);
	assert_string_equal(cs->set[WB_CRYPTO_SW][2], "rmmod rt2800soc; insmod rt2800soc nohwcrypt=1");
	assert_null(cs->set[WB_CRYPTO_SW][3]);
	assert_string_equal(cs->set[WB_CRYPTO_HW][0], "sh");
	assert_string_equal(cs->read[1], "/sys/module/rt2800soc/parameters/nohwcrypt");
	assert_null(cs->read[2]);
	assert_string_equal(cs->value[WB_CRYPTO_HW], "N");
	assert_string_equal(cs->value[WB_CRYPTO_SW], "Y");
	wb_scenario_free(sc);
}

/* The redacted scenario (what results store) keeps the whole lab, hosts included. */
static void test_real_lab_in_redacted_json(void **state)
{
	struct wb_scenario *sc = load_ok(fixture("ssh.json"));
	json_t *j = wb_scenario_to_json(sc, true), *lab, *host;

	(void)state;
	lab = json_object_get(j, "lab");
	host = json_object_get(json_object_get(lab, "hosts"), "apbox");
	assert_string_equal(json_string_value(json_object_get(host, "ssh")), "root@192.168.1.1");
	assert_string_equal(json_string_value(json_object_get(host, "identity_file")),
			    "keys/id_ed25519");
	assert_int_equal(json_array_size(json_object_get(host, "ssh_options")), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(lab, "ap"),
							      "device")),
			    "platform/10180000.wmac");
	assert_string_equal(json_string_value(json_object_get(json_object_get(lab, "peer"),
							      "address")), "192.168.1.10");
	assert_string_equal(json_string_value(json_object_get(j, "passphrase")), "<redacted>");
	json_decref(j);
	wb_scenario_free(sc);
	/* local: no hosts, the defaults written out, the peer as "ap" */
	sc = load_ok(fixture("local.json"));
	j = wb_scenario_to_json(sc, true);
	lab = json_object_get(j, "lab");
	assert_null(json_object_get(lab, "hosts"));
	assert_string_equal(json_string_value(json_object_get(lab, "peer")), "ap");
	assert_string_equal(json_string_value(json_object_get(json_object_get(lab, "sta"),
							      "address")), "10.99.0.2/24");
	json_decref(j);
	wb_scenario_free(sc);
}

/*
 * Host names are keys, and keys reach paths and ssh-facing names: one with a NUL is
 * refused by the parser (jansson), so the loader never sees a name cut short.
 */
static void test_host_name_with_nul_refused(void **state)
{
	static const char text[] =
		"{\"name\":\"x\",\"lab\":{\"backend\":\"ssh\",\"hosts\":{\"ap\\u0000x\":"
		"{\"ssh\":\"root@h\"}},\"ap\":{\"host\":\"ap\",\"phy\":\"phy0\"},"
		"\"sta\":{\"phy\":\"phy1\"},\"sniffer\":{\"enabled\":false}},"
		"\"crypto_modes\":[\"hwcrypt\"],\"security\":[\"none\"],\"traffic\":{\"proto\":"
		"\"tcp\",\"direction\":\"up\",\"duration_s\":1},\"repetitions\":1}";
	struct wb_scenario *sc = (struct wb_scenario *)1;
	char err[1024];

	(void)state;
	assert_int_equal(wb_scenario_parse(text, strlen(text), "x.json", NULL, &sc, err,
					   sizeof(err)), -EINVAL);
	assert_null(sc);
	assert_string_equal(err, "x.json:1:55: NUL byte in object key not supported");
}

/*
 * Mutation tests: take a fixture, apply edits (dotted path -> JSON value; "" replaces the
 * whole document; a path in @del removes the key) and parse the result. The cases live
 * in tests/fixtures/scenarios/mutations.json, which tests/host/t_schemas.sh also runs
 * against docs/scenario.schema.json, so the loader and the schema are held to one list.
 */
static int parse_edited(const char *file, const json_t *set, const json_t *del, char *err,
			size_t errlen, struct wb_scenario **out)
{
	const char *path;
	json_error_t je;
	json_t *root, *obj, *v;
	char buf[256], *key, *dot, *text, dir[4096];
	size_t i;
	int ret;

	root = json_load_file(fixture(file), JSON_ALLOW_NUL, &je);
	assert_non_null(root);
	for (i = 0; i < json_array_size(del) + json_object_size(set); i++) {
		bool deleting = i < json_array_size(del);

		if (deleting) {
			path = json_string_value(json_array_get(del, i));
			v = NULL;
		} else {
			void *it = json_object_iter((json_t *)set);
			size_t k;

			for (k = json_array_size(del); k < i; k++)
				it = json_object_iter_next((json_t *)set, it);
			path = json_object_iter_key(it);
			v = json_deep_copy(json_object_iter_value(it));
		}
		snprintf(buf, sizeof(buf), "%s", path);
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

/* One edit: set @path to the JSON text @value, or delete it when @value is NULL. */
static int parse_mutated(const char *file, const char *path, const char *value, char *err,
			 size_t errlen, struct wb_scenario **out)
{
	json_t *set = json_object(), *del = json_array();
	json_error_t je;
	int ret;

	if (value) {
		json_t *v = json_loads(value, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);

		if (!v)
			fail_msg("bad test value %s: %s", value, je.text);
		json_object_set_new(set, path, v);
	}
	else
		json_array_append_new(del, json_string(path));
	ret = parse_edited(file, set, del, err, errlen, out);
	json_decref(set);
	json_decref(del);
	return ret;
}

static json_t *load_mutations(void)
{
	json_error_t je;
	json_t *m = json_load_file(fixture("mutations.json"), JSON_ALLOW_NUL, &je);

	if (!m)
		fail_msg("mutations.json:%d:%d: %s", je.line, je.column, je.text);
	return m;
}

/* The fixture a mutation edits: its own "base", else the file's. */
static const char *mutation_base(const json_t *m, const json_t *e)
{
	const char *b = json_string_value(json_object_get(e, "base"));

	return b ? b : json_string_value(json_object_get(m, "base"));
}

static void test_each_mutation_rejected_with_its_message(void **state)
{
	json_t *m = load_mutations(), *e;
	struct wb_scenario *sc;
	const char *want;
	char err[1024], *what;
	size_t i, real = 0;
	int ret;

	(void)state;
	assert_true(json_array_size(json_object_get(m, "rejected")) >= 150);
	json_array_foreach(json_object_get(m, "rejected"), i, e) {
		sc = (struct wb_scenario *)1;
		want = json_string_value(json_object_get(e, "error"));
		real += strcmp(mutation_base(m, e), "base.json") != 0;
		ret = parse_edited(mutation_base(m, e), json_object_get(e, "set"),
				   json_object_get(e, "delete"), err, sizeof(err), &sc);
		if (ret != -EINVAL || strcmp(err, want) != 0) {
			what = json_dumps(e, JSON_COMPACT);
			fail_msg("rejected[%zu] %s: got %d '%s'", i, what, ret, err);
		}
		assert_null(sc);
		/* No message ever quotes the passphrase, whatever went wrong. */
		assert_null(strstr(err, BASE_PASSPHRASE));
		assert_null(strstr(err, REAL_PASSPHRASE));
	}
	/* the real labs' own list (tests/fixtures/scenarios/local.json and ssh.json) */
	assert_true(real >= 80);
	json_array_foreach(json_object_get(m, "accepted"), i, e) {
		ret = parse_edited(mutation_base(m, e), json_object_get(e, "set"),
				   json_object_get(e, "delete"), err, sizeof(err), &sc);
		if (ret) {
			what = json_dumps(e, JSON_COMPACT);
			fail_msg("accepted[%zu] %s: %s", i, what, err);
		}
		wb_scenario_free(sc);
	}
	json_decref(m);
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
	json_t *edit;
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
	edit = json_pack("{s:[s, s], s:s}", "security", "psk2", "psk2+pmf", "passphrase",
			 "0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef");
	assert_int_equal(parse_edited("base.json", edit, NULL, err, sizeof(err), &sc), 0);
	assert_int_equal(sc->passphrase_len, 64);
	json_decref(edit);
	wb_scenario_free(sc);
	/* A leading zero is decimal, not octal. */
	assert_int_equal(parse_mutated("base.json", "seed", "\"010\"", err, sizeof(err), &sc), 0);
	assert_int_equal(sc->seed, 10);
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

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base_fixture_with_defaults_filled_in),
		cmocka_unit_test(test_full_fixture_every_key_read),
		cmocka_unit_test(test_ssid_bytes_and_open),
		cmocka_unit_test(test_to_json),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_passphrase_not_in_syntax_error),
		cmocka_unit_test(test_passphrase_file_errors),
		cmocka_unit_test(test_passphrase_file_absolute),
		cmocka_unit_test(test_local_fixture_every_key_read),
		cmocka_unit_test(test_ssh_fixture_every_key_read),
		cmocka_unit_test(test_real_lab_in_redacted_json),
		cmocka_unit_test(test_host_name_with_nul_refused),
		cmocka_unit_test(test_each_mutation_rejected_with_its_message),
		cmocka_unit_test(test_accepted_values),
		cmocka_unit_test(test_shipped_scenarios),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
