/* wbench: the effective crypto path per key, from mac80211's debugfs (see crypto_keys.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/crypto_keys.h"
#include "wbench/lib/util.h"
#include "wbench/wifi/ciphers.h"
#include "wbench/wifi/ieee80211.h"

#define KEYS_HEADER "wbench-keys 1"
#define KEYS_LINE_MAX 256
/* bit 0 of a key's flags: KEY_FLAG_UPLOADED_TO_HARDWARE (net/mac80211/key.h) */
#define KEY_FLAG_UPLOADED_TO_HARDWARE 0x1u

/*
 * The reader, run as `sh -c SCRIPT sh DEBUGFS PHY`: its arguments are data, never shell
 * syntax. It prints KEYS_HEADER, a "state" line and, when the keys directory is there,
 * "key N" and one "name value" line per file it read (the key material is not one).
 */
static const char keys_script[] =
	"b=$1; d=$b/ieee80211/$2; echo '" KEYS_HEADER "'\n"
	"if [ ! -d \"$b\" ]; then echo 'state no_debugfs'; exit 0; fi\n"
	"if [ ! -r \"$b\" ] || [ ! -x \"$b\" ]; then echo 'state no_access'; exit 0; fi\n"
	"if [ ! -d \"$b/ieee80211\" ]; then\n"
	"  if [ -z \"$(ls -A \"$b\" 2>/dev/null)\" ]; then echo 'state no_debugfs'; "
	"else echo 'state no_ieee80211'; fi; exit 0; fi\n"
	"[ -d \"$d\" ] || { echo 'state no_phy'; exit 0; }\n"
	"[ -d \"$d/keys\" ] || { echo 'state no_keys_dir'; exit 0; }\n"
	"echo 'state ok'\n"
	"for k in \"$d\"/keys/*; do\n"
	"  [ -d \"$k\" ] || continue; printf 'key %s\\n' \"${k##*/}\"\n"
	"  for f in algorithm keyidx flags hw_key_idx ifindex; do\n"
	"    [ -r \"$k/$f\" ] && printf '%s %s\\n' \"$f\" \"$(head -n 1 \"$k/$f\" 2>/dev/null)\"\n"
	"  done\n"
	"  [ -L \"$k/station\" ] && printf 'station %s\\n' \"$(basename \"$(readlink \"$k/station\")\")\"\n"
	"done\n"
	"exit 0\n";

static const struct {
	const char *state, *reason;
} unavailable[] = {
	{ "no_debugfs", "debugfs is not mounted (mount -t debugfs none /sys/kernel/debug)" },
	{ "no_access", "debugfs cannot be read (it needs root)" },
	{ "no_ieee80211", "debugfs has no ieee80211 directory (no mac80211 radio)" },
	{ "no_phy", "debugfs has no directory for this phy (not a mac80211 driver, or another "
		    "name)" },
	{ "no_keys_dir", "mac80211 of this kernel has no per-key debugfs (built without "
			 "CONFIG_MAC80211_DEBUGFS, as Debian's kernels are)" },
};

static int put(json_t *o, const char *k, json_t *v)
{
	return v ? json_object_set_new(o, k, v) : -1;
}

/* A decimal number, optionally negative, in [lo, hi], the whole of @s. */
static int parse_int(const char *s, long lo, long hi, long *v)
{
	bool neg = *s == '-';
	unsigned long u;

	if (wb_parse_uint(s + neg, 0, (unsigned long)(hi > -lo ? hi : -lo), &u) < 0)
		return -EINVAL;
	*v = neg ? -(long)u : (long)u;
	return *v < lo || *v > hi ? -EINVAL : 0;
}

/* A short word of letters, digits and -_.: (an interface, an old algorithm name). */
static bool plain_word(const char *s, size_t max)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:");

	return n && n <= max && !s[n];
}

/* "00-0f-ac:4" (kernels since 4.x) or an old name ("CCMP", "AES-128-CMAC"). */
static json_t *algorithm_json(const char *v)
{
	unsigned int a, b, c, t;
	char tail, buf[32];

	if (sscanf(v, "%2x-%2x-%2x:%u%c", &a, &b, &c, &t, &tail) == 4 && t <= 255 &&
	    strlen(v) <= 14)
		return json_string(wb_cipher_format(a << 24 | b << 16 | c << 8 | t, buf, sizeof(buf)));
	return plain_word(v, 31) ? json_string(v) : NULL;
}

static int key_value(json_t *key, const char *name, const char *v)
{
	uint8_t mac[6];
	long n;
	unsigned long flags;
	char *end, buf[18];

	if (!*v)
		return 0;  /* the file could not be read: the value stays absent */
	if (!strcmp(name, "algorithm"))
		return put(key, "algorithm", algorithm_json(v)) < 0 ? -EINVAL : 0;
	if (!strcmp(name, "keyidx") || !strcmp(name, "hw_key_idx"))
		return parse_int(v, -1, 65535, &n) < 0 ? -EINVAL :
		       put(key, name, json_integer(n)) < 0 ? -ENOMEM : 0;
	if (!strcmp(name, "flags")) {
		if (strncmp(v, "0x", 2) || !v[2] || strlen(v) > 10 ||
		    (flags = strtoul(v + 2, &end, 16), *end))
			return -EINVAL;
		return put(key, "flags", json_string(v)) < 0 ||
		       put(key, "hw", json_boolean(flags & KEY_FLAG_UPLOADED_TO_HARDWARE)) < 0 ?
		       -ENOMEM : 0;
	}
	if (!strcmp(name, "ifindex"))
		return plain_word(v, 15) ? (put(key, "interface", json_string(v)) < 0 ? -ENOMEM : 0)
					 : -EINVAL;
	if (!strcmp(name, "station"))
		return wb_80211_addr_parse(v, mac) < 0 ? -EINVAL :
		       put(key, "station", json_string(wb_80211_addr_fmt(mac, buf))) < 0 ? -ENOMEM : 0;
	return -EINVAL;
}

/* "hardware" when every key is uploaded, "software" when none, "mixed", "unknown", "none". */
static const char *summary_of(json_t *keys)
{
	size_t i, hw = 0, sw = 0;
	json_t *k;

	json_array_foreach(keys, i, k) {
		json_t *h = json_object_get(k, "hw");

		if (!json_is_boolean(h))
			return "unknown";
		if (json_is_true(h))
			hw++;
		else
			sw++;
	}
	return !hw && !sw ? "none" : !sw ? "hardware" : !hw ? "software" : "mixed";
}

static int state_line(json_t *o, const char *v, bool *ok)
{
	size_t i;

	if (!strcmp(v, "ok")) {
		*ok = true;
		return put(o, "status", json_string("ok")) < 0 ? -ENOMEM : 0;
	}
	for (i = 0; i < WB_ARRAY_SIZE(unavailable); i++)
		if (!strcmp(v, unavailable[i].state))
			return put(o, "status", json_string("unavailable")) < 0 ||
			       put(o, "reason", json_string(unavailable[i].reason)) < 0 ? -ENOMEM : 0;
	return -EINVAL;
}

struct keys_parse {
	json_t *o, *keys, *cur;
	bool have_state, ok;
};

/* One line after the header. Returns 0, -EINVAL or -ENOMEM. */
static int keys_line(struct keys_parse *p, char *l)
{
	char *sp = strchr(l, ' ');
	const char *v = sp ? sp + 1 : "";
	long id;

	if (sp)
		*sp = '\0';
	if (!strcmp(l, "state") && !p->have_state) {
		p->have_state = true;
		return state_line(p->o, v, &p->ok);
	}
	if (!p->ok)
		return -EINVAL;  /* nothing follows an unavailable state */
	if (!strcmp(l, "key")) {
		if (json_array_size(p->keys) == WB_CRYPTO_KEYS_MAX || parse_int(v, 0, INT32_MAX, &id) < 0)
			return -EINVAL;
		p->cur = json_pack("{s:I}", "id", (json_int_t)id);
		return json_array_append_new(p->keys, p->cur) < 0 ? -ENOMEM : 0;
	}
	if (!p->cur)
		return -EINVAL;
	return key_value(p->cur, l, v);
}

static int keys_finish(struct keys_parse *p)
{
	if (!p->have_state)
		return -EINVAL;
	if (!p->ok)
		return 0;
	return put(p->o, "summary", json_string(summary_of(p->keys))) < 0 ||
	       json_object_set(p->o, "keys", p->keys) < 0 ||
	       put(p->o, "note", json_string("hw: bit 0 of the key's debugfs flags "
		   "(KEY_FLAG_UPLOADED_TO_HARDWARE): the driver does this key's crypto; "
		   "clear: mac80211 does it in software")) < 0 ? -ENOMEM : 0;
}

int wb_crypto_keys_parse(const char *text, const char *phy, const char *source, json_t **out,
			 char *err, size_t errlen)
{
	struct keys_parse p = { .o = json_object(), .keys = json_array() };
	char line[KEYS_LINE_MAX];
	unsigned int no = 0;
	int r = 0;

	*out = NULL;
	if (!p.o || !p.keys || put(p.o, "phy", json_string(phy)) < 0 ||
	    put(p.o, "source", json_string(source)) < 0)
		r = -ENOMEM;
	while (r == 0 && text && *text) {
		size_t len = strcspn(text, "\n");

		no++;
		if (len >= sizeof(line)) {
			r = -EINVAL;
			break;
		}
		memcpy(line, text, len);
		line[len] = '\0';
		text += len + (text[len] == '\n');
		r = no == 1 ? (strcmp(line, KEYS_HEADER) ? -EINVAL : 0) : keys_line(&p, line);
	}
	if (r == 0 && !no)
		r = -EINVAL;
	if (r == 0)
		r = keys_finish(&p);
	json_decref(p.keys);
	if (r < 0) {
		json_decref(p.o);
		if (r == -ENOMEM) {
			wb_errbuf_set(err, errlen, "out of memory");
			return r;
		}
		return wb_errbuf_set(err, errlen, "debugfs keys of %s: line %u is not what the "
				     "reader prints", phy, no);
	}
	*out = p.o;
	return 0;
}

static bool phy_ok(const char *phy)
{
	return phy && *phy != '.' && plain_word(phy, 63) && !strchr(phy, ':');
}

/* The result when the host could not run the reader. */
static json_t *failed_json(const char *phy, const char *source, const char *msg)
{
	return json_pack("{s:s, s:s, s:s, s:s}", "status", "failed", "phy", phy, "source", source,
			 "message", msg);
}

int wb_crypto_keys_read(struct wb_host *host, const char *phy,
			const struct wb_crypto_keys_opts *o, json_t **out)
{
	const char *root = o && o->debugfs ? o->debugfs : WB_CRYPTO_KEYS_DEBUGFS;
	char *const argv[] = { "sh", "-c", (char *)keys_script, "sh", (char *)root,
			       (char *)phy, NULL };
	struct wb_host_exec x = { .timeout_ms = o && o->timeout_ms ? o->timeout_ms :
						WB_CRYPTO_KEYS_TIMEOUT_MS,
				  .cancel = o ? o->cancel : NULL, .out_max = 1 << 16 };
	char source[512], err[256], *text = NULL;
	int r;

	*out = NULL;
	if (!phy_ok(phy))
		return -EINVAL;
	snprintf(source, sizeof(source), "%s:%s/ieee80211/%s/keys", wb_host_name(host), root, phy);
	/* no namespace: `ip netns exec` mounts a fresh /sys, without debugfs under it */
	r = wb_host_run(host, argv, &x, &text, NULL);
	if (r == -ECANCELED || r == -ENOMEM) {
		free(text);
		return r;
	}
	if (r == 0)
		r = wb_crypto_keys_parse(text, phy, source, out, err, sizeof(err));
	else if (r > 0)
		snprintf(err, sizeof(err), "the debugfs reader exited %d on %s", r, wb_host_name(host));
	else
		snprintf(err, sizeof(err), "cannot run the debugfs reader on %s: %s",
			 wb_host_name(host), strerror(-r));
	free(text);
	if (r == -ENOMEM)
		return r;
	if (r != 0)
		*out = failed_json(phy, source, err);
	return *out ? 0 : -ENOMEM;
}
