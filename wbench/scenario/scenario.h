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
#define WB_SCENARIO_RECONNECT_MAX 1000  /* stability.reconnect_cycles per cell */
#define WB_SCENARIO_BURST_MAX 1000      /* active_check.burst frames per cell */
#define WB_SCENARIO_SOAK_MAX 86400      /* stability.soak_s: a day */
#define WB_SCENARIO_SOAK_MIN 10
#define WB_SCENARIO_SOAK_SEGMENT_S 300  /* stability.soak_segment_s default */
#define WB_SCENARIO_STALL_PCT 25        /* stability.stall_pct default */
#define WB_SCENARIO_REKEY_MAX 604800    /* stability.wpa_group_rekey / wpa_ptk_rekey: a week */
#define WB_SCENARIO_REKEY_MIN 5         /* ... and at least: rekeys must not overlap */
#define WB_SCENARIO_LATENCY_RATE 10     /* latency.probes_per_s default (0: off) */
#define WB_SCENARIO_LATENCY_RATE_MAX 100
#define WB_SCENARIO_LATENCY_IDLE_S 1    /* latency.idle_s default */
#define WB_SCENARIO_LATENCY_IDLE_RATE 20 /* the idle baseline's probes per second */
#define WB_SCENARIO_LATENCY_SIZE 56     /* latency.size_bytes default (ping's) */
#define WB_SCENARIO_BURST_INTERVAL_MS 100
#define WB_SCENARIO_DEFAULT_SEED 1
#define WB_SCENARIO_DEFAULT_SSID "wbench"
#define WB_SCENARIO_DEFAULT_CHANNEL 6
#define WB_SCENARIO_UDP_BLKSIZE 1460    /* UDP default: libiperf keeps the TCP 128 KiB */
#define WB_SCENARIO_LABEL_MAX 32        /* security label, e.g. "sae-mixed+bp+pwe2" */

enum wb_scenario_backend {
	WB_SCENARIO_BACKEND_SIM,   /* mac80211_hwsim radios in namespaces */
	WB_SCENARIO_BACKEND_LOCAL, /* real radios on this host, each in its own namespace */
	WB_SCENARIO_BACKEND_SSH,   /* roles on remote Linux hosts over ssh (and this one) */
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

#define WB_SCENARIO_HOSTS_MAX 16        /* entries in lab.hosts */
#define WB_SCENARIO_HOST_NAME_MAX 32    /* a lab.hosts key */
#define WB_SCENARIO_SSH_OPTIONS_MAX 32  /* entries in ssh_options */
#define WB_SCENARIO_ARGV_MAX 32         /* words of a crypto_switch command */
#define WB_SCENARIO_LOCAL "local"       /* the host name of this machine */
/* The real labs' own subnet when the AP does not bridge (the sim uses the same one). */
#define WB_SCENARIO_AP_ADDRESS "10.99.0.1/24"
#define WB_SCENARIO_STA_ADDRESS "10.99.0.2/24"

/*
 * A remote host of a real lab (lab.hosts.NAME), reached over OpenSSH. Every string is
 * checked so that ssh reads it as the value it is (no leading '-', no blanks or control
 * bytes where ssh would split or stop); the options wbench sets itself (BatchMode, the
 * control socket, timeouts) and those with a key of their own (Port, IdentityFile,
 * ProxyJump, User) are refused in ssh_options.
 */
struct wb_scenario_ssh {
	char *name;            /* its key in lab.hosts */
	char *target;          /* [user@]host, as ssh takes it */
	unsigned int port;     /* 0: as the ssh config says */
	char *identity_file;   /* -i, resolved against the scenario file; NULL: ssh's default */
	char *identity_file_given; /* as the scenario writes it (the normalised JSON), or NULL */
	char *proxy_jump;      /* -J, or NULL */
	char **options;        /* extra ssh "-o Key=Value", NULL-terminated (never NULL) */
};

/* How a role names its radio; exactly one per role of a real lab. */
enum wb_scenario_radio_by {
	WB_SCENARIO_RADIO_NONE = 0,
	WB_SCENARIO_RADIO_PHY,     /* "phy": phy0 (changes when the driver is reloaded) */
	WB_SCENARIO_RADIO_IFNAME,  /* "interface": wlan0 */
	WB_SCENARIO_RADIO_DEVICE,  /* "device": the sysfs device path, stable across reloads */
};

/*
 * One role (AP, STA, sniffer, traffic peer). sim: only @profile. Real labs: where it runs
 * (@ssh NULL = this machine), its radio, its address.
 */
struct wb_scenario_end {
	const char *profile;                /* sim: radio profile name (static string) */
	const struct wb_scenario_ssh *ssh;  /* real: the host (borrowed from lab.hosts), NULL: local */
	enum wb_scenario_radio_by by;       /* real: how @radio names the radio (not the peer) */
	/*
	 * The phy, the interface, or the device path relative to /sys/devices (a leading
	 * "/sys/devices/" is taken off), e.g. "platform/10180000.wmac"; NULL for the peer and
	 * for a disabled sniffer without one
	 */
	char *radio;
	/*
	 * IPv4 with prefix, "10.99.0.2/24"; the peer's without prefix. Filled in by the loader:
	 * AP and STA without a bridge default to WB_SCENARIO_AP/STA_ADDRESS; with a bridge the
	 * AP has none (its interface is a bridge port) and the STA's is required. NULL: none.
	 */
	char *address;
};

/*
 * The AP's crypto switch from the scenario, for a driver the table does not know (or to
 * override it): a command per mode, a command that prints the current value, and the value
 * it prints in each mode. Run on the AP's host as argv, never through a shell.
 */
struct wb_scenario_crypto_switch {
	char **set[WB_CRYPTO_MODES];   /* NULL-terminated argv per mode */
	char **read;                   /* NULL-terminated argv */
	char *value[WB_CRYPTO_MODES];  /* read's output (first line, trimmed) in each mode */
};

/* lab.ap.kind: who runs the AP's hostapd. */
enum wb_scenario_ap_kind {
	WB_SCENARIO_AP_LINUX = 0,   /* "linux": wbench's own hostapd on the AP's radio */
	WB_SCENARIO_AP_OPENWRT,     /* "openwrt": the router's netifd, configured through UCI */
};

struct wb_scenario_lab {
	enum wb_scenario_backend backend;
	struct wb_scenario_end ap, sta;   /* lab.ap, lab.sta */
	unsigned int channel;             /* lab.ap.channel */
	bool sniffer;                     /* lab.sniffer.enabled (default true) */
	/* real labs only (backend local or ssh): */
	struct wb_scenario_ssh *hosts;    /* lab.hosts, in file order (ssh only) */
	size_t n_hosts;
	struct wb_scenario_end sniffer_end; /* lab.sniffer (host and radio) */
	struct wb_scenario_end peer;      /* lab.peer: the far end of iperf (ssh, address);
					   * all zero when @peer_on_ap */
	bool peer_on_ap;                  /* lab.peer absent or "ap": the AP end itself */
	char *bridge;                     /* lab.ap.bridge: hostapd bridge=, or NULL */
	struct wb_scenario_crypto_switch *crypto_switch; /* lab.ap.crypto_switch, or NULL */
	enum wb_scenario_ap_kind ap_kind; /* lab.ap.kind (default linux) */
	char *uci_radio;                  /* openwrt: lab.ap.radio, the UCI wifi-device; NULL:
					   * the one whose 'option path' is the radio's device */
	char *uci_network;                /* openwrt: lab.ap.network (default "lan") */
};

/** wb_scenario_ap_kind_name - "linux" or "openwrt" (static). */
const char *wb_scenario_ap_kind_name(enum wb_scenario_ap_kind k);

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
	unsigned int deauth_burst;    /* active_check.burst: forged deauths, 0..WB_SCENARIO_BURST_MAX */
	unsigned int burst_interval_ms;/* active_check.burst_interval_ms: 10..10000 */
	unsigned int reconnect_cycles;/* stability.reconnect_cycles: 0..WB_SCENARIO_RECONNECT_MAX */
	unsigned int soak_s;          /* stability.soak_s: 0 (none), WB_SCENARIO_SOAK_MIN..MAX */
	unsigned int soak_segment_s;  /* stability.soak_segment_s: 10..3600 */
	unsigned int stall_pct;       /* stability.stall_pct: 1..99 */
	unsigned int group_rekey_s;   /* stability.wpa_group_rekey: 0 (hostapd's default) or s */
	unsigned int ptk_rekey_s;     /* stability.wpa_ptk_rekey: 0 (none) or s */
	unsigned int latency_rate;    /* latency.probes_per_s: 0 (off), 1..100 */
	unsigned int latency_idle_s;  /* latency.idle_s: 0..60 */
	unsigned int latency_size;    /* latency.size_bytes: 16..1400 */
	bool capture_save;            /* capture.save */
	bool capture_full;            /* capture.full */
};

/**
 * wb_scenario_load - read and validate a scenario file
 * @path: the file; relative paths inside it (passphrase_file, identity_file) are
 *        resolved against its directory
 * @out: set to a new scenario (free with wb_scenario_free) on success, else NULL
 * @err: receives one line "FILE: JSON.PATH: problem" or "FILE:LINE:COLUMN: syntax
 *       problem" on failure (never the passphrase); may be NULL
 * @errlen: size of @err (512 is plenty)
 * Every backend's format is validated here; whether a backend can run is for the lab
 * (wb_lab_ops_for). An identity_file is not opened (ssh reads it).
 * Returns: 0; -EINVAL for invalid content; -ENOENT, -EACCES, ... when the file (or the
 * passphrase file) cannot be read; -ENOMEM.
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

/** wb_scenario_radio_key - "phy", "interface" or "device" (static); "" for NONE. */
const char *wb_scenario_radio_key(enum wb_scenario_radio_by by);

/**
 * wb_scenario_end_host - the host name of a real lab's role: "local" or its lab.hosts key
 * (borrowed from @e or static)
 */
const char *wb_scenario_end_host(const struct wb_scenario_end *e);

/**
 * wb_scenario_lab_peer_on_router - whether an OpenWrt AP's iperf peer is the router itself
 * (lab.peer.host names the AP's host): iperf3 then runs there, on the CPU being measured
 */
bool wb_scenario_lab_peer_on_router(const struct wb_scenario_lab *lab);

/** wb_scenario_is_real - true for the backends with real radios (local, ssh). */
bool wb_scenario_is_real(const struct wb_scenario *sc);

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
