/*
 * wbench: failure diagnosis. A pure classifier: the failing daemon's output, the events
 * seen, the profile and the radio's advertised ciphers in; a code, a message and a
 * remedy out. Driver knowledge (how to switch this driver to software crypto) comes in
 * as text from the caller, so the classifier stays testable on log fixtures.
 */
#ifndef WB_DIAGNOSE_H
#define WB_DIAGNOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wbench/wifi/security.h"
#include "wbench/lib/wbench.h"

enum wb_diag_code {
	WB_DIAG_NONE = 0,
	WB_DIAG_NO_BIP_CIPHER,        /* PMF configured, the AP radio advertises no BIP */
	WB_DIAG_SAE_UNSUPPORTED,      /* the daemon or the driver cannot do SAE */
	WB_DIAG_DRIVER_RELOAD_FAILED, /* switching the crypto mode (module reload) failed */
	WB_DIAG_AP_START_TIMEOUT,     /* no AP-ENABLED in time */
	WB_DIAG_AP_START_FAILED,      /* any other hostapd start failure */
	WB_DIAG_STA_START_FAILED,     /* wpa_supplicant did not start */
	WB_DIAG_ASSOC_TIMEOUT,        /* no CTRL-EVENT-CONNECTED in time */
	WB_DIAG_WRONG_PASSWORD,       /* 4-way handshake or SAE confirm failed */
	WB_DIAG_NETWORK_NOT_FOUND,    /* the station never found a matching network */
	WB_DIAG_ASSOC_REJECTED,       /* the AP rejected the association (status code) */
	WB_DIAG_STA_IGTK_FAILED,      /* the station's driver refused the IGTK (no BIP) */
	WB_DIAG_AP_DIED,              /* hostapd exited during the measurement */
	WB_DIAG_STA_DIED,             /* wpa_supplicant exited during the measurement */
	WB_DIAG_STA_DISCONNECTED,     /* the station lost its association meanwhile */
};

/* Which step failed; selects the classification rules. */
enum wb_diag_phase {
	WB_DIAG_PHASE_DRIVER,      /* setting the crypto mode */
	WB_DIAG_PHASE_AP_START,    /* wb_hostapd_start */
	WB_DIAG_PHASE_STA_START,   /* wb_wpas_start */
	WB_DIAG_PHASE_STA_CONNECT, /* wb_wpas_connect */
	WB_DIAG_PHASE_MEASURE,     /* the daemons and the association after the traffic */
};

#define WB_DIAG_SAE_UNKNOWN (-1)

struct wb_diag_input {
	enum wb_diag_phase phase;
	int result;                    /* the failed call's return (-ETIMEDOUT, -EIO, ...) */
	const struct wb_security *sec; /* the profile (may be NULL) */
	uint32_t group_mgmt_cipher;    /* 0 for the default BIP-CMAC-128 */
	const char *log;               /* the failing side's output (daemon log, or the driver
					* reload's stderr); may be NULL */
	const char *events;            /* control events seen, one per line; may be NULL */
	const uint32_t *ciphers;       /* suites the failing side's radio advertises; NULL
					* when unknown */
	size_t n_ciphers;
	int sae_capable;               /* the radio supports SAE: 1, 0, WB_DIAG_SAE_UNKNOWN */
	const char *driver_remedy;     /* e.g. "reload rt2800soc with nohwcrypt=1 (software
					* crypto; costs throughput)"; NULL for the generic text */
	/* WB_DIAG_PHASE_MEASURE: how each daemon ended (exit status, 128 + signal), -1
	 * while it runs; whether the station is still associated. @log is hostapd's output
	 * when it died, else wpa_supplicant's; @events the station's. */
	int ap_exit, sta_exit;
	bool sta_associated;
};

struct wb_diagnosis {
	enum wb_diag_code code;
	int status_code;      /* IEEE 802.11 status code for assoc_rejected, else -1 */
	char message[768];    /* what happened, with quoted daemon lines (passphrase-free) */
	char remedy[512];     /* what to do about it */
};

/** wb_diag_input_init - zero input with sae_capable unknown. */
void wb_diag_input_init(struct wb_diag_input *in);

/**
 * wb_diagnose - classify a failure
 * @in: what is known (all borrowed)
 * @out: the diagnosis; never WB_DIAG_NONE (an unrecognised failure gets the phase's
 *       generic code)
 *
 * Lines quoted from logs are stripped of timestamps and never include lines that look
 * like they carry secrets (passphrase=, psk=, password=, hexdumps).
 * Returns: 0, or -EINVAL for a bad phase.
 */
int wb_diagnose(const struct wb_diag_input *in, struct wb_diagnosis *out) WB_MUST_CHECK;

/** wb_diag_code_name - "no_bip_cipher", ... (static); "none" for WB_DIAG_NONE. */
const char *wb_diag_code_name(enum wb_diag_code code);

/** wb_diag_status_text - short meaning of an IEEE 802.11 status code (static), or NULL. */
const char *wb_diag_status_text(int status);

#endif /* WB_DIAGNOSE_H */
