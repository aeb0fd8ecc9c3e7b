/* wbench: the per-host preflight (see preflight.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/daemons/preflight.h"
#include "wbench/lib/util.h"
#include "wbench/wifi/security.h"

static const struct {
	const char *name;
	const char *version_arg;
} tools[WB_PREFLIGHT_TOOLS] = {
	[WB_PREFLIGHT_HOSTAPD] = { "hostapd", "-v" },
	[WB_PREFLIGHT_WPA_SUPPLICANT] = { "wpa_supplicant", "-v" },
	[WB_PREFLIGHT_HOSTAPD_CLI] = { "hostapd_cli", "-v" },
	[WB_PREFLIGHT_WPA_CLI] = { "wpa_cli", "-v" },
	[WB_PREFLIGHT_IW] = { "iw", "--version" },
	[WB_PREFLIGHT_IPERF3] = { "iperf3", "--version" },
	[WB_PREFLIGHT_TCPDUMP] = { "tcpdump", "--version" },
};

static const char *const features[WB_PREFLIGHT_FEATURES] = {
	[WB_PREFLIGHT_SAE] = "sae",
	[WB_PREFLIGHT_OWE] = "owe",
	[WB_PREFLIGHT_11W] = "11w",
};

void wb_preflight_opts_init(struct wb_preflight_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->timeout_ms = WB_PREFLIGHT_TIMEOUT_MS;
}

const char *wb_preflight_tool_name(enum wb_preflight_tool t)
{
	return (unsigned int)t < WB_PREFLIGHT_TOOLS ? tools[t].name : "?";
}

const char *wb_preflight_feature_name(enum wb_preflight_feature f)
{
	return (unsigned int)f < WB_PREFLIGHT_FEATURES ? features[f] : "?";
}

static const char *binary(const struct wb_preflight_opts *o, enum wb_preflight_tool t)
{
	return o->binaries[t] ? o->binaries[t] : tools[t].name;
}

/*
 * One shell on the host asks everything (one round trip: an ssh session costs from tens
 * of milliseconds to seconds on a slow AP). Its arguments are hostapd's feature names
 * (static words, one argument), the number of tools, and NAME VERSION-OPTION per tool,
 * hostapd's first; it prints
 *   "tool I PATH"             for the I-th tool, PATH empty when `command -v` finds none
 *   "version I FIRST-LINE"    what `PATH VERSION-OPTION` printed first
 *   "feature NAME RC BYTES"   `hostapd -vNAME`: its exit status and how much it printed
 */
static const char script[] =
	"feats=$1; n=$2; shift 2; i=0\n"
	"while [ \"$i\" -lt \"$n\" ]; do\n"
	"  t=$1; a=$2; shift 2; i=$((i+1))\n"
	"  p=$(command -v \"$t\") || p=\n"
	"  printf 'tool %s %s\\n' \"$i\" \"$p\"\n"
	"  [ -n \"$p\" ] || continue\n"
	"  printf 'version %s %s\\n' \"$i\" \"$(\"$p\" \"$a\" 2>&1 </dev/null | head -n 1)\"\n"
	"  [ \"$i\" = 1 ] || continue\n"
	"  for f in $feats; do\n"
	"    o=$(\"$p\" \"-v$f\" 2>&1 </dev/null); printf 'feature %s %s %s\\n' \"$f\" $? ${#o}\n"
	"  done\n"
	"done\n";

/* The first word of @text that looks like a version: [v]DIGIT... with a dot. */
static void parse_version(const char *text, char *out, size_t len)
{
	const char *p = text;

	out[0] = '\0';
	while (*p) {
		const char *w = p + (*p == 'v');
		size_t n = strcspn(p, " \t,()");

		if (w < p + n && *w >= '0' && *w <= '9' && memchr(w, '.', (size_t)(p + n - w))) {
			size_t k = (size_t)(p + n - w) < len - 1 ? (size_t)(p + n - w) : len - 1;

			memcpy(out, w, k);
			out[k] = '\0';
			return;
		}
		p += n ? n : 1;
	}
}

/* One line of the script's answer. Returns 0 or -EPROTO. */
static int parse_line(char *line, struct wb_preflight *out)
{
	char kind[16], name[16];
	unsigned int i, rc, bytes;
	int off = 0, k = 0;

	if (sscanf(line, "%15s %n", kind, &off) != 1)
		return -EPROTO;
	if (strcmp(kind, "feature") == 0) {
		if (sscanf(line + off, "%15s %u %u", name, &rc, &bytes) != 3)
			return -EPROTO;
		for (int f = 0; f < WB_PREFLIGHT_FEATURES; f++)
			if (strcmp(name, features[f]) == 0)
				/* silent 0: built in; silent 1: not; a banner: no probe there */
				out->hostapd[f] = bytes ? WB_PREFLIGHT_UNKNOWN : rc == 0 ?
						  WB_PREFLIGHT_YES : rc == 1 ? WB_PREFLIGHT_NO :
						  WB_PREFLIGHT_UNKNOWN;
		return 0;
	}
	if (sscanf(line + off, "%u%n", &i, &k) != 1 || i < 1 || i > WB_PREFLIGHT_TOOLS)
		return -EPROTO;
	line += off + k;
	line += *line == ' ';
	if (strcmp(kind, "tool") == 0)
		wb_strlcpy(out->tools[i - 1].path, line, sizeof(out->tools[i - 1].path));
	else if (strcmp(kind, "version") == 0)
		parse_version(line, out->tools[i - 1].version, sizeof(out->tools[i - 1].version));
	else
		return -EPROTO;
	return 0;
}

static int ask(struct wb_host *h, const struct wb_preflight_opts *o, struct wb_preflight *out)
{
	char *argv[2 * WB_PREFLIGHT_TOOLS + 8], count[8], feats[32] = "";
	struct wb_host_exec x = { .timeout_ms = o->timeout_ms > 0 ? o->timeout_ms :
						WB_PREFLIGHT_TIMEOUT_MS, .cancel = o->cancel };
	char *text = NULL, *line, *next;
	size_t n = 0;
	int r;

	argv[n++] = "sh";
	argv[n++] = "-c";
	argv[n++] = (char *)script;
	argv[n++] = "sh";
	for (int f = 0; f < WB_PREFLIGHT_FEATURES; f++)
		snprintf(feats + strlen(feats), sizeof(feats) - strlen(feats), "%s%s", f ? " " : "",
			 features[f]);
	argv[n++] = feats;
	snprintf(count, sizeof(count), "%d", WB_PREFLIGHT_TOOLS);
	argv[n++] = count;
	for (int t = 0; t < WB_PREFLIGHT_TOOLS; t++) {
		if (!*binary(o, t) || strpbrk(binary(o, t), "\n\r"))
			return -EINVAL;
		argv[n++] = (char *)binary(o, t);
		argv[n++] = (char *)tools[t].version_arg;
	}
	argv[n] = NULL;
	r = wb_host_run(h, argv, &x, &text, NULL);
	if (r > 0)
		r = r == 255 ? -EHOSTUNREACH : -EIO;
	for (line = text; r == 0 && line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		r = parse_line(line, out);
	}
	free(text);
	return r;
}

int wb_preflight_run(struct wb_host *h, const struct wb_preflight_opts *o,
		     struct wb_preflight *out)
{
	memset(out, 0, sizeof(*out));
	wb_strlcpy(out->host, wb_host_name(h), sizeof(out->host));
	out->local = wb_host_is_local(h);
	for (int f = 0; f < WB_PREFLIGHT_FEATURES; f++)
		out->hostapd[f] = WB_PREFLIGHT_UNKNOWN;
	return ask(h, o, out);
}

/* ---- what it rules out ------------------------------------------------------------- */

static bool have(const struct wb_preflight *p, enum wb_preflight_tool t)
{
	return p->tools[t].path[0] != '\0';
}

/* The profiles a hostapd without feature @f cannot run, "a, b" (static). */
static const char *profiles_needing(enum wb_preflight_feature f)
{
	static const char *const lists[WB_PREFLIGHT_FEATURES] = {
		[WB_PREFLIGHT_SAE] = "sae, sae-mixed",
		[WB_PREFLIGHT_OWE] = "owe",
		[WB_PREFLIGHT_11W] = "owe, psk2+pmf, psk2+pmf-required, sae, sae-mixed",
	};

	return lists[f];
}

static void gap(struct wb_preflight_gap *out, size_t *n, const char *role, const char *profiles,
		const char *reason)
{
	if (*n < WB_PREFLIGHT_GAPS_MAX)
		out[(*n)++] = (struct wb_preflight_gap){ role, profiles, reason };
}

size_t wb_preflight_gaps(const struct wb_preflight *p, struct wb_preflight_gap *out)
{
	static const char *const why_feature[WB_PREFLIGHT_FEATURES] = {
		[WB_PREFLIGHT_SAE] = "hostapd built without SAE",
		[WB_PREFLIGHT_OWE] = "hostapd built without OWE",
		[WB_PREFLIGHT_11W] = "hostapd built without PMF (802.11w)",
	};
	bool remote = !p->local;
	size_t n = 0;

	if (!have(p, WB_PREFLIGHT_HOSTAPD))
		gap(out, &n, "ap", NULL, "no hostapd");
	else if (remote && !have(p, WB_PREFLIGHT_HOSTAPD_CLI))
		gap(out, &n, "ap", NULL, "no hostapd_cli: hostapd cannot be controlled over ssh");
	for (int f = 0; have(p, WB_PREFLIGHT_HOSTAPD) && f < WB_PREFLIGHT_FEATURES; f++)
		if (p->hostapd[f] == WB_PREFLIGHT_NO)
			gap(out, &n, "ap", profiles_needing(f), why_feature[f]);
	if (!have(p, WB_PREFLIGHT_WPA_SUPPLICANT))
		gap(out, &n, "sta", NULL, "no wpa_supplicant");
	else if (remote && !have(p, WB_PREFLIGHT_WPA_CLI))
		gap(out, &n, "sta", NULL,
		    "no wpa_cli: wpa_supplicant cannot be controlled over ssh");
	/* here wbench runs iperf, the capture and nl80211 from its own libraries */
	if (remote && !have(p, WB_PREFLIGHT_IPERF3))
		gap(out, &n, "peer", NULL, "no iperf3: the traffic's far end cannot run there");
	if (remote && !have(p, WB_PREFLIGHT_TCPDUMP))
		gap(out, &n, "sniffer", NULL, "no tcpdump: no capture there");
	if (remote && !have(p, WB_PREFLIGHT_IW))
		gap(out, &n, "link", NULL, "no iw: no link statistics (station dump) from there");
	return n;
}

/* ---- output ------------------------------------------------------------------------ */

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

/* "a, b" as ["a", "b"]. */
static json_t *name_list(const char *list)
{
	json_t *a = json_array();
	const char *p = list;

	while (a && p && *p) {
		size_t n = strcspn(p, ",");

		json_array_append_new(a, json_stringn(p, n));
		p += n;
		p += strspn(p, ", ");
	}
	return a;
}

static json_t *tools_json(const struct wb_preflight *p, json_t *missing)
{
	json_t *o = json_object();

	for (int t = 0; o && t < WB_PREFLIGHT_TOOLS; t++) {
		json_object_set_new(o, tools[t].name,
				    json_pack("{s:o, s:o}", "path", str_or_null(p->tools[t].path),
					      "version", str_or_null(p->tools[t].version)));
		if (!have(p, t))
			json_array_append_new(missing, json_string(tools[t].name));
	}
	return o;
}

json_t *wb_preflight_to_json(const struct wb_preflight *p)
{
	struct wb_preflight_gap g[WB_PREFLIGHT_GAPS_MAX];
	size_t n = wb_preflight_gaps(p, g);
	json_t *missing = json_array(), *feat = json_object(), *out = json_array();

	for (int f = 0; feat && f < WB_PREFLIGHT_FEATURES; f++)
		json_object_set_new(feat, features[f], p->hostapd[f] == WB_PREFLIGHT_UNKNOWN ?
				    json_null() : json_boolean(p->hostapd[f] == WB_PREFLIGHT_YES));
	for (size_t i = 0; out && i < n; i++)
		json_array_append_new(out, json_pack("{s:s, s:o, s:s}", "role", g[i].role,
						     "profiles", g[i].profiles ?
						     name_list(g[i].profiles) : json_null(),
						     "reason", g[i].reason));
	if (!missing || !feat || !out) {
		json_decref(missing);
		json_decref(feat);
		json_decref(out);
		return NULL;
	}
	return json_pack("{s:s, s:b, s:o, s:o, s:o, s:o}", "host", p->host, "local", p->local,
			 "tools", tools_json(p, missing), "hostapd_features", feat,
			 "missing", missing, "ruled_out", out);
}

static void addf(char *buf, size_t len, const char *fmt, ...) WB_PRINTF(3, 4);

static void addf(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

void wb_preflight_line(const struct wb_preflight *p, char *buf, size_t len)
{
	struct wb_preflight_gap g[WB_PREFLIGHT_GAPS_MAX];
	size_t n = wb_preflight_gaps(p, g), missing = 0;
	bool unknown = false;

	if (!len)
		return;
	buf[0] = '\0';
	addf(buf, len, "%s:", p->host);
	for (int t = 0; t < WB_PREFLIGHT_TOOLS; t++)
		if (!have(p, t))
			addf(buf, len, "%s %s", missing++ ? "," : " missing", tools[t].name);
	for (size_t i = 0; i < n; i++)
		addf(buf, len, "%s %s%s%s (%s)", i ? "," : missing ? "; rules out" : " rules out",
		     g[i].role, g[i].profiles ? " " : "", g[i].profiles ? g[i].profiles : "",
		     g[i].reason);
	if (!missing && !n)
		addf(buf, len, " ok");
	addf(buf, len, "%s", missing || n ? "; has" : ":");
	for (int t = 0, k = 0; t < WB_PREFLIGHT_TOOLS; t++)
		if (have(p, t))
			addf(buf, len, "%s %s%s%s", k++ ? "," : "", tools[t].name,
			     p->tools[t].version[0] ? " " : "", p->tools[t].version);
	for (int f = 0; f < WB_PREFLIGHT_FEATURES; f++)
		unknown |= p->hostapd[f] == WB_PREFLIGHT_UNKNOWN;
	if (have(p, WB_PREFLIGHT_HOSTAPD) && unknown)
		addf(buf, len, "; hostapd's SAE/OWE/PMF support not probed (no -vFEATURE)");
}
