/*
 * What an OpenWrt router says, read (owrt.h): `ubus call network.wireless status`,
 * `ubus call hostapd.IF get_clients`, `iw dev [IF station dump]`, `uci show wireless`,
 * logread since wbench's marker, /etc/openwrt_release. Every input is untrusted text
 * (fuzzed: tests/fuzz/fuzz_owrt.c); nothing here keeps a secret.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wbench/lab/owrt.h"
#include "wbench/lib/util.h"

int wb_owrt_status_parse(const char *text, const char *radio, struct wb_owrt_status *st)
{
	json_t *doc, *r, *ifs, *i;
	size_t k;

	memset(st, 0, sizeof(*st));
	/* no JSON_REJECT_DUPLICATES: netifd 19.07 writes "mode" twice (the last wins) */
	doc = json_loads(text ? text : "", 0, NULL);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return -EPROTO;
	}
	r = json_object_get(doc, radio);
	if (json_is_object(r)) {
		st->found = true;
		st->up = json_is_true(json_object_get(r, "up"));
		st->pending = json_is_true(json_object_get(r, "pending"));
		st->retry_setup_failed = json_is_true(json_object_get(r, "retry_setup_failed"));
		st->disabled = json_is_true(json_object_get(r, "disabled"));
		ifs = json_object_get(r, "interfaces");
		json_array_foreach(ifs, k, i) {
			const char *sec = json_string_value(json_object_get(i, "section"));
			const char *ifn = json_string_value(json_object_get(i, "ifname"));

			if (sec && ifn && !strcmp(sec, WB_OWRT_SECTION))
				wb_strlcpy(st->ifname, ifn, sizeof(st->ifname));
		}
	}
	json_decref(doc);
	return 0;
}

json_t *wb_owrt_clients_parse(const char *text)
{
	static const char *const flags[] = { "auth", "assoc", "authorized", "mfp" };
	json_t *doc = json_loads(text ? text : "", 0, NULL), *cl, *c, *out;
	const char *mac;

	cl = json_object_get(doc, "clients");
	if (!json_is_object(cl) || !(out = json_object())) {
		json_decref(doc);
		return NULL;
	}
	json_object_foreach(cl, mac, c) {
		json_t *o = json_object();

		if (!json_is_object(c) || !o || strlen(mac) > 17) {
			json_decref(o);
			continue;
		}
		for (size_t k = 0; k < WB_ARRAY_SIZE(flags); k++)
			if (json_is_boolean(json_object_get(c, flags[k])))
				json_object_set(o, flags[k], json_object_get(c, flags[k]));
		json_object_set_new(out, mac, o);
	}
	json_decref(doc);
	return out;
}

/* The next line of @p: its start, its length in *n; NULL at the end. */
static const char *line_next(const char **p, size_t *n)
{
	const char *s = *p, *e;

	if (!s || !*s)
		return NULL;
	e = strchr(s, '\n');
	*n = e ? (size_t)(e - s) : strlen(s);
	*p = e ? e + 1 : s + *n;
	return s;
}

static bool has_n(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);

	for (size_t i = 0; w <= n && i <= n - w; i++)
		if (!memcmp(s + i, word, w))
			return true;
	return false;
}

static bool has_n_ci(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);

	for (size_t i = 0; w <= n && i <= n - w; i++)
		if (!strncasecmp(s + i, word, w))
			return true;
	return false;
}

/* The first non-blank token after @key in line @s (@n bytes), into @out. */
static bool token_after(const char *s, size_t n, const char *key, char *out, size_t len)
{
	size_t k = strlen(key), i = 0, o = 0;

	while (i < n && isspace((unsigned char)s[i]))
		i++;
	if (n - i < k || memcmp(s + i, key, k))
		return false;
	i += k;
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	while (i < n && o + 1 < len)
		out[o++] = s[i++];
	out[o] = '\0';
	return true;
}

int wb_owrt_station_mfp(const char *text, const char *mac)
{
	const char *p = text, *s;
	char v[64];
	size_t n;
	bool in = false;

	while ((s = line_next(&p, &n))) {
		if (n >= 8 && !memcmp(s, "Station ", 8))
			in = n >= 25 && !strncasecmp(s + 8, mac, 17);
		else if (in && token_after(s, n, "MFP:", v, sizeof(v)))
			return !strncmp(v, "yes", 3);
	}
	return -1;
}

/* `wireless.SEC.OPT='VAL'` or `wireless.SEC=TYPE`: split (VAL unquoted, simple quotes). */
static bool uci_line(const char *s, size_t n, char *sec, char *opt, char *val, size_t vlen)
{
	const char *dot, *eq, *end = s + n;
	size_t o = 0;

	if (n < 10 || memcmp(s, "wireless.", 9))
		return false;
	s += 9;
	eq = memchr(s, '=', (size_t)(end - s));
	if (!eq)
		return false;
	dot = memchr(s, '.', (size_t)(eq - s));
	if ((size_t)((dot ? dot : eq) - s) >= WB_OWRT_UCI_NAME_MAX ||
	    (dot && (size_t)(eq - dot - 1) >= WB_OWRT_UCI_NAME_MAX))
		return false;
	memcpy(sec, s, (size_t)((dot ? dot : eq) - s));
	sec[(dot ? dot : eq) - s] = '\0';
	opt[0] = '\0';
	if (dot) {
		memcpy(opt, dot + 1, (size_t)(eq - dot - 1));
		opt[eq - dot - 1] = '\0';
	}
	for (s = eq + 1; s < end && o + 1 < vlen; s++)
		if (*s != '\'')
			val[o++] = *s;
	val[o] = '\0';
	return true;
}

int wb_owrt_uci_parse(const char *text, const char *radio, const char *device,
		      struct wb_owrt_uci *out)
{
	char sec[WB_OWRT_UCI_NAME_MAX], opt[WB_OWRT_UCI_NAME_MAX], val[256];
	const char *p = text, *s;
	size_t n;

	memset(out, 0, sizeof(*out));
	/* the wifi-device: named, or the one at @device */
	while ((s = line_next(&p, &n)))
		if (uci_line(s, n, sec, opt, val, sizeof(val)) && !strcmp(opt, "path") &&
		    !radio && device && !strcmp(val, device))
			wb_strlcpy(out->radio, sec, sizeof(out->radio));
	if (radio)
		wb_strlcpy(out->radio, radio, sizeof(out->radio));
	if (!out->radio[0])
		return -ENOENT;
	for (p = text; (s = line_next(&p, &n));) {
		if (!uci_line(s, n, sec, opt, val, sizeof(val)))
			continue;
		if (!strcmp(sec, out->radio) && !strcmp(opt, "path"))
			wb_strlcpy(out->path, val, sizeof(out->path));
		if (!strcmp(sec, WB_OWRT_SECTION) && !opt[0])
			out->have_ours = true;
		if (strcmp(opt, "device") || strcmp(val, out->radio) ||
		    !strcmp(sec, WB_OWRT_SECTION))
			continue;
		if (out->n_others == WB_OWRT_OTHERS_MAX) {
			wb_owrt_uci_release(out);
			return -E2BIG;
		}
		if (!(out->others[out->n_others++] = strdup(sec))) {
			wb_owrt_uci_release(out);
			return -ENOMEM;
		}
	}
	/* a named radio must exist: it has a "=wifi-device" line */
	for (p = text; (s = line_next(&p, &n));)
		if (uci_line(s, n, sec, opt, val, sizeof(val)) && !opt[0] &&
		    !strcmp(sec, out->radio) && !strcmp(val, "wifi-device"))
			return 0;
	wb_owrt_uci_release(out);
	return -ENOENT;
}

void wb_owrt_uci_release(struct wb_owrt_uci *u)
{
	for (size_t i = 0; i < u->n_others; i++)
		free(u->others[i]);
	u->n_others = 0;
}

bool wb_owrt_iw_ap(const char *text, const char *phy, const char *ssid, char *ifname,
		   size_t len)
{
	const char *p = text, *s;
	char want[40], cur_if[32] = "", v[256];
	bool on_phy = false, type_ap = false, ssid_ok = false;
	size_t n;

	snprintf(want, sizeof(want), "phy#%s", !strncmp(phy, "phy", 3) ? phy + 3 : phy);
	while ((s = line_next(&p, &n))) {
		if (n && s[0] == 'p') {
			on_phy = n == strlen(want) && !memcmp(s, want, n);
			cur_if[0] = '\0';
		} else if (token_after(s, n, "Interface", v, sizeof(v))) {
			wb_strlcpy(cur_if, v, sizeof(cur_if));
			type_ap = ssid_ok = false;
		} else if (token_after(s, n, "ssid", v, sizeof(v))) {
			ssid_ok = !strcmp(v, ssid);
		} else if (token_after(s, n, "type", v, sizeof(v))) {
			type_ap = !strcmp(v, "AP");
		}
		if (on_phy && cur_if[0] && type_ap && ssid_ok) {
			wb_strlcpy(ifname, cur_if, len);
			return true;
		}
	}
	return false;
}

const char *wb_owrt_log_since(const char *text, const char *marker)
{
	const char *p = text, *s, *after = NULL;
	size_t n;

	while (marker && *marker && (s = line_next(&p, &n)))
		if (has_n(s, n, marker))
			after = p;
	return after;
}

void wb_owrt_log_scan(const char *since, const char *ifname, struct wb_owrt_log *out)
{
	static const char *const fails[] = { "AP-DISABLED", "Interface initialization failed",
					     "CTRL-EVENT-TERMINATING", "Device setup failed" };
	const char *p = since, *s, *x;
	char want[48];
	size_t n;

	memset(out, 0, sizeof(*out));
	out->marker_seen = since != NULL;
	snprintf(want, sizeof(want), "%s: AP-ENABLED", ifname && *ifname ? ifname : "");
	while ((s = line_next(&p, &n))) {
		if (has_n(s, n, ifname && *ifname ? want : ": AP-ENABLED")) {
			out->ap_enabled = true;
			out->failed = false;  /* a retry that worked: the later line wins */
			continue;
		}
		for (size_t i = 0; i < WB_ARRAY_SIZE(fails); i++)
			if (has_n(s, n, fails[i])) {
				out->failed = true;
				out->ap_enabled = false;
			}
		x = has_n(s, n, "Device setup failed: ") ? strstr(s, "Device setup failed: ") : NULL;
		if (x && x < s + n) {
			size_t k = 0;

			x += strlen("Device setup failed: ");
			while (x + k < s + n && k + 1 < sizeof(out->setup_failed) &&
			       (isalnum((unsigned char)x[k]) || x[k] == '_'))
				k++;
			memcpy(out->setup_failed, x, k);
			out->setup_failed[k] = '\0';
		}
	}
}

/* A line that could carry a secret is never kept. */
static bool secretish(const char *s, size_t n)
{
	static const char *const words[] = { "passphrase", "password", "psk", "key=", "key '",
					     "\"key\"", "sae_password", "hexdump" };

	for (size_t i = 0; i < WB_ARRAY_SIZE(words); i++)
		if (has_n_ci(s, n, words[i]))
			return true;
	return false;
}

/* After logread's "<ctime> <facility>.<priority> ": the tag and message ("hostapd: ..."). */
static const char *strip_prefix(const char *s, size_t *n)
{
	size_t i = 0;

	while (i < *n) {
		size_t b = i, dot = 0;

		while (i < *n && s[i] != ' ')
			if (s[i++] == '.')
				dot = i;
		if (dot > b + 1 && dot < i && i < *n) {
			bool word = true;

			for (size_t k = b; k < i; k++)
				word &= (s[k] >= 'a' && s[k] <= 'z') || s[k] == '.';
			if (word) {
				*n -= i + 1;
				return s + i + 1;
			}
		}
		while (i < *n && s[i] == ' ')
			i++;
	}
	return s;
}

/* hostapd's own lines, and netifd's setup failures (its other lines are noise here). */
static bool evidence_line(const char *s, size_t n)
{
	if (secretish(s, n))
		return false;
	return (n >= 8 && !memcmp(s, "hostapd:", 8)) ||
	       (n >= 7 && !memcmp(s, "netifd:", 7) && has_n(s, n, "setup failed"));
}

char *wb_owrt_log_evidence(const char *since, size_t max)
{
	const char *p, *s, *m;
	size_t n, k, total = 0, kept = 0, skip;
	char *out, *w;

	for (p = since; (s = line_next(&p, &n));) {
		k = n;
		m = strip_prefix(s, &k);
		total += evidence_line(m, k);
	}
	skip = total > max ? total - max : 0;
	/* + a newline for a last line without one, + the NUL */
	out = malloc((since ? strlen(since) : 0) + 2);
	if (!out)
		return NULL;
	w = out;
	for (p = since; (s = line_next(&p, &n));) {
		k = n;
		m = strip_prefix(s, &k);
		if (!evidence_line(m, k) || kept++ < skip)
			continue;
		memcpy(w, m, k);
		w += k;
		*w++ = '\n';
	}
	*w = '\0';
	return out;
}

void wb_owrt_release_parse(const char *text, char *out, size_t len)
{
	const char *p = text, *s;
	size_t n, o = 0;

	out[0] = '\0';
	while ((s = line_next(&p, &n))) {
		if (n < 16 || memcmp(s, "DISTRIB_RELEASE=", 16))
			continue;
		for (size_t i = 16; i < n && o + 1 < len; i++)
			if (s[i] != '\'' && s[i] != '"')
				out[o++] = s[i];
		out[o] = '\0';
		return;
	}
}
