/*
 * libFuzzer target for the parsers of hostapd/wpa_supplicant control replies and events
 * (wbench/daemons/): what a daemon, or a remote host's hostapd_cli/wpa_cli, prints is
 * hostile input. Any bytes, cut at the first NUL, are a reply: a STA reply
 * (wb_hostapd_sta_parse), a STATUS reply (wb_wpas_status_parse), key=value lookups
 * (wb_daemon_line_value). Each of its lines is also a datagram and a line of an interactive
 * cli's output: wb_ctrl_is_event, wb_ctrl_event_strip, wb_ctrl_cli_line, then the event
 * text through wb_ctrl_match (the prefixes the daemons wait for) and wb_ctrl_history_add
 * into a connection that has no socket (ctrl_i.h). No socket, no process.
 *
 * Properties: nothing crashes or leaks (ASan, UBSan); a parsed STA reply has a MAC address
 * and flags that agree with its authorized/mfp booleans; a parsed STATUS reply has its
 * numbers in their ranges and an SSID of at most 32 bytes; a looked-up value fits its
 * buffer; stripping stays inside the line and leaves a non-event alone; a match is a
 * whole-word prefix; the history stays NUL-terminated, within its buffer, and ends with the
 * newest event.
 * Seed corpus: tests/fuzz/corpus/fuzz_ctrl/ (copies of tests/fixtures/ctrl replies and
 * cli output, and tests/fixtures/logs events); those directories also serve.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wbench/daemons/ctrl_i.h"
#include "wbench/daemons/daemon.h"
#include "wbench/daemons/hostapd.h"
#include "wbench/daemons/wpas.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What hostapd.c and wpas.c wait for, and "" (any event) last. */
static const char *const prefixes[] = {
	WB_EV_AP_ENABLED, WB_EV_AP_DISABLED, WB_EV_CONNECTED, WB_EV_TEMP_DISABLED,
	WB_EV_ASSOC_REJECT, WB_EV_AUTH_REJECT, WB_EV_NETWORK_NOT_FOUND, WB_EV_DISCONNECTED,
	WB_EV_SAE_UNKNOWN_PWID, WB_EV_TERMINATING, "CTRL-EVENT-SCAN-", "", NULL,
};

static bool terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

static bool is_mac(const char *s)
{
	size_t i;

	if (strlen(s) != 17)
		return false;
	for (i = 0; i < 17; i++)
		if (i % 3 == 2 ? s[i] != ':' : !strchr("0123456789abcdefABCDEF", s[i]) || !s[i])
			return false;
	return true;
}

static void replies(const char *text, size_t size)
{
	static const char *const keys[] = { "wpa_state", "state", "flags", "ssid", "freq", "" };
	struct wb_wpas_status st;
	struct wb_ap_sta sta;
	char val[64];
	size_t i, len;
	int ret;

	ret = wb_hostapd_sta_parse(text, &sta);
	if (ret == 0) {
		if (!is_mac(sta.addr) || !terminated(sta.flags, sizeof(sta.flags)) ||
		    !terminated(sta.akm, sizeof(sta.akm)))
			abort();
		if (sta.authorized != (strstr(sta.flags, "[AUTHORIZED]") != NULL) ||
		    sta.mfp != (strstr(sta.flags, "[MFP]") != NULL))
			abort();
	} else if (ret != -ENOENT && ret != -EINVAL) {
		abort();
	}
	ret = wb_wpas_status_parse(text, &st);
	if (ret == 0) {
		if (st.ssid_len > sizeof(st.ssid) || st.pmf < 0 || st.pmf > 2 || st.freq > 100000 ||
		    !terminated(st.wpa_state, sizeof(st.wpa_state)) ||
		    !terminated(st.bssid, sizeof(st.bssid)) ||
		    !terminated(st.key_mgmt, sizeof(st.key_mgmt)) ||
		    !terminated(st.pairwise_cipher, sizeof(st.pairwise_cipher)) ||
		    !terminated(st.group_cipher, sizeof(st.group_cipher)) ||
		    !terminated(st.mgmt_group_cipher, sizeof(st.mgmt_group_cipher)) ||
		    !terminated(st.address, sizeof(st.address)))
			abort();
	} else if (ret != -EINVAL) {
		abort();
	}
	/* buffer sizes 1..64, from the input's length */
	len = 1 + size % sizeof(val);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		memset(val, 'x', sizeof(val));
		if (wb_daemon_line_value(text, keys[i], val, len) && !terminated(val, len))
			abort();
	}
}

/* One line (no '\n'), as a datagram and as a line of the interactive cli's output. */
static void line(struct wb_ctrl *c, const char *raw, char *copy)
{
	const char *ev = wb_ctrl_event_strip(raw), *text;
	size_t rlen = strlen(raw), n, keep;
	enum wb_ctrl_cli_line kind;
	int m;

	if (ev < raw || ev > raw + rlen || (!wb_ctrl_is_event(raw) && ev != raw))
		abort();
	strcpy(copy, raw);
	kind = wb_ctrl_cli_line(copy, &text);
	if (text < copy || text > copy + strlen(copy))
		abort();
	if (kind == WB_CTRL_CLI_PONG && strcmp(text, "PONG"))
		abort();
	if (kind != WB_CTRL_CLI_EVENT)
		return;
	m = wb_ctrl_match(text, prefixes);
	if (m >= 0) {
		n = strlen(prefixes[m]);
		if (strncmp(text, prefixes[m], n) ||
		    (n && text[n] && text[n] != ' ' && prefixes[m][n - 1] != ' '))
			abort();
	} else {
		abort(); /* "" matches any event */
	}
	n = strlen(text);
	wb_ctrl_history_add(c, text, n);
	keep = n > (sizeof(c->hist) - 1) / 2 ? (sizeof(c->hist) - 1) / 2 : n;
	if (c->hist_len >= sizeof(c->hist) || c->hist[c->hist_len] != '\0' ||
	    strlen(c->hist) != c->hist_len || c->hist_len < keep + 1 ||
	    c->hist[c->hist_len - 1] != '\n' ||
	    memcmp(c->hist + c->hist_len - 1 - keep, text, keep) ||
	    wb_ctrl_history(c) != c->hist)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *copy = malloc(size + 1), *p, *nl;
	struct wb_ctrl *c = calloc(1, sizeof(*c));

	if (!text || !copy || !c)
		goto out;
	memcpy(text, data, size);
	text[size] = '\0';
	replies(text, size);
	if (strcmp(wb_ctrl_history(c), ""))
		abort();
	for (p = text; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		line(c, p, copy);
		if (!nl)
			break;
	}
out:
	free(text);
	free(copy);
	free(c);
	return 0;
}
