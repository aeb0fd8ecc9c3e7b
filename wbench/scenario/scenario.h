/*
 * wbench: scenario files. A scenario says where the AP, STA and sniffer run (the lab),
 * which crypto modes and security profiles to compare, the traffic, and how often.
 * The loader is strict: unknown keys, wrong types and out-of-range values are errors
 * naming the file and the JSON path. The format is documented in docs/scenario.md and
 * docs/scenario.schema.json.
 *
 * Secrets: the passphrase lives only in struct wb_scenario (wiped by wb_scenario_free)
 * and is never part of an error message or of the redacted JSON.
 */
#ifndef WB_SCENARIO_H
#define WB_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "wbench/wifi/crypto_mode.h"
#include "wbench/wifi/security.h"
#include "wbench/lib/wbench.h"

#define WB_SCENARIO_SSID_MAX 32         /* bytes, IEEE 802.11 */
#define WB_SCENARIO_SECURITY_MAX 32     /* entries in `security` */
#define WB_SCENARIO_CELLS_MAX 100000    /* crypto x security x proto x direction x reps */
#define WB_SCENARIO_DEFAULT_SEED 1
#define WB_SCENARIO_DEFAULT_SSID "wbench"
#define WB_SCENARIO_DEFAULT_CHANNEL 6
#define WB_SCENARIO_UDP_BLKSIZE 1460    /* UDP default: libiperf keeps the TCP 128 KiB */
#define WB_SCENARIO_LABEL_MAX 32        /* security label, e.g. "sae-mixed+bp+pwe2" */

enum wb_scenario_backend {
	WB_SCENARIO_BACKEND_SIM,   /* mac80211_hwsim radios in namespaces */
	WB_SCENARIO_BACKEND_LOCAL, /* real radios on this host (not implemented yet) */
	WB_SCENARIO_BACKEND_SSH,   /* AP on a remote host (not implemented yet) */
};

enum wb_scenario_proto {
	WB_SCENARIO_PROTO_TCP,
	WB_SCENARIO_PROTO_UDP,
};
#define WB_SCENARIO_PROTOS 2 /* how many */

enum wb_scenario_dir {
	WB_SCENARIO_DIR_UP,   /* STA sends to the AP */
	WB_SCENARIO_DIR_DOWN, /* AP sends to the STA */
};
#define WB_SCENARIO_DIRS 2 /* how many */

/* One end of the lab (AP or STA). Which fields are set depends on the backend. */
struct wb_scenario_host {
	const char *profile; /* sim: radio profile name (static string, see below) */
	char *phy;           /* local, ssh: phy name, e.g. "phy0" */
	char *host;          /* ssh (AP only): host name or address */
	char *user;          /* ssh: login user (default "root") */
	char *key_file;      /* ssh: private key path, resolved against the scenario file */
	unsigned int port;   /* ssh: TCP port (default 22) */
};

struct wb_scenario_lab {
	enum wb_scenario_backend backend;
	struct wb_scenario_host ap, sta;
	unsigned int channel;  /* lab.ap.channel */
	bool sniffer;          /* lab.sniffer.enabled (default true) */
	char *sniffer_phy;     /* local, ssh: lab.sniffer.phy */
};

/* One entry of `security`. */
struct wb_scenario_security {
	const struct wb_security *profile; /* borrowed static table entry */
	bool beacon_protection;            /* beacon_prot=1 (needs PMF) */
	int sae_pwe;                       /* 0, 1 or 2; -1 = daemon default (SAE only) */
	/*
	 * Unique name of the entry in results: the profile name, plus "+bp" with beacon
	 * protection and "+pweN" with sae_pwe set, e.g. "sae+bp+pwe1".
	 */
	char label[WB_SCENARIO_LABEL_MAX];
};

struct wb_scenario_traffic {
	enum wb_scenario_proto protos[WB_SCENARIO_PROTOS];
	size_t n_protos;
	enum wb_scenario_dir dirs[WB_SCENARIO_DIRS];
	size_t n_dirs;
	unsigned int streams;     /* parallel streams, 1..128 */
	unsigned int duration_s;  /* measured + omitted seconds, 1..3600 */
	unsigned int omit_s;      /* leading seconds left out of the result, < duration_s */
	uint64_t bitrate_bps;     /* target bits/s; 0 = unlimited (TCP only) */
	unsigned int blksize;     /* bytes per write; 0 = per-protocol default */
};

struct wb_scenario {
	char *path;                   /* the file as given (NULL when parsed from memory) */
	char *name;
	char *description;            /* NULL when absent */
	struct wb_scenario_lab lab;
	enum wb_crypto_mode crypto[WB_CRYPTO_MODES]; /* the known ones, each once */
	size_t n_crypto;
	struct wb_scenario_security *security;
	size_t n_security;
	uint8_t ssid[WB_SCENARIO_SSID_MAX]; /* raw bytes: may hold NUL, newline, non-UTF-8 */
	size_t ssid_len;
	char *passphrase;             /* NUL-terminated secret; NULL when no profile needs one */
	size_t passphrase_len;
	char *passphrase_file;        /* as written in the scenario (NULL when inline) */
	struct wb_scenario_traffic traffic;
	unsigned int repetitions;     /* 1..1000 */
	uint64_t seed;                /* plan order seed */
	bool forged_deauth;           /* active_check.forged_deauth */
	bool capture_save;            /* capture.save */
	bool capture_full;            /* capture.full */
};

/**
 * wb_scenario_load - read and validate a scenario file
 * @path: the file; relative paths inside it (passphrase_file, key_file) are resolved
 *        against its directory
 * @out: set to a new scenario (free with wb_scenario_free) on success, else NULL
 * @err: receives one line "FILE: JSON.PATH: problem" or "FILE:LINE:COLUMN: syntax
 *       problem" on failure (never the passphrase); may be NULL
 * @errlen: size of @err (512 is plenty)
 * Returns: 0; -EINVAL for invalid content; -EOPNOTSUPP for a backend that is not
 * implemented yet; -ENOENT, -EACCES, ... when the file (or the passphrase file) cannot be
 * read; -ENOMEM.
 */
int wb_scenario_load(const char *path, struct wb_scenario **out, char *err,
		     size_t errlen) WB_MUST_CHECK;

/**
 * wb_scenario_parse - validate a scenario held in memory
 * @text, @len: the JSON document
 * @name: file name used in messages (e.g. "scenario.json")
 * @base_dir: directory for relative paths in the scenario (NULL: current directory)
 * Other parameters and return values as wb_scenario_load.
 */
int wb_scenario_parse(const char *text, size_t len, const char *name, const char *base_dir,
		      struct wb_scenario **out, char *err, size_t errlen) WB_MUST_CHECK;

/** wb_scenario_free - wipe the passphrase and free @sc (NULL is fine). */
void wb_scenario_free(struct wb_scenario *sc);

/**
 * wb_scenario_to_json - the scenario in normalised form: every default filled in,
 * directions and protocols as lists, the SSID as "ssid" when it is valid UTF-8 else as
 * "ssid_hex"
 * @redact: replace an inline passphrase by "<redacted>" (a passphrase_file path is kept,
 *          its content never appears); pass true for anything that leaves the process.
 *          With false the tree holds the passphrase, and jansson frees it unwiped:
 *          keep such trees short-lived and in-process
 * Returns: a new reference (caller json_decref()s), or NULL on allocation failure.
 */
json_t *wb_scenario_to_json(const struct wb_scenario *sc, bool redact);


/** wb_scenario_proto_name - "tcp" or "udp" (static). */
const char *wb_scenario_proto_name(enum wb_scenario_proto p);

/** wb_scenario_dir_name - "up" or "down" (static). */
const char *wb_scenario_dir_name(enum wb_scenario_dir d);

/** wb_scenario_backend_name - "sim", "local" or "ssh" (static). */
const char *wb_scenario_backend_name(enum wb_scenario_backend b);

/**
 * wb_scenario_radio_profiles - the sim radio profile names a scenario may use
 * ("full", "rt2800", "ath9k", "mt7915"), NULL-terminated (borrowed, static)
 */
const char *const *wb_scenario_radio_profiles(void);

/**
 * wb_scenario_blksize - bytes per write for @proto: traffic.blksize when set, else 0
 * (libiperf's TCP default) for TCP and WB_SCENARIO_UDP_BLKSIZE for UDP
 */
unsigned int wb_scenario_blksize(const struct wb_scenario *sc, enum wb_scenario_proto proto);

/**
 * wb_scenario_n_modes - crypto x security x proto x direction combinations
 * (the cells of one repetition round)
 */
size_t wb_scenario_n_modes(const struct wb_scenario *sc);

#endif /* WB_SCENARIO_H */
