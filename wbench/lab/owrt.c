/*
 * The OpenWrt AP's command plans (owrt.h): what runs on the router in each phase, as
 * data. Values in `uci batch` input are single-quoted for uci's own parser (which, like
 * sh, ends a quote at ' and takes \' outside quotes), one command per line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/lab/owrt.h"
#include "wbench/lib/util.h"

/* Atomic rewrite of /etc/config/wireless from stdin, its mode kept (BusyBox ash). */
static const char restore_script[] =
	"f=" WB_OWRT_WIRELESS "; t=" WB_OWRT_TMP "; "
	"cp -p \"$f\" \"$t\" 2>/dev/null; cat > \"$t\" && mv -f \"$t\" \"$f\"";

void wb_owrt_plan_release(struct wb_owrt_plan *p)
{
	for (size_t i = 0; p && i < p->n; i++) {
		for (size_t j = 0; p->v[i].argv[j]; j++)
			free(p->v[i].argv[j]);
		if (p->v[i].input)
			wb_secure_zero(p->v[i].input, p->v[i].input_len);
		free(p->v[i].input);
	}
	if (p) {
		free(p->v);
		memset(p, 0, sizeof(*p));
	}
}

/* Appends a step: argv from the NULL-terminated list, stdin @input (stolen). */
static int add(struct wb_owrt_plan *p, char *input, size_t input_len, int may_fail, ...)
{
	struct wb_owrt_step *s;
	const char *a;
	va_list ap;
	size_t n = 0;

	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 8;
		void *v = realloc(p->v, cap * sizeof(*p->v));

		if (!v) {
			free(input);
			return -ENOMEM;
		}
		p->v = v;
		p->cap = cap;
	}
	s = &p->v[p->n];
	memset(s, 0, sizeof(*s));
	s->input = input;
	s->input_len = input_len;
	s->may_fail = may_fail != 0;
	p->n++;
	va_start(ap, may_fail);
	while ((a = va_arg(ap, const char *)) && n < WB_OWRT_STEP_ARGS - 1) {
		if (!(s->argv[n++] = strdup(a))) {
			va_end(ap);
			return -ENOMEM;
		}
	}
	va_end(ap);
	return 0;
}

char *wb_owrt_plan_line(const struct wb_owrt_plan *p, size_t i, bool show_input)
{
	const struct wb_owrt_step *s = &p->v[i];
	size_t len = 64 + (show_input && s->input ? s->input_len : 0);
	char *out, *w;

	for (size_t j = 0; s->argv[j]; j++)
		len += strlen(s->argv[j]) + 1;
	if (!(out = malloc(len)))
		return NULL;
	w = out;
	*w = '\0';
	for (size_t j = 0; s->argv[j]; j++)
		w += sprintf(w, "%s%s", j ? " " : "", s->argv[j]);
	if (s->input && show_input)
		sprintf(w, " <<STDIN\n%.*s", (int)s->input_len, s->input);
	else if (s->input)
		sprintf(w, " <stdin: %zu bytes>", s->input_len);
	return out;
}

int wb_owrt_encryption(const struct wb_security *sec, const char **enc, int *ieee80211w)
{
	static const struct {
		const char *profile, *enc;
		int w;
	} map[] = {
		{ "none", "none", -1 }, { "owe", "owe", -1 }, { "psk2", "psk2+ccmp", -1 },
		{ "psk2+pmf", "psk2+ccmp", 1 }, { "psk2+pmf-required", "psk2+ccmp", 2 },
		{ "sae", "sae", -1 }, { "sae-mixed", "sae-mixed", -1 },
	};

	for (size_t i = 0; sec && i < WB_ARRAY_SIZE(map); i++)
		if (!strcmp(sec->name, map[i].profile)) {
			*enc = map[i].enc;
			*ieee80211w = map[i].w;
			return 0;
		}
	return -EOPNOTSUPP;
}

bool wb_owrt_release_old(const char *release)
{
	int major = release ? atoi(release) : 0;

	/* "19.07.7", "18.06.9"; "SNAPSHOT" and unknown: not old */
	return major > 0 && major < 21;
}

bool wb_owrt_unsupported(const struct wb_owrt_iface *f, const char *release, uint32_t feat,
			 char *why, size_t len)
{
	const char *enc;
	int w;
	bool known = !(feat & WB_OWRT_FEAT_UNKNOWN);

	if (wb_owrt_encryption(f->sec, &enc, &w) < 0)
		return snprintf(why, len, "OpenWrt has no encryption value for profile '%s'",
				f->sec ? f->sec->name : "?") >= 0;
	if (memchr(f->ssid, '\n', f->ssid_len) || memchr(f->ssid, '\0', f->ssid_len) ||
	    memchr(f->ssid, '\r', f->ssid_len))
		return snprintf(why, len, "the SSID holds a newline or NUL, which uci cannot "
				"store") >= 0;
	if (known && f->sec->sae && !(feat & WB_OWRT_FEAT_SAE))
		return snprintf(why, len, "the router's hostapd has no SAE ('hostapd -vsae' "
				"fails: wpad-basic? install wpad-wolfssl or wpad-basic-wolfssl)") >= 0;
	if (known && !strcmp(f->sec->name, "owe") && !(feat & WB_OWRT_FEAT_OWE))
		return snprintf(why, len, "the router's hostapd has no OWE ('hostapd -vowe' "
				"fails: install wpad-wolfssl or wpad-openssl)") >= 0;
	if (known && f->sec->ieee80211w > 0 && !(feat & WB_OWRT_FEAT_11W))
		return snprintf(why, len, "the router's hostapd has no 802.11w "
				"('hostapd -v11w' fails)") >= 0;
	if (wb_owrt_release_old(release) && f->beacon_prot)
		return snprintf(why, len, "OpenWrt %s has no beacon protection (no UCI "
				"beacon_prot; its hostapd predates it)", release) >= 0;
	if (wb_owrt_release_old(release) && f->sae_pwe >= 0)
		return snprintf(why, len, "OpenWrt %s has no sae_pwe (its hostapd predates "
				"it)", release) >= 0;
	return false;
}

/* Appends "set wireless.SEC.OPT='VALUE'\n", VALUE of @n bytes quoted for uci. */
static int batch_set(char **buf, size_t *len, const char *sec, const char *opt,
		     const char *val, size_t n)
{
	size_t need = *len + strlen(sec) + (opt ? strlen(opt) : 0) + 4 * n + 32;
	char *b = realloc(*buf, need), *w;

	if (!b)
		return -ENOMEM;
	*buf = b;
	w = b + *len;
	w += sprintf(w, "set wireless.%s%s%s='", sec, opt ? "." : "", opt ? opt : "");
	for (size_t i = 0; i < n; i++) {
		if (val[i] == '\'') {
			memcpy(w, "'\\''", 4);
			w += 4;
		} else {
			*w++ = val[i];
		}
	}
	w += sprintf(w, "'\n");
	*len = (size_t)(w - b);
	return 0;
}

static int batch_setz(char **buf, size_t *len, const char *sec, const char *opt,
		      const char *val)
{
	return batch_set(buf, len, sec, opt, val, strlen(val));
}

/* The batch text of a cell's section (holds the passphrase). */
static int batch_text(const struct wb_owrt_iface *f, char **out, size_t *out_len)
{
	const char *enc, *s = WB_OWRT_SECTION;
	char *b = strdup("set wireless." WB_OWRT_SECTION "=wifi-iface\n"
			 "delete wireless." WB_OWRT_SECTION "\n");
	size_t len = b ? strlen(b) : 0;
	char num[16];
	int w, r;

	if (!b || wb_owrt_encryption(f->sec, &enc, &w) < 0) {
		free(b);
		return b ? -EINVAL : -ENOMEM;
	}
	r = batch_setz(&b, &len, s, NULL, "wifi-iface");
	r = r ?: batch_setz(&b, &len, s, "device", f->radio);
	r = r ?: batch_setz(&b, &len, s, "mode", "ap");
	r = r ?: batch_setz(&b, &len, s, "network", f->network);
	r = r ?: batch_set(&b, &len, s, "ssid", (const char *)f->ssid, f->ssid_len);
	r = r ?: batch_setz(&b, &len, s, "encryption", enc);
	if (!r && f->passphrase)
		r = batch_setz(&b, &len, s, "key", f->passphrase);
	snprintf(num, sizeof(num), "%d", w);
	if (!r && w >= 0)
		r = batch_setz(&b, &len, s, "ieee80211w", num);
	if (!r && f->beacon_prot)
		r = batch_setz(&b, &len, s, "beacon_prot", "1");
	snprintf(num, sizeof(num), "%d", f->sae_pwe);
	if (!r && f->sae_pwe >= 0 && f->sec->sae)
		r = batch_setz(&b, &len, s, "sae_pwe", num);
	snprintf(num, sizeof(num), "%u", f->group_rekey_s);
	if (!r && f->group_rekey_s && f->sec->key_mgmt)
		r = batch_setz(&b, &len, s, "wpa_group_rekey", num);
	snprintf(num, sizeof(num), "%u", f->pair_rekey_s);
	if (!r && f->pair_rekey_s && f->sec->key_mgmt)
		r = batch_setz(&b, &len, s, "wpa_pair_rekey", num);
	r = r ?: batch_setz(&b, &len, s, "disabled", "0");
	for (size_t i = 0; !r && i < f->n_others; i++)
		r = batch_setz(&b, &len, f->others[i], "disabled", "1");
	r = r ?: batch_setz(&b, &len, f->radio, "disabled", "0");
	snprintf(num, sizeof(num), "%u", f->channel);
	if (!r && f->channel)
		r = batch_setz(&b, &len, f->radio, "channel", num);
	if (r) {
		if (b)
			wb_secure_zero(b, len);
		free(b);
		return r;
	}
	*out = b;
	*out_len = len;
	return 0;
}

int wb_owrt_plan_apply(const struct wb_owrt_iface *f, const char *marker,
		       struct wb_owrt_plan *out)
{
	char *batch = NULL;
	size_t len = 0;
	int r;

	if (memchr(f->ssid, '\n', f->ssid_len) || memchr(f->ssid, '\0', f->ssid_len) ||
	    memchr(f->ssid, '\r', f->ssid_len) ||
	    (f->passphrase && strpbrk(f->passphrase, "\r\n")))
		return -EINVAL;
	if ((r = batch_text(f, &batch, &len)) < 0)
		return r;
	if ((r = add(out, batch, len, 0, "uci", "batch", NULL)) < 0 ||
	    (r = add(out, NULL, 0, 0, "uci", "commit", "wireless", NULL)) < 0 ||
	    (r = add(out, NULL, 0, 0, "logger", "-t", "wbench", marker, NULL)) < 0)
		return r;
	return add(out, NULL, 0, 0, "wifi", "up", f->radio, NULL);
}

int wb_owrt_plan_stop(const char *radio, struct wb_owrt_plan *out)
{
	return add(out, NULL, 0, 1, "wifi", "down", radio, NULL);
}

int wb_owrt_plan_backup(const char *remote_dir, struct wb_owrt_plan *out)
{
	char dst[512];

	snprintf(dst, sizeof(dst), "%s/wireless.orig", remote_dir);
	return add(out, NULL, 0, 0, "cp", "-p", WB_OWRT_WIRELESS, dst, NULL);
}

int wb_owrt_plan_restore(const char *radio, const char *content, size_t len, bool was_up,
			 struct wb_owrt_plan *out)
{
	char *copy = malloc(len + 1);
	int r;

	if (!copy)
		return -ENOMEM;
	memcpy(copy, content, len);
	copy[len] = '\0';
	if ((r = add(out, NULL, 0, 1, "uci", "revert", "wireless", NULL)) < 0 ||
	    (r = add(out, copy, len, 0, "sh", "-c", restore_script, NULL)) < 0 ||
	    (r = add(out, NULL, 0, 1, "uci", "revert", "wireless", NULL)) < 0)
		return r;
	return add(out, NULL, 0, 0, "wifi", was_up ? "up" : "down", radio, NULL);
}
