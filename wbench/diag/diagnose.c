#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "wbench/wifi/ciphers.h"
#include "wbench/diag/diagnose.h"
#include "wbench/lib/util.h"

static const char *const code_names[] = {
	[WB_DIAG_NONE] = "none",
	[WB_DIAG_NO_BIP_CIPHER] = "no_bip_cipher",
	[WB_DIAG_SAE_UNSUPPORTED] = "sae_unsupported",
	[WB_DIAG_DRIVER_RELOAD_FAILED] = "driver_reload_failed",
	[WB_DIAG_AP_START_TIMEOUT] = "ap_start_timeout",
	[WB_DIAG_AP_START_FAILED] = "ap_start_failed",
	[WB_DIAG_STA_START_FAILED] = "sta_start_failed",
	[WB_DIAG_ASSOC_TIMEOUT] = "assoc_timeout",
	[WB_DIAG_WRONG_PASSWORD] = "wrong_password",
	[WB_DIAG_NETWORK_NOT_FOUND] = "network_not_found",
	[WB_DIAG_ASSOC_REJECTED] = "assoc_rejected",
	[WB_DIAG_STA_IGTK_FAILED] = "sta_igtk_failed",
	[WB_DIAG_AP_DIED] = "ap_died",
	[WB_DIAG_STA_DIED] = "sta_died",
	[WB_DIAG_STA_DISCONNECTED] = "sta_disconnected",
};

const char *wb_diag_code_name(enum wb_diag_code code)
{
	if ((size_t)code >= WB_ARRAY_SIZE(code_names) || !code_names[code])
		return "unknown";
	return code_names[code];
}

/* IEEE 802.11 status codes seen in WPA2/WPA3/PMF failures. */
static const struct {
	int code;
	const char *text;
} statuses[] = {
	{ 1, "unspecified failure" },
	{ 10, "cannot support all requested capabilities" },
	{ 12, "denied for a reason outside the standard" },
	{ 13, "authentication algorithm not supported" },
	{ 15, "challenge failure" },
	{ 17, "AP cannot handle more stations" },
	{ 18, "basic rates not supported" },
	{ 30, "rejected temporarily, try again later" },
	{ 31, "robust management frame policy violation (PMF mismatch)" },
	{ 40, "invalid information element" },
	{ 41, "invalid group cipher" },
	{ 42, "invalid pairwise cipher" },
	{ 43, "invalid AKM" },
	{ 44, "unsupported RSN version" },
	{ 45, "invalid RSN capabilities" },
	{ 46, "cipher suite rejected by policy" },
	{ 53, "invalid PMKID" },
	{ 77, "finite cyclic group not supported (SAE group)" },
	{ 123, "unknown SAE password identifier" },
};

const char *wb_diag_status_text(int status)
{
	size_t i;

	for (i = 0; i < WB_ARRAY_SIZE(statuses); i++)
		if (statuses[i].code == status)
			return statuses[i].text;
	return NULL;
}

void wb_diag_input_init(struct wb_diag_input *in)
{
	memset(in, 0, sizeof(*in));
	in->sae_capable = WB_DIAG_SAE_UNKNOWN;
	in->ap_exit = in->sta_exit = -1;
}

static bool has(const char *text, const char *needle)
{
	return text && strstr(text, needle);
}

static void set(struct wb_diagnosis *d, enum wb_diag_code code, const char *remedy)
{
	d->code = code;
	wb_strlcpy(d->remedy, remedy, sizeof(d->remedy));
}

static void msg_add(struct wb_diagnosis *d, const char *fmt, ...) WB_PRINTF(2, 3);

static void msg_add(struct wb_diagnosis *d, const char *fmt, ...)
{
	size_t n = strlen(d->message);
	va_list ap;

	if (n + 1 >= sizeof(d->message))
		return;
	va_start(ap, fmt);
	vsnprintf(d->message + n, sizeof(d->message) - n, fmt, ap);
	va_end(ap);
}

/* ---- quoting daemon lines ------------------------------------------------------- */

/* Skips "1795592535.103623: " timestamps (hostapd's logger can print two). */
static const char *skip_timestamps(const char *p, const char *end)
{
	for (;;) {
		const char *q = p;

		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (q == p || q >= end || *q != '.')
			return p;
		q++;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (q + 1 >= end || q[0] != ':' || q[1] != ' ')
			return p;
		p = q + 2;
	}
}

static bool contains_ci(const char *p, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; i + k <= n; i++)
		if (strncasecmp(p + i, needle, k) == 0)
			return true;
	return false;
}

/* Whether any of the @nw @words occurs in [p, p + n), ignoring case. */
static bool contains_any_ci(const char *p, size_t n, const char *const words[], size_t nw)
{
	for (size_t i = 0; i < nw; i++)
		if (contains_ci(p, n, words[i]))
			return true;
	return false;
}

/* Lines that may carry secrets are never quoted (the daemons do not print them at our log
 * level, but a diagnosis must not depend on that). */
static bool unsafe(const char *p, size_t n)
{
	static const char *const words[] = { "passphrase=", "password=", "psk=", "psk \"",
					     "hexdump", "passphrase '", "password '" };

	return contains_any_ci(p, n, words, WB_ARRAY_SIZE(words));
}

/* Lines that say nothing about the cause. */
static bool noise(const char *p, size_t n)
{
	static const char *const words[] = {
		"interface state ", "CTRL-EVENT-TERMINATING", "hostapd_free_hapd_data",
		"nl80211: deinit", "rfkill:", "CTRL-EVENT-DSCP-POLICY", "Successfully initialized",
		"AP-DISABLED", "ELOOP:", "Using interface", "Configuration file:",
	};

	return contains_any_ci(p, n, words, WB_ARRAY_SIZE(words));
}

/* True for the summary lines every failure ends with. */
static bool generic(const char *p, size_t n)
{
	static const char *const words[] = {
		"Interface initialization failed", "Unable to setup interface",
		"Failed to initialize interface", "Failed to set up interface with",
		"Failed to read or parse configuration", "failed to parse network block",
	};

	return contains_any_ci(p, n, words, WB_ARRAY_SIZE(words));
}

struct span {
	const char *p;
	size_t n;
};

/* Collects up to @max of the last relevant lines of @log, oldest first. */
static size_t last_lines(const char *log, struct span *out, size_t max, bool want_generic)
{
	const char *end, *line_end;
	size_t found = 0, i;

	if (!log)
		return 0;
	end = log + strlen(log);
	line_end = end;
	while (line_end > log && found < max) {
		const char *start = line_end, *p;
		size_t n;

		while (start > log && start[-1] != '\n')
			start--;
		p = skip_timestamps(start, line_end);
		n = (size_t)(line_end - p);
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\r' || p[n - 1] == '\n'))
			n--;
		if (n && !unsafe(p, n) && !noise(p, n) && generic(p, n) == want_generic) {
			out[found].p = p;
			out[found++].n = n;
		}
		line_end = start > log ? start - 1 : log;
	}
	/* reverse into log order */
	for (i = 0; i < found / 2; i++) {
		struct span t = out[i];

		out[i] = out[found - 1 - i];
		out[found - 1 - i] = t;
	}
	return found;
}

/* Appends "; LABEL: 'line' | 'line'" with the last relevant lines of @log. */
static void quote_log(struct wb_diagnosis *d, const char *label, const char *log)
{
	struct span s[3];
	size_t n, i;

	n = last_lines(log, s, WB_ARRAY_SIZE(s), false);
	if (n == 0)
		n = last_lines(log, s, WB_ARRAY_SIZE(s), true);
	if (n == 0) {
		msg_add(d, "; %s: nothing", label);
		return;
	}
	msg_add(d, "; %s:", label);
	for (i = 0; i < n; i++)
		msg_add(d, "%s '%.*s'", i ? " |" : "", (int)(s[i].n > 200 ? 200 : s[i].n), s[i].p);
}

/* ---- ciphers ---------------------------------------------------------------------- */

static bool has_cipher(const struct wb_diag_input *in, uint32_t suite)
{
	size_t i;

	for (i = 0; i < in->n_ciphers; i++)
		if (in->ciphers[i] == suite)
			return true;
	return false;
}

static void cipher_list(struct wb_diagnosis *d, const struct wb_diag_input *in)
{
	char buf[24];
	size_t i;

	if (in->n_ciphers == 0) {
		msg_add(d, "no ciphers at all");
		return;
	}
	for (i = 0; i < in->n_ciphers; i++)
		msg_add(d, "%s%s", i ? ", " : "", wb_cipher_format(in->ciphers[i], buf, sizeof(buf)));
}

static uint32_t needed_bip(const struct wb_diag_input *in)
{
	return in->group_mgmt_cipher ? in->group_mgmt_cipher : WB_CIPHER_BIP_CMAC_128;
}

static bool pmf_on(const struct wb_diag_input *in)
{
	return in->sec && in->sec->ieee80211w >= 1;
}

/* ---- phases --------------------------------------------------------------------------- */

static const char remedy_no_bip[] =
	"switch the driver to software crypto (its nohwcrypt-style module parameter) so that "
	"mac80211 provides BIP, or use a security profile without PMF such as 'psk2'";

static bool sae_config_rejected(const char *log)
{
	return has(log, "invalid key_mgmt 'SAE") || has(log, "unknown network field 'sae_password'");
}

static void no_bip(struct wb_diagnosis *d, const struct wb_diag_input *in, const char *side,
		   enum wb_diag_code code, const char *remedy)
{
	char buf[24];

	set(d, code, in->driver_remedy ? in->driver_remedy : remedy);
	msg_add(d, "%s could not install the IGTK: PMF (profile '%s', ieee80211w=%d) needs %s", side,
		in->sec ? in->sec->name : "?", in->sec ? in->sec->ieee80211w : 1,
		wb_cipher_format(needed_bip(in), buf, sizeof(buf)));
	if (in->ciphers) {
		msg_add(d, ", but the radio advertises only ");
		cipher_list(d, in);
	} else {
		msg_add(d, " (the radio's cipher list is unknown)");
	}
	if (has(in->log, "key setting validation failed"))
		msg_add(d, "; the kernel rejected the key ('key setting validation failed')");
}

static void ap_start(struct wb_diagnosis *d, const struct wb_diag_input *in)
{
	bool key_fail = has(in->log, "key setting validation failed") ||
			(has(in->log, "set_key failed") && has(in->log, "FATAL_FAILURE"));
	bool bip_known_missing = in->ciphers && !has_cipher(in, needed_bip(in));
	bool other_error = has(in->log, "errors found in configuration file") ||
			   has(in->log, "driver initialization failed");

	if (sae_config_rejected(in->log) || (in->sec && in->sec->sae && in->sae_capable == 0)) {
		set(d, WB_DIAG_SAE_UNSUPPORTED,
		    "use a hostapd built with SAE and a driver that supports SAE in AP mode, or a "
		    "profile without SAE");
		msg_add(d, "hostapd cannot run profile '%s': SAE is not supported",
			in->sec ? in->sec->name : "?");
		if (in->sae_capable == 0)
			msg_add(d, " by the AP radio");
		quote_log(d, "hostapd said", in->log);
		return;
	}
	if (pmf_on(in) && !(in->ciphers && has_cipher(in, needed_bip(in))) &&
	    (key_fail || (bip_known_missing && !other_error && in->result != -ETIMEDOUT))) {
		no_bip(d, in, "hostapd", WB_DIAG_NO_BIP_CIPHER, remedy_no_bip);
		msg_add(d, "; the AP was disabled (HOSTAPD_START_FAILED)");
		return;
	}
	if (in->result == -ETIMEDOUT) {
		set(d, WB_DIAG_AP_START_TIMEOUT,
		    "check that the radio is free (no other hostapd or wpa_supplicant on it) and "
		    "that the channel is allowed in the regulatory domain; on a slow VM raise the "
		    "start timeout");
		msg_add(d, "hostapd did not report AP-ENABLED in time");
		quote_log(d, "hostapd said", in->log);
		return;
	}
	set(d, WB_DIAG_AP_START_FAILED,
	    "read the quoted hostapd lines; the full log is in the run directory");
	msg_add(d, "hostapd failed to start the AP");
	quote_log(d, "hostapd said", in->log);
}

static void sta_start(struct wb_diagnosis *d, const struct wb_diag_input *in)
{
	if (sae_config_rejected(in->log)) {
		set(d, WB_DIAG_SAE_UNSUPPORTED,
		    "use a wpa_supplicant built with SAE, or a profile without SAE");
		msg_add(d, "wpa_supplicant cannot run profile '%s': SAE is not supported",
			in->sec ? in->sec->name : "?");
		quote_log(d, "wpa_supplicant said", in->log);
		return;
	}
	set(d, WB_DIAG_STA_START_FAILED,
	    "read the quoted wpa_supplicant lines; the full log is in the run directory");
	msg_add(d, "wpa_supplicant did not start");
	quote_log(d, "wpa_supplicant said", in->log);
}

/* The last line of @text containing @needle, as a span; false if none. */
static bool last_line_with(const char *text, const char *needle, struct span *s)
{
	const char *p, *hit = NULL;

	for (p = text; p && (p = strstr(p, needle)) != NULL; p++)
		hit = p;
	if (!hit)
		return false;
	while (hit > text && hit[-1] != '\n')
		hit--;
	s->p = hit;
	s->n = strcspn(hit, "\n");
	return true;
}

/* The number after "key=" within span @s, or -1. */
static int span_num(const struct span *s, const char *key)
{
	size_t k = strlen(key), i;
	int v = -1;

	for (i = 0; i + k <= s->n; i++) {
		if (strncmp(s->p + i, key, k) == 0) {
			const char *q = s->p + i + k;

			v = 0;
			while (q < s->p + s->n && *q >= '0' && *q <= '9' && v < 100000)
				v = v * 10 + (*q++ - '0');
			return q == s->p + i + k ? -1 : v;
		}
	}
	return v;
}

static bool sae_confirm_rejected(const char *events)
{
	const char *p;

	for (p = events; p && (p = strstr(p, "CTRL-EVENT-AUTH-REJECT")) != NULL; p++) {
		struct span s = { p, strcspn(p, "\n") };

		if (span_num(&s, "auth_type=") == 3 && span_num(&s, "auth_transaction=") == 2)
			return true;
	}
	return false;
}

static void quote_event(struct wb_diagnosis *d, const struct span *s)
{
	msg_add(d, " ('%.*s')", (int)(s->n > 200 ? 200 : s->n), s->p);
}

static void sta_connect(struct wb_diagnosis *d, const struct wb_diag_input *in)
{
	const char *ev = in->events, *what;
	struct span s;
	bool found;

	if (has(in->log, "Failed to configure IGTK") ||
	    (pmf_on(in) && in->ciphers && !has_cipher(in, needed_bip(in)) &&
	     has(ev, "CTRL-EVENT-DISCONNECTED"))) {
		no_bip(d, in, "wpa_supplicant", WB_DIAG_STA_IGTK_FAILED,
		       "switch the station's driver to software crypto so that mac80211 provides "
		       "BIP, or connect as a legacy WPA2-PSK station without PMF");
		msg_add(d, "; the station disconnects after every 4-way handshake");
		return;
	}
	if (last_line_with(ev, "CTRL-EVENT-SAE-UNKNOWN-PASSWORD-IDENTIFIER", &s)) {
		set(d, WB_DIAG_WRONG_PASSWORD,
		    "use the password identifier the AP knows, or none");
		msg_add(d, "the AP does not know the station's SAE password identifier");
		quote_event(d, &s);
		return;
	}
	if (last_line_with(ev, "reason=WRONG_KEY", &s) || sae_confirm_rejected(ev) ||
	    has(ev, "AP-STA-POSSIBLE-PSK-MISMATCH")) {
		set(d, WB_DIAG_WRONG_PASSWORD,
		    "use the same passphrase on the AP and the station");
		msg_add(d, "the station and the AP do not share the passphrase: %s",
			sae_confirm_rejected(ev) ? "the AP rejected the SAE confirm" :
			"the 4-way handshake failed");
		if (has(ev, "reason=WRONG_KEY") && last_line_with(ev, "reason=WRONG_KEY", &s))
			quote_event(d, &s);
		return;
	}
	if (in->sec && in->sec->sae && in->sae_capable == 0) {
		set(d, WB_DIAG_SAE_UNSUPPORTED,
		    "use a station radio whose driver supports SAE, or a legacy WPA2-PSK station");
		msg_add(d, "the station radio does not support SAE, needed by profile '%s'",
			in->sec->name);
		return;
	}
	what = "association";
	found = last_line_with(ev, "CTRL-EVENT-ASSOC-REJECT", &s);
	if (!found) {
		what = "authentication";
		found = last_line_with(ev, "CTRL-EVENT-AUTH-REJECT", &s);
	}
	if (found) {
		int st = span_num(&s, "status_code=");
		const char *txt = wb_diag_status_text(st);

		d->status_code = st;
		set(d, WB_DIAG_ASSOC_REJECTED,
		    st == 31 ? "make PMF agree: the AP requires PMF from this station "
			       "(ieee80211w=2, or sae_require_mfp for SAE) and the station did not "
			       "offer it, or the reverse" :
			       "compare the AP's and the station's security settings");
		msg_add(d, "the AP rejected the %s with status %d%s%s%s", what, st,
			txt ? " (" : "", txt ? txt : "", txt ? ")" : "");
		quote_event(d, &s);
		return;
	}
	if (last_line_with(ev, "CTRL-EVENT-NETWORK-NOT-FOUND", &s)) {
		set(d, WB_DIAG_NETWORK_NOT_FOUND,
		    "check that the AP is up with the same SSID on the same channel and that the "
		    "station's profile matches the AP's (a PMF-required station does not match a "
		    "non-PMF AP)");
		msg_add(d, "the station did not find a matching network in its scans");
		return;
	}
	set(d, WB_DIAG_ASSOC_TIMEOUT,
	    "check that the station hears the AP (same channel, radios in range) and read "
	    "wpa_supplicant's log in the run directory; on a slow VM raise the connect timeout");
	msg_add(d, "the station did not connect%s",
		in->result == -ETIMEDOUT ? " in time" : "");
	quote_log(d, "last events", ev);
}

static void driver(struct wb_diagnosis *d, const struct wb_diag_input *in)
{
	set(d, WB_DIAG_DRIVER_RELOAD_FAILED,
	    in->driver_remedy ? in->driver_remedy :
	    "check that no other process holds the driver (interfaces down, daemons stopped) "
	    "and that the module parameter exists (modinfo)");
	msg_add(d, "switching the driver's crypto mode failed");
	quote_log(d, "the reload said", in->log);
}

/* "exit status 1" or "killed by signal 9" from a wait status as 128 + signal. */
static void ended(struct wb_diagnosis *d, const char *who, int code)
{
	if (code > 128)
		msg_add(d, "%s was killed by signal %d during the measurement", who, code - 128);
	else
		msg_add(d, "%s exited (status %d) during the measurement", who, code);
}

/* After the traffic: a daemon that ended or an association that did not last makes the
 * measurement worthless, whatever iperf reported. */
static void measure(struct wb_diagnosis *d, const struct wb_diag_input *in)
{
	struct span s;

	if (in->ap_exit >= 0) {
		set(d, WB_DIAG_AP_DIED, "read hostapd's last lines; a crash in one crypto mode only "
		    "points at the driver or hostapd (worth a bug report with the log)");
		ended(d, "hostapd", in->ap_exit);
		quote_log(d, "hostapd said", in->log);
	} else if (in->sta_exit >= 0) {
		set(d, WB_DIAG_STA_DIED, "read wpa_supplicant's last lines; the full log is in the "
		    "run directory");
		ended(d, "wpa_supplicant", in->sta_exit);
		quote_log(d, "wpa_supplicant said", in->log);
	} else {
		set(d, WB_DIAG_STA_DISCONNECTED, "the link dropped while traffic ran: a radio "
		    "that went away, a deauthentication, a driver reset; see the AP's log and "
		    "the kernel log");
		msg_add(d, "the station lost its association during the measurement");
		if (last_line_with(in->events, "CTRL-EVENT-DISCONNECTED", &s))
			quote_event(d, &s);
	}
}

int wb_diagnose(const struct wb_diag_input *in, struct wb_diagnosis *out)
{
	memset(out, 0, sizeof(*out));
	out->status_code = -1;
	switch (in->phase) {
	case WB_DIAG_PHASE_DRIVER:
		driver(out, in);
		return 0;
	case WB_DIAG_PHASE_AP_START:
		ap_start(out, in);
		return 0;
	case WB_DIAG_PHASE_STA_START:
		sta_start(out, in);
		return 0;
	case WB_DIAG_PHASE_STA_CONNECT:
		sta_connect(out, in);
		return 0;
	case WB_DIAG_PHASE_MEASURE:
		measure(out, in);
		return 0;
	}
	return -EINVAL;
}
