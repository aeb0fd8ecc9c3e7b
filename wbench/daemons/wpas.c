#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/lib/log.h"
#include "wbench/lib/util.h"
#include "wbench/daemons/wpas.h"

#define STOP_GRACE_MS 3000
/* WLAN_STATUS_ASSOC_REJECTED_TEMPORARILY: PMF association comeback, retried by wpa_supplicant. */
#define STATUS_REJECTED_TEMPORARILY 30

void wb_wpas_opts_init(struct wb_wpas_opts *o)
{
	o->binary = NULL;
	o->cli = NULL;
	o->host = NULL;
	o->netns = NULL;
	o->dir = NULL;
	o->ifname = NULL;
	o->start_timeout_ms = 0;
	wb_wpas_conf_init(&o->conf);
}

void wb_wpas_init(struct wb_wpas *w)
{
	wb_daemon_init(&w->d, "wpa_supplicant");
	w->assoc_ms = -1;
	w->fail_event[0] = '\0';
}

int wb_wpas_start(struct wb_wpas *w, const struct wb_wpas_opts *o, struct wb_cancel *c)
{
	int64_t timeout = o->start_timeout_ms > 0 ? o->start_timeout_ms : WB_WPAS_START_TIMEOUT_MS;
	struct wb_wpas_conf conf = o->conf;
	char tag[64], why[128], *argv[9];
	int r;

	w->assoc_ms = -1;
	w->fail_event[0] = '\0';
	if (!o->host || !o->dir || wb_ifname_check(o->ifname, why, sizeof(why)) < 0) {
		wb_err("wpa_supplicant: %s", !o->host ? "no host given" : o->dir ? why :
		       "no run directory given");
		return -EINVAL;
	}
	snprintf(tag, sizeof(tag), "wpas-%s", o->ifname);
	r = wb_daemon_prepare(&w->d, o->host, o->dir, tag, o->ifname, o->cli ? o->cli : "wpa_cli");
	if (r < 0)
		return r;
	conf.ctrl_dir = w->d.ctrl_dir;
	r = wb_wpas_conf_write(&conf, o->host, w->d.conf_path);
	if (r < 0)
		return r;
	argv[0] = (char *)(o->binary ? o->binary : "wpa_supplicant");
	argv[1] = "-t"; /* timestamps; never -d/-K: debug output can include key material */
	argv[2] = "-Dnl80211";
	argv[3] = "-i";
	argv[4] = (char *)o->ifname;
	argv[5] = "-c";
	argv[6] = w->d.conf_path;
	argv[7] = NULL;
	r = wb_daemon_spawn(&w->d, argv, o->netns);
	if (r < 0)
		return r;
	r = wb_daemon_connect(&w->d, timeout, c);
	if (r < 0) {
		if (r == -ESRCH) {
			snprintf(w->fail_event, sizeof(w->fail_event),
				 "wpa_supplicant exited with status %d",
				 wb_daemon_exit_code(&w->d));
			r = -EIO;
		}
		wb_daemon_stop(&w->d, STOP_GRACE_MS);
	}
	return r;
}

/* The number after "key=" in @ev, or -1. */
static long event_num(const char *ev, const char *key)
{
	const char *p = strstr(ev, key);
	unsigned long v;
	char num[16];
	size_t n;

	if (!p)
		return -1;
	p += strlen(key);
	n = strspn(p, "0123456789");
	if (n == 0 || n >= sizeof(num))
		return -1;
	memcpy(num, p, n);
	num[n] = '\0';
	return wb_parse_uint(num, 0, 65535, &v) == 0 ? (long)v : -1;
}

/* 0 when STATUS says COMPLETED, -EAGAIN when not (yet), or a request error. */
static int completed(struct wb_wpas *w, char *state, size_t len)
{
	char reply[4096];
	const char *p;
	int r;

	state[0] = '\0';

	r = wb_ctrl_request(w->d.cmd, "STATUS", reply, sizeof(reply), WB_DAEMON_REQUEST_MS);
	if (r < 0)
		return r;
	for (p = reply; p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (strncmp(p, "wpa_state=", 10) == 0) {
			wb_strlcpy(state, p + 10, len);
			state[strcspn(state, "\n")] = '\0';
			break;
		}
	}
	return strcmp(state, "COMPLETED") == 0 ? 0 : -EAGAIN;
}

/* @cmd (ENABLE_NETWORK or RECONNECT), then wb_wpas_connect's wait. */
static int connect_by(struct wb_wpas *w, const char *cmd, int64_t timeout_ms,
		      struct wb_cancel *c)
{
	enum { EV_CONNECTED, EV_TEMP_DISABLED, EV_ASSOC_REJECT, EV_NOT_FOUND, EV_DISCONNECTED,
	       EV_SAE_PWID, EV_TERMINATING };
	static const char *const evs[] = {
		WB_EV_CONNECTED, WB_EV_TEMP_DISABLED, WB_EV_ASSOC_REJECT, WB_EV_NETWORK_NOT_FOUND,
		WB_EV_DISCONNECTED, WB_EV_SAE_UNKNOWN_PWID, WB_EV_TERMINATING, NULL,
	};
	int64_t deadline, t0;
	int not_found = 0, disconnects = 0, r;
	char state[24];

	if (!w->d.cmd)
		return -ENOTCONN;
	w->fail_event[0] = '\0';
	w->assoc_ms = -1;
	t0 = wb_now_ms();
	deadline = t0 + (timeout_ms > 0 ? timeout_ms : WB_WPAS_CONNECT_TIMEOUT_MS);
	r = wb_ctrl_request_ok(w->d.cmd, cmd, WB_DAEMON_REQUEST_MS);
	if (r < 0)
		return r;
	for (;;) {
		r = wb_ctrl_wait_event(w->d.ev, evs, deadline - wb_now_ms(), c, wb_daemon_peer(&w->d),
				       w->fail_event, sizeof(w->fail_event));
		wb_debug("wpa_supplicant connect: %d '%s' after %lld ms", r, w->fail_event,
			 (long long)(wb_now_ms() - t0));
		switch (r) {
		case EV_CONNECTED:
			if (w->assoc_ms < 0)
				w->assoc_ms = wb_now_ms() - t0;
			/*
			 * A retransmitted EAPOL message 1/4 (seen under slow emulation) restarts the
			 * handshake right after CONNECTED; success means COMPLETED when we return.
			 */
			r = completed(w, state, sizeof(state));
			wb_debug("wpa_supplicant connect: STATUS %s", r == 0 || r == -EAGAIN ?
				 state : strerror(-r));
			if (r == 0)
				w->fail_event[0] = '\0';
			if (r != -EAGAIN)
				return r;
			continue;
		case EV_ASSOC_REJECT:
			if (event_num(w->fail_event, "status_code=") == STATUS_REJECTED_TEMPORARILY)
				continue;
			return -EIO;
		case EV_NOT_FOUND:
			if (++not_found < WB_WPAS_RETRY_LIMIT)
				continue;
			return -EIO;
		case EV_DISCONNECTED:
			if (++disconnects < WB_WPAS_RETRY_LIMIT)
				continue;
			return -EIO;
		case EV_TEMP_DISABLED:
		case EV_SAE_PWID:
		case EV_TERMINATING:
			return -EIO;
		case -ESRCH:
			snprintf(w->fail_event, sizeof(w->fail_event),
				 "wpa_supplicant exited with status %d",
				 wb_daemon_exit_code(&w->d));
			return -EIO;
		default:
			return r < 0 ? r : -EPROTO;
		}
	}
}

int wb_wpas_connect(struct wb_wpas *w, int64_t timeout_ms, struct wb_cancel *c)
{
	return connect_by(w, "ENABLE_NETWORK 0", timeout_ms, c);
}

int wb_wpas_reconnect(struct wb_wpas *w, int64_t timeout_ms, struct wb_cancel *c)
{
	/* after DISCONNECT the network is still enabled: only RECONNECT starts again */
	return connect_by(w, "RECONNECT", timeout_ms, c);
}

/* Undo wpa_supplicant's printf_encode (\\, \", \e, \n, \r, \t, \xNN). */
static int ssid_decode(const char *s, uint8_t *out, size_t max, size_t *len)
{
	size_t n = 0;

	while (*s) {
		uint8_t b;

		if (*s != '\\') {
			b = (uint8_t)*s++;
		} else {
			s++;
			switch (*s) {
			case '\\': b = '\\'; break;
			case '"': b = '"'; break;
			case 'e': b = 0x1b; break;
			case 'n': b = '\n'; break;
			case 'r': b = '\r'; break;
			case 't': b = '\t'; break;
			case 'x': {
				char hex[3] = { s[1], s[1] ? s[2] : '\0', '\0' };

				if (wb_hex_decode(hex, &b, 1) < 0)
					return -EINVAL;
				s += 2;
				break;
			}
			default:
				return -EINVAL;
			}
			s++;
		}
		if (n == max)
			return -EINVAL;
		out[n++] = b;
	}
	*len = n;
	return 0;
}

int wb_wpas_status_parse(const char *text, struct wb_wpas_status *st)
{
	char num[16], ssid[4 * 32 + 8];
	unsigned long v;

	memset(st, 0, sizeof(*st));
	wb_daemon_line_value(text, "wpa_state", st->wpa_state, sizeof(st->wpa_state));
	wb_daemon_line_value(text, "bssid", st->bssid, sizeof(st->bssid));
	wb_daemon_line_value(text, "key_mgmt", st->key_mgmt, sizeof(st->key_mgmt));
	wb_daemon_line_value(text, "pairwise_cipher", st->pairwise_cipher, sizeof(st->pairwise_cipher));
	wb_daemon_line_value(text, "group_cipher", st->group_cipher, sizeof(st->group_cipher));
	wb_daemon_line_value(text, "mgmt_group_cipher", st->mgmt_group_cipher,
		   sizeof(st->mgmt_group_cipher));
	wb_daemon_line_value(text, "address", st->address, sizeof(st->address));
	if (wb_daemon_line_value(text, "freq", num, sizeof(num))) {
		if (wb_parse_uint(num, 1, 100000, &v) < 0)
			return -EINVAL;
		st->freq = (unsigned int)v;
	}
	if (wb_daemon_line_value(text, "pmf", num, sizeof(num))) {
		if (wb_parse_uint(num, 0, 2, &v) < 0)
			return -EINVAL;
		st->pmf = (int)v;
	}
	if (wb_daemon_line_value(text, "ssid", ssid, sizeof(ssid)) &&
	    ssid_decode(ssid, st->ssid, sizeof(st->ssid), &st->ssid_len) < 0)
		return -EINVAL;
	return 0;
}

int wb_wpas_status(struct wb_wpas *w, struct wb_wpas_status *st)
{
	char reply[4096];
	int r;

	if (!w->d.cmd)
		return -ENOTCONN;
	r = wb_ctrl_request(w->d.cmd, "STATUS", reply, sizeof(reply), WB_DAEMON_REQUEST_MS);
	if (r < 0)
		return r;
	return wb_wpas_status_parse(reply, st);
}

int wb_wpas_disconnect(struct wb_wpas *w, int64_t timeout_ms, struct wb_cancel *c)
{
	static const char *const evs[] = { WB_EV_DISCONNECTED, NULL };
	int r;

	if (!w->d.cmd)
		return -ENOTCONN;
	r = wb_ctrl_request_ok(w->d.cmd, "DISCONNECT", WB_DAEMON_REQUEST_MS);
	if (r < 0)
		return r;
	r = wb_ctrl_wait_event(w->d.ev, evs, timeout_ms, c, wb_daemon_peer(&w->d), NULL, 0);
	return r >= 0 ? 0 : r;
}

int wb_wpas_log(const struct wb_wpas *w, char **text)
{
	return wb_daemon_log(&w->d, text);
}

const char *wb_wpas_events(const struct wb_wpas *w)
{
	return wb_daemon_events(&w->d);
}

int wb_wpas_stop(struct wb_wpas *w)
{
	return wb_daemon_stop(&w->d, STOP_GRACE_MS);
}

void wb_wpas_release(struct wb_wpas *w)
{
	if (!w)
		return;
	wb_daemon_release(&w->d);
}

int wb_wpas_version(struct wb_host *host, const char *binary, char *out, size_t len)
{
	return wb_daemon_version(host, binary ? binary : "wpa_supplicant", out, len,
				 WB_DAEMON_VERSION_MS);
}
