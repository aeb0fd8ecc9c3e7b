/*
 * wbench: validation of user-supplied strings that end up in hostapd/wpa_supplicant
 * configs. Shared with the scenario loader, so the messages carry no subject: the caller
 * prefixes the file and JSON path. Nothing a user writes may add a config line, so every
 * check rejects control characters, and no message ever echoes a passphrase.
 */
#ifndef WB_CONFCHECK_H
#define WB_CONFCHECK_H

#include <stddef.h>
#include <stdint.h>

#include "wbench/lib/wbench.h"

#define WB_SSID_MAX_LEN 32
#define WB_PASSPHRASE_MIN_LEN 8
#define WB_PASSPHRASE_MAX_LEN 63
#define WB_PSK_HEX_LEN 64
/* Largest passphrase file read: one line of at most 64 characters, with room for comments. */
#define WB_PASSPHRASE_FILE_MAX 4096

/* What a valid passphrase string is. */
enum wb_passphrase_kind {
	WB_PASSPHRASE_ASCII = 1,  /* 8..63 printable ASCII: a passphrase (or SAE password) */
	WB_PASSPHRASE_PSK_HEX,    /* exactly 64 hex digits: a raw PSK (WPA-PSK only) */
};

/**
 * wb_ssid_check - check an SSID: 1..32 bytes, any byte values (configs carry it as hex)
 * @ssid: the bytes (may contain NUL, newline, quotes)
 * @len: their count
 * @why: receives the reason on failure (may be NULL)
 * @whylen: size of @why
 * Returns: 0 or -EINVAL.
 */
int wb_ssid_check(const uint8_t *ssid, size_t len, char *why, size_t whylen) WB_MUST_CHECK;

/**
 * wb_passphrase_check - check a passphrase and tell which kind it is
 * @pass: the bytes (not necessarily NUL-terminated; an embedded NUL is an error)
 * @len: their count
 * @kind: set on success (may be NULL)
 * @why: receives the reason on failure (may be NULL); never contains the passphrase
 * @whylen: size of @why
 *
 * Valid are 8..63 printable ASCII characters (0x20..0x7e) or exactly 64 hex digits.
 * Returns: 0 or -EINVAL.
 */
int wb_passphrase_check(const char *pass, size_t len, enum wb_passphrase_kind *kind,
			char *why, size_t whylen) WB_MUST_CHECK;

/**
 * wb_ifname_check - check a network interface name: 1..15 of [A-Za-z0-9_.-], not "." or ".."
 * Returns: 0 or -EINVAL with the reason in @why.
 */
int wb_ifname_check(const char *name, char *why, size_t whylen) WB_MUST_CHECK;

/**
 * wb_conf_path_check - check a path written into a config (ctrl_interface=, ...)
 * Absolute, at most @maxlen bytes, printable ASCII without space, '=' or '"' (hostapd
 * parses "DIR=... GROUP=..." forms and wpa_supplicant quotes).
 * Returns: 0 or -EINVAL with the reason in @why.
 */
int wb_conf_path_check(const char *path, size_t maxlen, char *why, size_t whylen) WB_MUST_CHECK;

#endif /* WB_CONFCHECK_H */
