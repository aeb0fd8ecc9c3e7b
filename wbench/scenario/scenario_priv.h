/*
 * wbench: helpers shared by the scenario loader's files (scenario*.c) only.
 * Not a public interface.
 */
#ifndef WB_SCENARIO_PRIV_H
#define WB_SCENARIO_PRIV_H

#include "wbench/lib/jsonv.h"
#include "wbench/scenario/scenario.h"

/**
 * wb_scenario_parse_lab - validate the `lab` object into @lab
 * @base_dir: directory for relative paths (NULL: current directory)
 * Every field is checked for every backend; a backend other than "sim" is rejected
 * afterwards by the caller, so its error comes after structural ones.
 * Returns: 0, -EINVAL or -ENOMEM.
 */
int wb_scenario_parse_lab(struct wb_jsonv *jv, const json_t *v, const char *base_dir,
			  struct wb_scenario_lab *lab);

/** wb_scenario_release_lab - free what @lab holds (scenario_real_json.c). */
void wb_scenario_release_lab(struct wb_scenario_lab *lab);

/** wb_scenario_lab_to_json - normalised `lab` object. Returns a new reference or NULL. */
json_t *wb_scenario_lab_to_json(const struct wb_scenario_lab *lab);

/**
 * wb_scenario_resolve_path - @p when absolute or when @base_dir is NULL, else
 * "@base_dir/@p". Returns a new string (caller frees) or NULL.
 */
char *wb_scenario_resolve_path(const char *base_dir, const char *p);

/* lab.ap.channel into lab->channel (default WB_SCENARIO_DEFAULT_CHANNEL). */
int wb_scenario_get_channel(struct wb_jsonv *jv, const json_t *ap, const char *path,
			    struct wb_scenario_lab *lab);

/*
 * wb_scenario_get_token - string member of 1..@max bytes from [A-Za-z0-9] and @allowed,
 * copied into *@out (new); absent and optional leaves *@out unchanged
 * @what: "a phy name", for "expected a phy name (1..31 characters), got ..."
 */
int wb_scenario_get_token(struct wb_jsonv *jv, const json_t *obj, const char *path,
			  const char *key, bool required, size_t max, const char *allowed,
			  const char *what, char **out);

/* wb_scenario_get_object - optional or required object member; *@out NULL when absent. */
int wb_scenario_get_object(struct wb_jsonv *jv, const json_t *obj, const char *path,
			   const char *key, bool required, char *p, json_t **out);

/*
 * wb_scenario_parse_real - the `lab` of backend local or ssh (lab->backend is set): hosts,
 * roles, peer, the AP's crypto switch, and the rules across them (scenario_real.c)
 */
int wb_scenario_parse_real(struct wb_jsonv *jv, const json_t *v, const char *base_dir,
			   struct wb_scenario_lab *lab);

/* wb_scenario_real_to_json - the normalised real `lab`. Returns a new reference or NULL. */
json_t *wb_scenario_real_to_json(const struct wb_scenario_lab *lab);

/* Checks for wb_scenario_check_text. */
#define WB_TEXT_NO_CONTROL 1u /* no byte below 0x20, nor 0x7f (NUL is always refused) */
#define WB_TEXT_NO_BLANK 2u   /* no space or tab */
#define WB_TEXT_NO_DASH 4u    /* not beginning with '-' (a program would read an option) */

/*
 * wb_scenario_check_text - a string of 1..@max bytes (0: 4096) without NUL, and what
 * @flags asks; @what names it in the message ("expected WHAT ..., got ...")
 */
int wb_scenario_check_text(struct wb_jsonv *jv, const json_t *v, const char *path, size_t max,
			   unsigned int flags, const char *what);

/* An ssh destination, [user@]host (no port, no URL). */
int wb_scenario_check_target(struct wb_jsonv *jv, const json_t *v, const char *path);

/* A ProxyJump value: [user@]host[:port][,...]. */
int wb_scenario_check_jump(struct wb_jsonv *jv, const json_t *v, const char *path);

/* One ssh_options entry, "Key=Value", not an option wbench sets or has a key for. */
int wb_scenario_check_ssh_option(struct wb_jsonv *jv, const json_t *v, const char *path);

/*
 * wb_scenario_get_argv - a command as a list of words into *@out (new, NULL-terminated;
 * free with wb_scenario_argv_free, also after a failure)
 */
int wb_scenario_get_argv(struct wb_jsonv *jv, const json_t *v, const char *path, char ***out);

/* wb_scenario_argv_free - free a NULL-terminated argv (NULL is fine). */
void wb_scenario_argv_free(char **argv);

/* An IPv4 address in host byte order, and its prefix length (32 without one). */
struct wb_scenario_ipv4 {
	uint32_t addr;
	unsigned int prefix;
};

/*
 * wb_scenario_parse_ipv4 - "a.b.c.d/len" (@with_prefix) or "a.b.c.d", for a host's address
 * Returns: 0; -EINVAL when it is not one; -ERANGE when it is one but no host may have it
 * (loopback, multicast, the subnet's network or broadcast address, a prefix over 30),
 * with *@why saying so ("is a loopback address...").
 */
int wb_scenario_parse_ipv4(const char *s, bool with_prefix, struct wb_scenario_ipv4 *out,
			   const char **why);

/* wb_scenario_get_ipv4 - the string @v as a host's address; *@out a new copy. */
int wb_scenario_get_ipv4(struct wb_jsonv *jv, const json_t *v, const char *path,
			 bool with_prefix, struct wb_scenario_ipv4 *addr, char **out);

/* wb_scenario_in_subnet - @b lies in @a's subnet (by @a's prefix length). */
bool wb_scenario_in_subnet(const struct wb_scenario_ipv4 *a, const struct wb_scenario_ipv4 *b);

/* wb_scenario_get_device - a sysfs device path into *@out (new), relative to /sys/devices. */
int wb_scenario_get_device(struct wb_jsonv *jv, const json_t *v, const char *path, char **out);

#endif /* WB_SCENARIO_PRIV_H */
