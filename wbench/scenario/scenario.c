#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/wifi/confcheck.h"
#include "wbench/scenario/scenario_priv.h"
#include "reports/results.h"
#include "wbench/lib/util.h"

/* Largest scenario file read, in bytes. */
#define SCENARIO_FILE_MAX (1024 * 1024)
#define BITRATE_MAX 100000000000ULL /* 100 Gbit/s */
#define BLKSIZE_MAX (1024 * 1024)
#define UDP_BLKSIZE_MAX 65507       /* largest UDP payload over IPv4 */
#define REDACTED "<redacted>"

/* The names are the results file's: one traffic vocabulary, indexed by our enums. */
_Static_assert(WB_SCENARIO_PROTOS == WB_RESULTS_PROTOS && WB_SCENARIO_DIRS == WB_RESULTS_DIRS,
	       "a scenario and its results name protocols and directions alike");

const char *wb_scenario_proto_name(enum wb_scenario_proto p)
{
	return (unsigned int)p < WB_SCENARIO_PROTOS ? wb_results_proto_names[p] : "?";
}

const char *wb_scenario_dir_name(enum wb_scenario_dir d)
{
	return (unsigned int)d < WB_SCENARIO_DIRS ? wb_results_dir_names[d] : "?";
}

unsigned int wb_scenario_blksize(const struct wb_scenario *sc, enum wb_scenario_proto proto)
{
	if (sc->traffic.blksize)
		return sc->traffic.blksize;
	return proto == WB_SCENARIO_PROTO_UDP ? WB_SCENARIO_UDP_BLKSIZE : 0;
}

size_t wb_scenario_n_modes(const struct wb_scenario *sc)
{
	return sc->n_crypto * sc->n_security * sc->traffic.n_protos * sc->traffic.n_dirs;
}

/*
 * A value that is one name of @names or, when @allow_single is false, only a non-empty
 * list of distinct names. @out receives indexes into @names (at most @max).
 */
static int get_name_list(struct wb_jsonv *jv, const json_t *v, const char *path,
			 const char *const names[], bool allow_single, int *out, size_t max,
			 size_t *n)
{
	char p[WB_JSONV_PATH_MAX], expected[256];
	size_t i, j;
	json_t *e;
	int ret;

	*n = 0;
	if (allow_single && json_is_string(v)) {
		*n = 1;
		return wb_jsonv_enum(jv, v, path, names, &out[0]);
	}
	if (!json_is_array(v)) {
		wb_jsonv_expected_list(names, expected, sizeof(expected));
		if (allow_single)
			return wb_jsonv_fail(jv, path, "expected %s or a list of them, got %s",
					     expected, wb_jsonv_type_name(v));
		return wb_jsonv_expect(jv, v, path, WB_JSONV_ARRAY, false);
	}
	if (json_array_size(v) == 0)
		return wb_jsonv_fail(jv, path, "expected a non-empty list");
	json_array_foreach(v, i, e) {
		wb_jsonv_path_idx(p, path, i);
		if (i >= max)
			return wb_jsonv_fail(jv, p, "more entries than there are distinct values");
		ret = wb_jsonv_enum(jv, e, p, names, &out[i]);
		if (ret < 0)
			return ret;
		for (j = 0; j < i; j++)
			if (out[j] == out[i])
				return wb_jsonv_fail(jv, p, "duplicate \"%s\" (already at %s[%zu])",
						     names[out[i]], path, j);
	}
	*n = json_array_size(v);
	return 0;
}

/* Builds the entry's unique label: profile name plus its options. */
static void security_label(struct wb_scenario_security *s)
{
	snprintf(s->label, sizeof(s->label), "%s%s", s->profile->name,
		 s->beacon_protection ? "+bp" : "");
	if (s->sae_pwe >= 0)
		snprintf(s->label + strlen(s->label), sizeof(s->label) - strlen(s->label),
			 "+pwe%d", s->sae_pwe);
}

static int parse_security_entry(struct wb_jsonv *jv, const json_t *e, const char *path,
				const char *const names[], struct wb_scenario_security *s)
{
	static const char *const keys[] = { "profile", "beacon_protection", "sae_pwe", NULL };
	char p[WB_JSONV_PATH_MAX];
	uint64_t pwe = 0;
	json_t *v;
	int ret, idx;
	size_t n;

	s->sae_pwe = -1;
	if (json_is_string(e)) {
		v = (json_t *)e;
		snprintf(p, sizeof(p), "%s", path);
	} else if (json_is_object(e)) {
		if ((ret = wb_jsonv_check_keys(jv, e, path, keys)) < 0 ||
		    (ret = wb_jsonv_member(jv, e, path, "profile", true, p, &v)) < 0)
			return ret;
	} else {
		return wb_jsonv_fail(jv, path, "expected a profile name or an object, got %s",
				     wb_jsonv_type_name(e));
	}
	ret = wb_jsonv_enum(jv, v, p, names, &idx);
	if (ret < 0)
		return ret;
	s->profile = &wb_security_all(&n)[idx];
	if (!json_is_object(e))
		return 0;
	ret = wb_jsonv_get_bool(jv, e, path, "beacon_protection", false, &s->beacon_protection);
	if (ret < 0)
		return ret;
	/* Beacon protection rides on the IGTK/BIGTK machinery of PMF. */
	if (s->beacon_protection && s->profile->ieee80211w == 0)
		return wb_jsonv_fail(jv, wb_jsonv_path_key(p, path, "beacon_protection"),
				     "needs PMF, which profile '%s' does not enable",
				     s->profile->name);
	if (json_object_get(e, "sae_pwe")) {
		ret = wb_jsonv_get_uint(jv, e, path, "sae_pwe", false, 0, 2, &pwe);
		if (ret < 0)
			return ret;
		if (!s->profile->sae)
			return wb_jsonv_fail(jv, wb_jsonv_path_key(p, path, "sae_pwe"),
					     "only SAE profiles take sae_pwe ('%s' does not use "
					     "SAE)", s->profile->name);
		s->sae_pwe = (int)pwe;
	}
	return 0;
}

static int parse_security(struct wb_jsonv *jv, const json_t *v, struct wb_scenario *sc)
{
	const char *names[16];
	const struct wb_security *all;
	char p[WB_JSONV_PATH_MAX];
	size_t n, i, j;
	json_t *e;
	int ret;

	all = wb_security_all(&n);
	for (i = 0; i < n && i < WB_ARRAY_SIZE(names) - 1; i++)
		names[i] = all[i].name;
	names[i] = NULL;
	if ((ret = wb_jsonv_expect(jv, v, "security", WB_JSONV_ARRAY, false)) < 0)
		return ret;
	if (json_array_size(v) == 0)
		return wb_jsonv_fail(jv, "security", "expected a non-empty list");
	if (json_array_size(v) > WB_SCENARIO_SECURITY_MAX)
		return wb_jsonv_fail(jv, "security", "expected at most %d entries, got %zu",
				     WB_SCENARIO_SECURITY_MAX, json_array_size(v));
	sc->security = calloc(json_array_size(v), sizeof(*sc->security));
	if (!sc->security)
		return -ENOMEM;
	json_array_foreach(v, i, e) {
		struct wb_scenario_security *s = &sc->security[i];

		wb_jsonv_path_idx(p, "security", i);
		ret = parse_security_entry(jv, e, p, names, s);
		if (ret < 0)
			return ret;
		security_label(s);
		sc->n_security = i + 1;
		for (j = 0; j < i; j++)
			if (strcmp(sc->security[j].label, s->label) == 0)
				return wb_jsonv_fail(jv, p, "duplicate entry '%s' (same as "
						     "security[%zu])",
						     s->label, j);
	}
	return 0;
}

/*
 * Checks a passphrase without ever quoting it: 8..63 printable ASCII characters
 * (WPA passphrase / SAE password) or 64 hex digits (a raw PSK).
 */
static int check_passphrase(struct wb_jsonv *jv, const char *path, const char *pw, size_t len,
			    bool *is_hex)
{
	enum wb_passphrase_kind kind;
	char why[256];

	/* The same rules as the config generators: one checker, never quoting the secret. */
	if (wb_passphrase_check(pw, len, &kind, why, sizeof(why)) < 0)
		return wb_jsonv_fail(jv, path, "%s", why);
	*is_hex = kind == WB_PASSPHRASE_PSK_HEX;
	return 0;
}

/* First line of the file, without its line ending. The buffer is wiped after use. */
static int read_passphrase_file(struct wb_jsonv *jv, const char *base_dir, const char *file,
				struct wb_scenario *sc)
{
	char *path, *buf = NULL;
	size_t len = 0, line;
	int ret;

	path = wb_scenario_resolve_path(base_dir, file);
	if (!path)
		return -ENOMEM;
	ret = wb_read_file(path, WB_PASSPHRASE_FILE_MAX, &buf, &len);
	if (ret < 0) {
		wb_jsonv_fail(jv, "passphrase_file", "cannot read '%s': %s", path,
			      wb_read_file_strerror(ret));
		free(path);
		return ret;
	}
	free(path);
	/* NUL bytes stay in the line, so that the check below rejects them. */
	for (line = 0; line < len && buf[line] != '\n'; line++)
		;
	if (line > 0 && buf[line - 1] == '\r')
		line--;
	sc->passphrase = malloc(line + 1);
	if (sc->passphrase) {
		memcpy(sc->passphrase, buf, line);
		sc->passphrase[line] = '\0';
		sc->passphrase_len = line;
	}
	wb_secure_zero(buf, len);
	free(buf);
	return sc->passphrase ? 0 : -ENOMEM;
}

static int parse_passphrase(struct wb_jsonv *jv, const json_t *root, const char *base_dir,
			    struct wb_scenario *sc)
{
	const char *file = NULL, *needer = NULL;
	char what[WB_JSONV_PATH_MAX];
	bool is_hex = false;
	json_t *v;
	size_t i;
	int ret;

	for (i = 0; i < sc->n_security && !needer; i++)
		if (sc->security[i].profile->passphrase)
			needer = sc->security[i].profile->name;
	v = json_object_get(root, "passphrase");
	if (v && json_object_get(root, "passphrase_file"))
		return wb_jsonv_fail(jv, "", "'passphrase' and 'passphrase_file' are mutually "
				     "exclusive");
	if (v) {
		if ((ret = wb_jsonv_expect(jv, v, "passphrase", WB_JSONV_STRING, true)) < 0)
			return ret;
		sc->passphrase_len = json_string_length(v);
		sc->passphrase = malloc(sc->passphrase_len + 1);
		if (!sc->passphrase)
			return -ENOMEM;
		memcpy(sc->passphrase, json_string_value(v), sc->passphrase_len + 1);
		snprintf(what, sizeof(what), "passphrase");
	} else {
		ret = wb_jsonv_get_string(jv, root, "", "passphrase_file", false, &file, NULL);
		if (ret < 0)
			return ret;
		if (!file) {
			if (needer)
				return wb_jsonv_fail(jv, "", "missing 'passphrase' or "
						     "'passphrase_file' (security profile '%s' "
						     "needs one)", needer);
			return 0;
		}
		if (!*file)
			return wb_jsonv_fail(jv, "passphrase_file",
					     "expected a file name, got \"\"");
		sc->passphrase_file = strdup(file);
		if (!sc->passphrase_file)
			return -ENOMEM;
		ret = read_passphrase_file(jv, base_dir, file, sc);
		if (ret < 0)
			return ret;
		snprintf(what, sizeof(what), "passphrase_file '%s'", file);
	}
	ret = check_passphrase(jv, what, sc->passphrase, sc->passphrase_len, &is_hex);
	if (ret < 0)
		return ret;
	/* What a results file shows instead of the secret is not a passphrase. */
	if (strcmp(sc->passphrase, REDACTED) == 0)
		return wb_jsonv_fail(jv, what, "'%s' is the placeholder written into results; give "
				     "the real passphrase", REDACTED);
	for (i = 0; i < sc->n_security && is_hex; i++)
		if (sc->security[i].profile->sae)
			return wb_jsonv_fail(jv, what, "a 64-hex-digit PSK cannot be used with SAE "
					     "profile '%s' (SAE needs a passphrase of 8..63 "
					     "characters)", sc->security[i].profile->name);
	return 0;
}

static int parse_ssid(struct wb_jsonv *jv, const json_t *root, struct wb_scenario *sc)
{
	char shown[WB_JSONV_VALUE_MAX + 8];
	const char *s = NULL, *hex = NULL;
	size_t len = 0;
	int ret;

	if (json_object_get(root, "ssid") && json_object_get(root, "ssid_hex"))
		return wb_jsonv_fail(jv, "", "'ssid' and 'ssid_hex' are mutually exclusive");
	if ((ret = wb_jsonv_get_string(jv, root, "", "ssid", false, &s, &len)) < 0 ||
	    (ret = wb_jsonv_get_string(jv, root, "", "ssid_hex", false, &hex, &len)) < 0)
		return ret;
	if (hex) {
		if (len < 2 || len > 2 * WB_SCENARIO_SSID_MAX || len % 2 ||
		    wb_hex_decode(hex, sc->ssid, len / 2) < 0)
			return wb_jsonv_fail(jv, "ssid_hex", "expected 2..64 hex digits (1..32 "
					     "bytes), got %s",
					     wb_jsonv_render(json_object_get(root, "ssid_hex"),
							     shown, sizeof(shown)));
		sc->ssid_len = len / 2;
		return 0;
	}
	if (!s) {
		s = WB_SCENARIO_DEFAULT_SSID;
		len = strlen(s);
	}
	/* Any bytes are a valid SSID, NUL and newline included; only the length is fixed. */
	if (len < 1 || len > WB_SCENARIO_SSID_MAX)
		return wb_jsonv_fail(jv, "ssid", "expected 1..32 bytes, got %zu", len);
	memcpy(sc->ssid, s, len);
	sc->ssid_len = len;
	return 0;
}

/* Parses "100M", "1.5G", "500k", "2000" (decimal SI prefixes, as iperf3 -b). */
static bool parse_rate_string(const char *s, uint64_t *out)
{
	uint64_t mant = 0, mult = 1, div = 1;
	int digits = 0, frac = -1;
	double d;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (digits >= 18)
				return false;
			mant = mant * 10 + (uint64_t)(*s - '0');
			digits++;
			if (frac >= 0) {
				frac++;
				div *= 10;
			}
		} else if (*s == '.' && frac < 0 && digits) {
			frac = 0;
		} else {
			break;
		}
	}
	if (!digits || frac == 0)
		return false;
	switch (*s) {
	case '\0':
		break;
	case 'k': case 'K':
		mult = 1000ULL;
		break;
	case 'm': case 'M':
		mult = 1000000ULL;
		break;
	case 'g': case 'G':
		mult = 1000000000ULL;
		break;
	default:
		return false;
	}
	if (*s && s[1])
		return false;
	/* Exact in a double: results are at most 1e11, far below 2^53. */
	d = (double)mant / (double)div * (double)mult;
	if (d > (double)BITRATE_MAX)
		return false;
	*out = (uint64_t)(d + 0.5);
	return true;
}

static int parse_bitrate(struct wb_jsonv *jv, const json_t *v, const char *path, uint64_t *out)
{
	char shown[WB_JSONV_VALUE_MAX + 8];
	double d;

	if (json_is_string(v) && json_string_length(v) == strlen(json_string_value(v)) &&
	    parse_rate_string(json_string_value(v), out) && *out >= 1 && *out <= BITRATE_MAX)
		return 0;
	if (json_is_number(v)) {
		d = json_number_value(v);
		if (d >= 1 && d <= (double)BITRATE_MAX) {
			*out = (uint64_t)(d + 0.5);
			return 0;
		}
	}
	return wb_jsonv_fail(jv, path, "expected bits per second (1..100G) as a number or a string "
			     "like \"100M\", \"1.5G\" or \"500k\", got %s",
			     wb_jsonv_render(v, shown, sizeof(shown)));
}

static int parse_traffic(struct wb_jsonv *jv, const json_t *v, struct wb_scenario *sc)
{
	static const char *const keys[] = { "proto", "direction", "streams", "duration_s",
					    "omit_s", "bitrate", "blksize", NULL };
	struct wb_scenario_traffic *t = &sc->traffic;
	uint64_t streams = 1, duration = 0, omit = 0, blksize = 0;
	char p[WB_JSONV_PATH_MAX];
	int proto_idx[WB_SCENARIO_PROTOS], dir_idx[WB_SCENARIO_DIRS], ret;
	bool udp = false;
	json_t *e;
	size_t i;

	if ((ret = wb_jsonv_expect(jv, v, "traffic", WB_JSONV_OBJECT, false)) < 0 ||
	    (ret = wb_jsonv_check_keys(jv, v, "traffic", keys)) < 0 ||
	    (ret = wb_jsonv_member(jv, v, "traffic", "proto", true, p, &e)) < 0 ||
	    (ret = get_name_list(jv, e, p, wb_results_proto_names, true, proto_idx,
				  WB_SCENARIO_PROTOS, &t->n_protos)) < 0)
		return ret;
	for (i = 0; i < t->n_protos; i++) {
		t->protos[i] = (enum wb_scenario_proto)proto_idx[i];
		udp |= t->protos[i] == WB_SCENARIO_PROTO_UDP;
	}
	if ((ret = wb_jsonv_member(jv, v, "traffic", "direction", true, p, &e)) < 0 ||
	    (ret = get_name_list(jv, e, p, wb_results_dir_names, true, dir_idx, WB_SCENARIO_DIRS,
				  &t->n_dirs)) < 0)
		return ret;
	for (i = 0; i < t->n_dirs; i++)
		t->dirs[i] = (enum wb_scenario_dir)dir_idx[i];
	if ((ret = wb_jsonv_get_uint(jv, v, "traffic", "streams", false, 1, 128, &streams)) < 0 ||
	    (ret = wb_jsonv_get_uint(jv, v, "traffic", "duration_s", true, 1, 3600,
				     &duration)) < 0 ||
	    (ret = wb_jsonv_get_uint(jv, v, "traffic", "omit_s", false, 0, 60, &omit)) < 0 ||
	    (ret = wb_jsonv_get_uint(jv, v, "traffic", "blksize", false, 1, BLKSIZE_MAX,
				     &blksize)) < 0)
		return ret;
	if (omit >= duration)
		return wb_jsonv_fail(jv, "traffic.omit_s", "must be less than duration_s (%llu), "
				     "got %llu", (unsigned long long)duration,
				     (unsigned long long)omit);
	if (udp && blksize > UDP_BLKSIZE_MAX)
		return wb_jsonv_fail(jv, "traffic.blksize", "UDP datagrams carry at most %d bytes, "
				     "got %llu", UDP_BLKSIZE_MAX, (unsigned long long)blksize);
	e = json_object_get(v, "bitrate");
	/* Unpaced UDP overruns socket buffers and measures loss, not the link. */
	if (!e && udp)
		return wb_jsonv_fail(jv, "traffic", "missing required key 'bitrate' (needed for "
				     "\"udp\")");
	if (e && (ret = parse_bitrate(jv, e, "traffic.bitrate", &t->bitrate_bps)) < 0)
		return ret;
	t->streams = (unsigned int)streams;
	t->duration_s = (unsigned int)duration;
	t->omit_s = (unsigned int)omit;
	t->blksize = (unsigned int)blksize;
	return 0;
}

static int parse_seed(struct wb_jsonv *jv, const json_t *root, uint64_t *seed)
{
	char shown[WB_JSONV_VALUE_MAX + 8], *end;
	const json_t *v = json_object_get(root, "seed");
	const char *s;
	bool hex;

	*seed = WB_SCENARIO_DEFAULT_SEED;
	if (!v)
		return 0;
	if (json_is_integer(v) && json_integer_value(v) >= 0) {
		*seed = (uint64_t)json_integer_value(v);
		return 0;
	}
	/*
	 * Values above 2^63-1 do not fit a JSON integer in jansson: take them as strings,
	 * decimal or 0x hex (a leading 0 is not octal).
	 */
	if (json_is_string(v) && strlen(json_string_value(v)) == json_string_length(v)) {
		s = json_string_value(v);
		hex = (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'));
		if (hex)
			s += 2;
		errno = 0;
		if (isxdigit((unsigned char)s[0]) && (hex || isdigit((unsigned char)s[0]))) {
			*seed = strtoull(s, &end, hex ? 16 : 10);
			if (!errno && !*end)
				return 0;
		}
	}
	return wb_jsonv_fail(jv, "seed", "expected an integer in 0..2^64-1 (a decimal or 0x string "
			     "above 2^63-1), got %s", wb_jsonv_render(v, shown, sizeof(shown)));
}

static int parse_name(struct wb_jsonv *jv, const json_t *root, struct wb_scenario *sc)
{
	char shown[WB_JSONV_VALUE_MAX + 8];
	const char *s = NULL, *d = NULL;
	size_t len = 0, i;
	int ret;

	ret = wb_jsonv_get_string(jv, root, "", "name", true, &s, &len);
	if (ret < 0)
		return ret;
	/* The name ends up in file names and report titles: keep it to a safe alphabet. */
	for (i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-",
			    s[i]) || !s[i])
			break;
	if (len < 1 || len > 64 || i < len)
		return wb_jsonv_fail(jv, "name", "expected 1..64 characters from [A-Za-z0-9._+-], "
				     "got %s", wb_jsonv_render(json_object_get(root, "name"), shown,
							       sizeof(shown)));
	ret = wb_jsonv_get_string(jv, root, "", "description", false, &d, &len);
	if (ret < 0)
		return ret;
	if (d && (strlen(d) != len || len > 1024))
		return wb_jsonv_fail(jv, "description", "expected at most 1024 bytes without NUL");
	sc->name = strdup(s);
	sc->description = d ? strdup(d) : NULL;
	return sc->name && (!d || sc->description) ? 0 : -ENOMEM;
}

/* stability: reconnect cycles, the soak and the rekey intervals (docs/scenario.md). */
static int parse_stability(struct wb_jsonv *jv, const json_t *v, struct wb_scenario *sc)
{
	static const char *const keys[] = { "reconnect_cycles", "soak_s", "soak_segment_s",
					    "stall_pct", "wpa_group_rekey", "wpa_ptk_rekey", NULL };
	uint64_t cycles = 0, soak = 0, seg = WB_SCENARIO_SOAK_SEGMENT_S;
	uint64_t stall = WB_SCENARIO_STALL_PCT, group = 0, ptk = 0;
	int ret;

	if (v && ((ret = wb_jsonv_expect(jv, v, "stability", WB_JSONV_OBJECT, false)) < 0 ||
		  (ret = wb_jsonv_check_keys(jv, v, "stability", keys)) < 0 ||
		  (ret = wb_jsonv_get_uint(jv, v, "stability", "reconnect_cycles", false, 0,
					   WB_SCENARIO_RECONNECT_MAX, &cycles)) < 0 ||
		  (ret = wb_jsonv_get_uint(jv, v, "stability", "soak_s", false, 0,
					   WB_SCENARIO_SOAK_MAX, &soak)) < 0 ||
		  (ret = wb_jsonv_get_uint(jv, v, "stability", "soak_segment_s", false, 10,
					   3600, &seg)) < 0 ||
		  (ret = wb_jsonv_get_uint(jv, v, "stability", "stall_pct", false, 1, 99,
					   &stall)) < 0 ||
		  (ret = wb_jsonv_get_uint(jv, v, "stability", "wpa_group_rekey", false, 0,
					   WB_SCENARIO_REKEY_MAX, &group)) < 0 ||
		  (ret = wb_jsonv_get_uint(jv, v, "stability", "wpa_ptk_rekey", false, 0,
					   WB_SCENARIO_REKEY_MAX, &ptk)) < 0))
		return ret;
	if (soak && soak < WB_SCENARIO_SOAK_MIN)
		return wb_jsonv_fail(jv, "stability.soak_s", "expected 0 (no soak) or %u..%u "
				     "seconds", WB_SCENARIO_SOAK_MIN, WB_SCENARIO_SOAK_MAX);
	if ((group && group < WB_SCENARIO_REKEY_MIN) || (ptk && ptk < WB_SCENARIO_REKEY_MIN))
		return wb_jsonv_fail(jv, group && group < WB_SCENARIO_REKEY_MIN ?
				     "stability.wpa_group_rekey" : "stability.wpa_ptk_rekey",
				     "expected 0 (hostapd's default) or %u..%u seconds",
				     WB_SCENARIO_REKEY_MIN, WB_SCENARIO_REKEY_MAX);
	if ((group || ptk) && !soak)
		return wb_jsonv_fail(jv, group ? "stability.wpa_group_rekey" :
				     "stability.wpa_ptk_rekey", "a rekey's dip and recovery are "
				     "measured during the soak: set stability.soak_s too");
	sc->reconnect_cycles = (unsigned int)cycles;
	sc->soak_s = (unsigned int)soak;
	sc->soak_segment_s = (unsigned int)seg;
	sc->stall_pct = (unsigned int)stall;
	sc->group_rekey_s = (unsigned int)group;
	sc->ptk_rekey_s = (unsigned int)ptk;
	return 0;
}

/* latency: the probes' rate, the idle baseline's length, their size (docs/scenario.md). */
static int parse_latency(struct wb_jsonv *jv, const json_t *v, struct wb_scenario *sc)
{
	static const char *const keys[] = { "probes_per_s", "idle_s", "size_bytes", NULL };
	uint64_t rate = WB_SCENARIO_LATENCY_RATE, idle = WB_SCENARIO_LATENCY_IDLE_S;
	uint64_t size = WB_SCENARIO_LATENCY_SIZE;
	int ret;

	if (v && ((ret = wb_jsonv_expect(jv, v, "latency", WB_JSONV_OBJECT, false)) < 0 ||
		  (ret = wb_jsonv_check_keys(jv, v, "latency", keys)) < 0 ||
		  (ret = wb_jsonv_get_uint(jv, v, "latency", "probes_per_s", false, 0,
					   WB_SCENARIO_LATENCY_RATE_MAX, &rate)) < 0 ||
		  (ret = wb_jsonv_get_uint(jv, v, "latency", "idle_s", false, 0, 60, &idle)) < 0 ||
		  (ret = wb_jsonv_get_uint(jv, v, "latency", "size_bytes", false, 16, 1400,
					   &size)) < 0))
		return ret;
	sc->latency_rate = (unsigned int)rate;
	sc->latency_idle_s = (unsigned int)idle;
	sc->latency_size = (unsigned int)size;
	return 0;
}

static int parse_options(struct wb_jsonv *jv, const json_t *root, struct wb_scenario *sc)
{
	static const char *const check_keys[] = { "forged_deauth", "burst", "burst_interval_ms",
						  NULL };
	uint64_t burst = 0, interval = WB_SCENARIO_BURST_INTERVAL_MS;
	static const char *const capture_keys[] = { "save", "full", NULL };
	json_t *v;
	int ret;

	if ((ret = parse_stability(jv, json_object_get(root, "stability"), sc)) < 0 ||
	    (ret = parse_latency(jv, json_object_get(root, "latency"), sc)) < 0)
		return ret;

	v = json_object_get(root, "active_check");
	if (v && ((ret = wb_jsonv_expect(jv, v, "active_check", WB_JSONV_OBJECT, false)) < 0 ||
		  (ret = wb_jsonv_check_keys(jv, v, "active_check", check_keys)) < 0 ||
		  (ret = wb_jsonv_get_bool(jv, v, "active_check", "forged_deauth", false,
					   &sc->forged_deauth)) < 0 ||
		  (ret = wb_jsonv_get_uint(jv, v, "active_check", "burst", false, 0,
					   WB_SCENARIO_BURST_MAX, &burst)) < 0 ||
		  (ret = wb_jsonv_get_uint(jv, v, "active_check", "burst_interval_ms", false, 10,
					   10000, &interval)) < 0))
		return ret;
	if (burst && !sc->forged_deauth)
		return wb_jsonv_fail(jv, "active_check.burst", "a burst is part of the active "
				     "check: set active_check.forged_deauth to true too");
	sc->deauth_burst = (unsigned int)burst;
	sc->burst_interval_ms = (unsigned int)interval;
	v = json_object_get(root, "capture");
	if (v && ((ret = wb_jsonv_expect(jv, v, "capture", WB_JSONV_OBJECT, false)) < 0 ||
		  (ret = wb_jsonv_check_keys(jv, v, "capture", capture_keys)) < 0 ||
		  (ret = wb_jsonv_get_bool(jv, v, "capture", "save", false,
					   &sc->capture_save)) < 0 ||
		  (ret = wb_jsonv_get_bool(jv, v, "capture", "full", false,
					   &sc->capture_full)) < 0))
		return ret;
	return 0;
}

static int parse_root(struct wb_jsonv *jv, const json_t *root, const char *base_dir,
		      struct wb_scenario *sc)
{
	static const char *const keys[] = {
		"$schema", "name", "description", "lab", "crypto_modes", "security", "ssid",
		"ssid_hex", "passphrase", "passphrase_file", "traffic", "repetitions", "seed",
		"active_check", "capture", "stability", "latency", NULL
	};
	const char *schema = NULL; /* for editors; not interpreted */
	uint64_t reps = 0;
	char p[WB_JSONV_PATH_MAX];
	int idx[WB_CRYPTO_MODES], ret;
	json_t *v;
	size_t i;

	if (!json_is_object(root))
		return wb_jsonv_fail(jv, "", "expected a JSON object at the top level, got %s",
				     wb_jsonv_type_name(root));
	if ((ret = wb_jsonv_check_keys(jv, root, "", keys)) < 0 ||
	    (ret = wb_jsonv_get_string(jv, root, "", "$schema", false, &schema, NULL)) < 0 ||
	    (ret = parse_name(jv, root, sc)) < 0 ||
	    (ret = wb_jsonv_member(jv, root, "", "lab", true, p, &v)) < 0 ||
	    (ret = wb_scenario_parse_lab(jv, v, base_dir, &sc->lab)) < 0 ||
	    (ret = wb_jsonv_member(jv, root, "", "crypto_modes", true, p, &v)) < 0 ||
	    (ret = get_name_list(jv, v, p, wb_crypto_mode_names, false, idx, WB_CRYPTO_MODES,
				  &sc->n_crypto)) < 0)
		return ret;
	for (i = 0; i < sc->n_crypto; i++)
		sc->crypto[i] = (enum wb_crypto_mode)idx[i];
	if ((ret = wb_jsonv_member(jv, root, "", "security", true, p, &v)) < 0 ||
	    (ret = parse_security(jv, v, sc)) < 0 ||
	    (ret = parse_ssid(jv, root, sc)) < 0 ||
	    (ret = parse_passphrase(jv, root, base_dir, sc)) < 0 ||
	    (ret = wb_jsonv_member(jv, root, "", "traffic", true, p, &v)) < 0 ||
	    (ret = parse_traffic(jv, v, sc)) < 0 ||
	    (ret = wb_jsonv_get_uint(jv, root, "", "repetitions", true, 1, 1000, &reps)) < 0 ||
	    (ret = parse_seed(jv, root, &sc->seed)) < 0 ||
	    (ret = parse_options(jv, root, sc)) < 0)
		return ret;
	sc->repetitions = (unsigned int)reps;
	if (wb_scenario_n_modes(sc) * sc->repetitions > WB_SCENARIO_CELLS_MAX)
		return wb_jsonv_fail(jv, "", "the plan has %zu cells, more than %d",
				     wb_scenario_n_modes(sc) * sc->repetitions,
				     WB_SCENARIO_CELLS_MAX);
	return 0;
}

/* jansson frees strings without wiping them: clear the passphrase inside the tree. */
static void wipe_json_passphrase(json_t *root)
{
	json_t *v = json_object_get(root, "passphrase");

	if (json_is_string(v))
		wb_secure_zero((char *)json_string_value(v), json_string_length(v));
}

int wb_scenario_parse(const char *text, size_t len, const char *name, const char *base_dir,
		      struct wb_scenario **out, char *err, size_t errlen)
{
	struct wb_scenario *sc;
	struct wb_jsonv jv;
	json_t *root;
	int ret;

	*out = NULL;
	wb_jsonv_init(&jv, name, err, errlen);
	root = wb_jsonv_parse(&jv, text, len);
	if (!root)
		return -EINVAL;
	sc = calloc(1, sizeof(*sc));
	if (!sc) {
		ret = -ENOMEM;
	} else {
		ret = parse_root(&jv, root, base_dir, sc);
		if (ret < 0 && !jv.failed)
			wb_jsonv_fail_errno(&jv, "", ret, "cannot load scenario");
	}
	wipe_json_passphrase(root);
	json_decref(root);
	if (ret < 0) {
		wb_scenario_free(sc);
		return ret;
	}
	*out = sc;
	return 0;
}

int wb_scenario_load(const char *path, struct wb_scenario **out, char *err, size_t errlen)
{
	char *text = NULL, *dir = NULL, *slash;
	size_t len = 0;
	int ret;

	*out = NULL;
	ret = wb_read_file(path, SCENARIO_FILE_MAX, &text, &len);
	if (ret < 0) {
		if (err && errlen)
			snprintf(err, errlen, "cannot read scenario '%s': %s", path,
				 ret == -EFBIG ? "larger than 1 MiB" : wb_read_file_strerror(ret));
		return ret;
	}
	slash = strrchr(path, '/');
	if (slash) {
		dir = strndup(path, slash == path ? 1 : (size_t)(slash - path));
		if (!dir) {
			ret = -ENOMEM;
			goto out;
		}
	}
	ret = wb_scenario_parse(text, len, path, dir, out, err, errlen);
	if (ret == 0 && !((*out)->path = strdup(path))) {
		wb_scenario_free(*out);
		*out = NULL;
		ret = -ENOMEM;
	}
out:
	/* The file text holds an inline passphrase. */
	wb_secure_zero(text, len);
	free(text);
	free(dir);
	return ret;
}

void wb_scenario_free(struct wb_scenario *sc)
{
	if (!sc)
		return;
	if (sc->passphrase) {
		wb_secure_zero(sc->passphrase, sc->passphrase_len);
		free(sc->passphrase);
	}
	free(sc->passphrase_file);
	free(sc->path);
	free(sc->name);
	free(sc->description);
	free(sc->security);
	wb_scenario_release_lab(&sc->lab);
	free(sc);
}
