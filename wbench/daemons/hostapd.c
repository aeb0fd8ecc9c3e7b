#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/daemons/hostapd.h"
#include "wbench/lib/log.h"
#include "wbench/lib/util.h"

#define STOP_GRACE_MS 3000
/* hostapd exits by itself after a failed setup; how long we let it. */
#define EXIT_AFTER_FAILURE_MS 2000

void wb_hostapd_opts_init(struct wb_hostapd_opts *o)
{
	o->binary = NULL;
	o->cli = NULL;
	o->host = NULL;
	o->netns = NULL;
	o->dir = NULL;
	o->start_timeout_ms = 0;
	wb_hostapd_conf_init(&o->conf);
}

void wb_hostapd_init(struct wb_hostapd *h)
{
	wb_daemon_init(&h->d, "hostapd");
	h->enable_ms = -1;
	h->fail_event[0] = '\0';
	h->exit_code = -1;
}

/* "state=ENABLED" etc. from a STATUS reply; "" when absent. */
static void status_state(const char *reply, char *state, size_t len)
{
	const char *p = strstr(reply, "state=");

	state[0] = '\0';
	while (p && p != reply && p[-1] != '\n')
		p = strstr(p + 1, "state=");
	if (p) {
		size_t n = strcspn(p + 6, "\n");

		if (n >= len)
			n = len - 1;
		memcpy(state, p + 6, n);
		state[n] = '\0';
	}
}

static int wait_enabled(struct wb_hostapd *h, int64_t deadline, struct wb_cancel *c)
{
	static const char *const evs[] = { WB_EV_AP_ENABLED, WB_EV_AP_DISABLED, NULL };
	char reply[4096], state[32];
	int r;

	/* hostapd may have enabled the AP before our ATTACH was processed: ask first. */
	r = wb_ctrl_request(h->d.cmd, "STATUS", reply, sizeof(reply), WB_DAEMON_REQUEST_MS);
	if (r >= 0) {
		status_state(reply, state, sizeof(state));
		if (strcmp(state, "ENABLED") == 0)
			return 0;
		if (strcmp(state, "DISABLED") == 0) {
			snprintf(h->fail_event, sizeof(h->fail_event), "STATUS state=DISABLED");
			return -EIO;
		}
	} else if (wb_daemon_running(&h->d)) {
		return r;
	}
	r = wb_ctrl_wait_event(h->d.ev, evs, deadline - wb_now_ms(), c, wb_daemon_peer(&h->d),
			       h->fail_event, sizeof(h->fail_event));
	if (r == 0) {
		h->fail_event[0] = '\0';
		return 0;
	}
	if (r == 1 || r == -ESRCH)
		return -EIO;
	return r;
}

static void fail_cleanup(struct wb_hostapd *h, int r)
{
	/*
	 * hostapd exits by itself after a setup it reported failed (-EIO); give it the chance,
	 * then make sure. After a timeout or an interrupt it is still working: stop it now.
	 */
	if (r == -EIO && wb_daemon_running(&h->d))
		(void)wb_host_proc_wait(h->d.proc, EXIT_AFTER_FAILURE_MS, NULL);
	wb_daemon_stop(&h->d, STOP_GRACE_MS);
	h->exit_code = wb_daemon_exit_code(&h->d);
	if (!h->fail_event[0] && h->exit_code >= 0)
		snprintf(h->fail_event, sizeof(h->fail_event), "hostapd exited with status %d",
			 h->exit_code);
}

int wb_hostapd_start(struct wb_hostapd *h, const struct wb_hostapd_opts *o, struct wb_cancel *c)
{
	int64_t timeout = o->start_timeout_ms > 0 ? o->start_timeout_ms : WB_HOSTAPD_START_TIMEOUT_MS;
	int64_t deadline = wb_now_ms() + timeout;
	struct wb_hostapd_conf conf = o->conf;
	char tag[64], *argv[4];
	char why[128];
	int r;

	h->enable_ms = -1;
	h->fail_event[0] = '\0';
	h->exit_code = -1;
	if (!o->host || !o->dir || wb_ifname_check(conf.ifname, why, sizeof(why)) < 0) {
		wb_err("hostapd: %s", !o->host ? "no host given" : o->dir ? why :
		       "no run directory given");
		return -EINVAL;
	}
	snprintf(tag, sizeof(tag), "hostapd-%s", conf.ifname);
	r = wb_daemon_prepare(&h->d, o->host, o->dir, tag, conf.ifname,
			      o->cli ? o->cli : "hostapd_cli");
	if (r < 0)
		return r;
	conf.ctrl_dir = h->d.ctrl_dir;
	r = wb_hostapd_conf_write(&conf, o->host, h->d.conf_path);
	if (r < 0)
		return r;
	argv[0] = (char *)(o->binary ? o->binary : "hostapd");
	argv[1] = "-t"; /* timestamps; never -d: debug output can include key material */
	argv[2] = h->d.conf_path;
	argv[3] = NULL;
	r = wb_daemon_spawn(&h->d, argv, o->netns);
	if (r < 0)
		return r;
	r = wb_daemon_connect(&h->d, deadline - wb_now_ms(), c);
	if (r == -ESRCH)
		r = -EIO;
	if (r == 0)
		r = wait_enabled(h, deadline, c);
	if (r < 0) {
		fail_cleanup(h, r);
		return r;
	}
	h->enable_ms = wb_now_ms() - h->d.spawned_ms;
	return 0;
}

int wb_hostapd_log(const struct wb_hostapd *h, char **text)
{
	return wb_daemon_log(&h->d, text);
}

const char *wb_hostapd_events(const struct wb_hostapd *h)
{
	return wb_daemon_events(&h->d);
}

static bool is_mac(const char *s, size_t n)
{
	size_t i;

	if (n != 17)
		return false;
	for (i = 0; i < 17; i++) {
		char ch = s[i];

		if (i % 3 == 2 ? ch != ':' :
		    !((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F')))
			return false;
	}
	return true;
}

int wb_hostapd_sta_parse(const char *text, struct wb_ap_sta *out)
{
	size_t n = strcspn(text, "\n");

	memset(out, 0, sizeof(*out));
	if (n == 0 || strncmp(text, "FAIL", 4) == 0)
		return -ENOENT;
	if (!is_mac(text, n))
		return -EINVAL;
	memcpy(out->addr, text, 17);
	out->addr[17] = '\0';
	wb_daemon_line_value(text, "flags", out->flags, sizeof(out->flags));
	wb_daemon_line_value(text, "AKMSuiteSelector", out->akm, sizeof(out->akm));
	out->authorized = strstr(out->flags, "[AUTHORIZED]") != NULL;
	out->mfp = strstr(out->flags, "[MFP]") != NULL;
	return 0;
}

int wb_hostapd_sta(struct wb_hostapd *h, const char *addr, struct wb_ap_sta *out)
{
	char cmd[32], reply[WB_CTRL_MSG_MAX];
	int r;

	if (!h->d.cmd)
		return -ENOTCONN;
	if (!is_mac(addr, strlen(addr)))
		return -EINVAL;
	snprintf(cmd, sizeof(cmd), "STA %s", addr);
	r = wb_ctrl_request(h->d.cmd, cmd, reply, sizeof(reply), WB_DAEMON_REQUEST_MS);
	if (r < 0)
		return r;
	return wb_hostapd_sta_parse(reply, out);
}

int wb_hostapd_all_sta(struct wb_hostapd *h, struct wb_ap_sta *out, size_t max, size_t *n)
{
	char cmd[32], reply[WB_CTRL_MSG_MAX];
	int r;

	*n = 0;
	if (!h->d.cmd)
		return -ENOTCONN;
	r = wb_ctrl_request(h->d.cmd, "STA-FIRST", reply, sizeof(reply), WB_DAEMON_REQUEST_MS);
	while (r >= 0 && *n < max) {
		r = wb_hostapd_sta_parse(reply, &out[*n]);
		if (r == -ENOENT)
			return 0;
		if (r < 0)
			return r;
		snprintf(cmd, sizeof(cmd), "STA-NEXT %s", out[*n].addr);
		(*n)++;
		r = wb_ctrl_request(h->d.cmd, cmd, reply, sizeof(reply), WB_DAEMON_REQUEST_MS);
	}
	return r < 0 ? r : 0;
}

int wb_hostapd_deauth(struct wb_hostapd *h, const char *addr)
{
	char cmd[48];

	if (!h->d.cmd)
		return -ENOTCONN;
	if (!is_mac(addr, strlen(addr)))
		return -EINVAL;
	snprintf(cmd, sizeof(cmd), "DEAUTHENTICATE %s", addr);
	return wb_ctrl_request_ok(h->d.cmd, cmd, WB_DAEMON_REQUEST_MS);
}

int wb_hostapd_stop(struct wb_hostapd *h)
{
	return wb_daemon_stop(&h->d, STOP_GRACE_MS);
}

void wb_hostapd_release(struct wb_hostapd *h)
{
	if (!h)
		return;
	wb_daemon_release(&h->d);
}

int wb_hostapd_version(struct wb_host *host, const char *binary, char *out, size_t len)
{
	return wb_daemon_version(host, binary ? binary : "hostapd", out, len, WB_DAEMON_VERSION_MS);
}
