/*
 * wbench: the link collector's remote source: `iw dev IF station dump` through a host,
 * and the parser of its text (see link.h). The format is iw's print_sta_handler
 * (station.c): "Station MAC (on IF)", then one "\tkey:\tvalue" line per attribute the
 * kernel gave; iw versions add lines (tx duration, associated at, MLO "Link N:"
 * sections) but have never renamed the ones read here.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/link.h"
#include "wbench/lib/util.h"
#include "wbench/wifi/ieee80211.h"

/* A line longer than this is not iw's. */
#define IW_LINE_MAX 512

enum iw_kind { K_U32, K_U64, K_DBM, K_RATE, K_YESNO };

/* The lines read, by their key; @unit is what must follow the number ("" for none). */
static const struct iw_field {
	const char *key;
	enum iw_kind kind;
	const char *unit;
	uint32_t bit;
	size_t off;  /* offsetof the value in struct wb_link_station */
} iw_fields[] = {
	{ "inactive time", K_U32, "ms", WB_LINK_HAS_INACTIVE_TIME,
	  offsetof(struct wb_link_station, inactive_time_ms) },
	{ "rx bytes", K_U64, "", WB_LINK_HAS_RX_BYTES, offsetof(struct wb_link_station, rx_bytes) },
	{ "tx bytes", K_U64, "", WB_LINK_HAS_TX_BYTES, offsetof(struct wb_link_station, tx_bytes) },
	{ "rx packets", K_U32, "", WB_LINK_HAS_RX_PACKETS,
	  offsetof(struct wb_link_station, rx_packets) },
	{ "tx packets", K_U32, "", WB_LINK_HAS_TX_PACKETS,
	  offsetof(struct wb_link_station, tx_packets) },
	{ "tx retries", K_U32, "", WB_LINK_HAS_TX_RETRIES,
	  offsetof(struct wb_link_station, tx_retries) },
	{ "tx failed", K_U32, "", WB_LINK_HAS_TX_FAILED, offsetof(struct wb_link_station, tx_failed) },
	{ "beacon loss", K_U32, "", WB_LINK_HAS_BEACON_LOSS,
	  offsetof(struct wb_link_station, beacon_loss) },
	{ "connected time", K_U32, "seconds", WB_LINK_HAS_CONNECTED_TIME,
	  offsetof(struct wb_link_station, connected_time_s) },
	{ "signal", K_DBM, "", WB_LINK_HAS_SIGNAL, offsetof(struct wb_link_station, signal_dbm) },
	{ "signal avg", K_DBM, "", WB_LINK_HAS_SIGNAL_AVG,
	  offsetof(struct wb_link_station, signal_avg_dbm) },
	{ "tx bitrate", K_RATE, "", 0, offsetof(struct wb_link_station, tx_rate) },
	{ "rx bitrate", K_RATE, "", 0, offsetof(struct wb_link_station, rx_rate) },
	{ "MFP", K_YESNO, "", WB_LINK_HAS_MFP, offsetof(struct wb_link_station, mfp) },
};

static const char *skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* A decimal number at *@s (no sign) up to @max; *@s moves past it. Returns 0 or -EINVAL. */
static int take_u64(const char **s, uint64_t max, uint64_t *v)
{
	const char *p = *s;
	uint64_t x = 0;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned int d = (unsigned int)(*p - '0');

		if (x > (max - d) / 10)
			return -EINVAL;
		x = x * 10 + d;
	}
	*s = p;
	*v = x;
	return 0;
}

/* What follows a number: @unit (if any), then nothing but blanks. */
static bool ends_with_unit(const char *s, const char *unit)
{
	s = skip_ws(s);
	if (*unit) {
		if (strncmp(s, unit, strlen(unit)) != 0)
			return false;
		s = skip_ws(s + strlen(unit));
	}
	return *s == '\0';
}

/* "-30 dBm", "-45 [-47, -49] dBm" (chains after the value): the first number. */
static int parse_dbm(const char *v, int8_t *out)
{
	bool neg = *v == '-';
	uint64_t x;

	v += neg;
	if (take_u64(&v, 128, &x) < 0 || (!neg && x > 127))
		return -EINVAL;
	v = skip_ws(v);
	if (*v == '[') {
		v = strchr(v, ']');
		if (!v)
			return -EINVAL;
		v = skip_ws(v + 1);
	}
	if (!ends_with_unit(v, "dBm"))
		return -EINVAL;
	*out = (int8_t)(neg ? -(int)x : (int)x);
	return 0;
}

/* "N" of a rate token pair such as "MCS 7"; -1 when malformed. */
static int rate_index(const char **s)
{
	uint64_t x;

	*s = skip_ws(*s);
	return take_u64(s, 255, &x) < 0 ? -1 : (int)x;
}

static const struct {
	const char *tok;
	unsigned int mhz;
} rate_widths[] = {
	{ "1MHz", 1 }, { "2MHz", 2 }, { "4MHz", 4 }, { "5MHz", 5 }, { "8MHz", 8 },
	{ "10MHz", 10 }, { "16MHz", 16 }, { "40MHz", 40 }, { "80MHz", 80 },
	{ "80P80MHz", 160 }, { "160MHz", 160 }, { "320MHz", 320 },
};

/* One token after the bitrate; unknown ones (HE-GI, EHT-*, ...) are skipped. */
static int rate_token(const char **s, struct wb_link_rate *r)
{
	static const struct { const char *tok; size_t off; } idx[] = {
		{ "MCS", offsetof(struct wb_link_rate, mcs) },
		{ "VHT-MCS", offsetof(struct wb_link_rate, vht_mcs) },
		{ "VHT-NSS", offsetof(struct wb_link_rate, vht_nss) },
		{ "HE-MCS", offsetof(struct wb_link_rate, he_mcs) },
		{ "HE-NSS", offsetof(struct wb_link_rate, he_nss) },
	};
	size_t len = strcspn(*s, " \t");
	size_t i;

	for (i = 0; i < WB_ARRAY_SIZE(idx); i++) {
		if (len == strlen(idx[i].tok) && !strncmp(*s, idx[i].tok, len)) {
			int *dst = (int *)((char *)r + idx[i].off);

			*s += len;
			*dst = rate_index(s);
			return *dst < 0 ? -EINVAL : 0;
		}
	}
	for (i = 0; i < WB_ARRAY_SIZE(rate_widths); i++)
		if (len == strlen(rate_widths[i].tok) && !strncmp(*s, rate_widths[i].tok, len))
			r->width_mhz = rate_widths[i].mhz;
	if (len == 5 && !strncmp(*s, "short", 5) && !strncmp(skip_ws(*s + 5), "GI", 2)) {
		r->short_gi = true;
		*s = skip_ws(*s + 5) + 2;
		return 0;
	}
	*s += len;
	return 0;
}

/* An absent rate, as the nl80211 side leaves it. */
static void rate_init(struct wb_link_rate *r)
{
	memset(r, 0, sizeof(*r));
	r->mcs = r->vht_mcs = r->vht_nss = r->he_mcs = r->he_nss = -1;
	r->width_mhz = 20;
}

/* "13.0 MBit/s MCS 8 40MHz short GI", "(unknown) VHT-MCS 9 ...": see iw's parse_bitrate. */
static int parse_rate(const char *v, struct wb_link_rate *r)
{
	uint64_t whole, tenth;

	rate_init(r);
	if (!strncmp(v, "(unknown)", 9)) {
		v += 9;
	} else {
		/* iw prints rate / 10 "." rate % 10: in 100 kbit/s units, one decimal */
		if (take_u64(&v, UINT32_MAX / 10, &whole) < 0 || *v++ != '.' ||
		    take_u64(&v, 9, &tenth) < 0)
			return -EINVAL;
		v = skip_ws(v);
		if (strncmp(v, "MBit/s", 6) != 0)
			return -EINVAL;
		v += 6;
		r->bitrate = (uint32_t)(whole * 10 + tenth);
	}
	while (*(v = skip_ws(v)))
		if (rate_token(&v, r) < 0)
			return -EINVAL;
	r->present = true;
	return 0;
}

static int parse_value(const struct iw_field *f, const char *v, struct wb_link_station *s)
{
	void *dst = (char *)s + f->off;
	uint64_t x;

	switch (f->kind) {
	case K_U32:
	case K_U64:
		if (take_u64(&v, f->kind == K_U32 ? UINT32_MAX : UINT64_MAX, &x) < 0 ||
		    !ends_with_unit(v, f->unit))
			return -EINVAL;
		if (f->kind == K_U32)
			*(uint32_t *)dst = (uint32_t)x;
		else
			*(uint64_t *)dst = x;
		return 0;
	case K_DBM:
		return parse_dbm(v, dst);
	case K_RATE:
		return parse_rate(v, dst);
	case K_YESNO:
		if (!strcmp(v, "yes") || !strcmp(v, "no")) {
			*(bool *)dst = !strcmp(v, "yes");
			return 0;
		}
		return -EINVAL;
	}
	return -EINVAL;
}

struct iw_parse {
	struct wb_link_station *st;  /* ours until handed out */
	size_t n, cap;
	bool in_link;                /* inside an MLO "Link N:" section: skip */
	unsigned int line;
	char *err;
	size_t errlen;
};

/* "Station aa:bb:cc:dd:ee:ff (on wlan0)" starts a station. */
static int station_line(struct iw_parse *p, const char *l)
{
	char mac[18];

	if (p->n == WB_LINK_MAX_STATIONS)
		return -E2BIG;
	if (p->n == p->cap) {
		size_t ncap = p->cap ? p->cap * 2 : 4;
		struct wb_link_station *ns = realloc(p->st, ncap * sizeof(*ns));

		if (!ns)
			return -ENOMEM;
		p->st = ns;
		p->cap = ncap;
	}
	l = skip_ws(l + strlen("Station"));
	if (strlen(l) < 17)
		return -EINVAL;
	memcpy(mac, l, 17);
	mac[17] = '\0';
	memset(&p->st[p->n], 0, sizeof(p->st[0]));
	rate_init(&p->st[p->n].tx_rate);
	rate_init(&p->st[p->n].rx_rate);
	if (wb_80211_addr_parse(mac, p->st[p->n].mac) < 0 || (l[17] && l[17] != ' '))
		return -EINVAL;
	/* every kernel since 3.x gives the 64-bit byte counters, and iw prints those */
	p->st[p->n].has = WB_LINK_HAS_BYTES64;
	p->n++;
	p->in_link = false;
	return 0;
}

/* One "key: value" line of the current station. */
static int field_line(struct iw_parse *p, const char *l)
{
	struct wb_link_station *s = &p->st[p->n - 1];
	const char *colon = strchr(l, ':');
	size_t klen, i;

	if (!colon)
		return 0;  /* a continuation (TXQ tables and the like) */
	klen = (size_t)(colon - l);
	while (klen && (l[klen - 1] == ' ' || l[klen - 1] == '\t'))
		klen--;
	if (!strncmp(l, "Link ", 5) && colon[1] == '\0') {
		p->in_link = true;  /* MLO per-link values: the station's come first */
		return 0;
	}
	if (p->in_link)
		return 0;
	for (i = 0; i < WB_ARRAY_SIZE(iw_fields); i++) {
		const struct iw_field *f = &iw_fields[i];

		if (klen != strlen(f->key) || strncmp(l, f->key, klen) != 0)
			continue;
		if (parse_value(f, skip_ws(colon + 1), s) < 0)
			return -EINVAL;
		s->has |= f->bit;
		return 0;
	}
	return 0;
}

/* Copies line @l (without its newline, trailing blanks cut) into @buf; -EINVAL if too long. */
static int take_line(const char *l, size_t len, char *buf)
{
	if (len >= IW_LINE_MAX)
		return -EINVAL;
	while (len && (l[len - 1] == ' ' || l[len - 1] == '\t' || l[len - 1] == '\r'))
		len--;
	memcpy(buf, l, len);
	buf[len] = '\0';
	return 0;
}

static int parse_lines(struct iw_parse *p, const char *text)
{
	char buf[IW_LINE_MAX];
	const char *l = text;
	int r;

	while (*l) {
		size_t len = strcspn(l, "\n");
		const char *t;

		p->line++;
		r = take_line(l, len, buf);
		t = skip_ws(buf);
		if (r == 0 && !strncmp(t, "Station ", 8) && t == buf)
			r = station_line(p, t);
		else if (r == 0 && *t && p->n)
			r = field_line(p, t);
		else if (r == 0 && *t)
			r = -EINVAL;  /* text before the first station: not a station dump */
		if (r < 0)
			return r;
		l += len + (l[len] == '\n');
	}
	return 0;
}

int wb_link_iw_parse(const char *text, struct wb_link_station **out, size_t *n,
		     char *err, size_t errlen)
{
	struct iw_parse p = { .err = err, .errlen = errlen };
	int r;

	*out = NULL;
	*n = 0;
	r = parse_lines(&p, text ? text : "");
	if (r < 0) {
		free(p.st);
		if (r == -E2BIG)
			wb_errbuf_set(err, errlen, "iw station dump: more than %d stations",
				      WB_LINK_MAX_STATIONS);
		else if (r == -ENOMEM)
			wb_errbuf_set(err, errlen, "out of memory");
		else
			wb_errbuf_set(err, errlen, "iw station dump: line %u is not what iw prints",
				      p.line);
		return r;
	}
	*out = p.st;
	*n = p.n;
	return 0;
}

/* iw's own complaint (its last line), for the message. */
static void last_line(const char *text, char *buf, size_t len)
{
	const char *end = text + strlen(text), *start;

	while (end > text && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
		end--;
	start = end;
	while (start > text && start[-1] != '\n')
		start--;
	snprintf(buf, len, "%.*s", (int)(end - start), start);
}

int wb_link_iw_dump(struct wb_host *host, const char *netns, const char *ifname,
		    int64_t timeout_ms, struct wb_cancel *cancel, struct wb_link_station **out,
		    size_t *n, char *err, size_t errlen)
{
	char *const argv[] = { "iw", "dev", (char *)ifname, "station", "dump", NULL };
	struct wb_host_exec x = { .netns = netns, .cancel = cancel, .timeout_ms = timeout_ms,
				  .err = WB_HOST_STDERR_MERGE };
	char *text = NULL, why[200];
	int r;

	*out = NULL;
	*n = 0;
	r = wb_host_run(host, argv, &x, &text, NULL);
	if (r == 0) {
		r = wb_link_iw_parse(text, out, n, err, errlen);
	} else if (r > 0) {
		last_line(text ? text : "", why, sizeof(why));
		wb_errbuf_set(err, errlen, "'iw dev %s station dump' on %s exited %d%s%s", ifname,
			      wb_host_name(host), r, why[0] ? ": " : "", why);
		r = r == 127 ? -ENOENT : -EIO;
	} else {
		wb_errbuf_set(err, errlen, "'iw dev %s station dump' on %s: %s", ifname,
			      wb_host_name(host), strerror(-r));
	}
	free(text);
	return r;
}
