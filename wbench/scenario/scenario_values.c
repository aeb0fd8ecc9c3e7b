/*
 * Checks of the single values of a real lab: words that reach ssh or a program's argv
 * (an ssh destination, ProxyJump, "-o Key=Value", crypto-switch commands), IPv4 addresses
 * and sysfs device paths. Each returns 0, or -EINVAL after recording one message at the
 * value's path.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "wbench/scenario/scenario_priv.h"

#define TEXT_MAX 4096             /* a word of a command, a path, an ssh option */
#define DEVICE_MAX 255            /* a device path below /sys/devices */
#define SYS_DEVICES "/sys/devices/"

/* The options wbench sets on every ssh command line, and those with a key of their own. */
static const struct {
	const char *key;
	const char *why;
} ssh_owned[] = {
	{ "BatchMode", "wbench sets it (never prompt: a prompt would hang the run)" },
	{ "ConnectTimeout", "wbench sets it" },
	{ "ServerAliveInterval", "wbench sets it (keep-alive)" },
	{ "ServerAliveCountMax", "wbench sets it (keep-alive)" },
	{ "ControlMaster", "wbench runs its own master connection" },
	{ "ControlPath", "wbench runs its own master connection" },
	{ "ControlPersist", "wbench runs its own master connection" },
	{ "Port", "use the host's \"port\"" },
	{ "IdentityFile", "use the host's \"identity_file\"" },
	{ "ProxyJump", "use the host's \"proxy_jump\"" },
	{ "User", "write the user into \"ssh\": \"user@host\"" },
};

int wb_scenario_check_text(struct wb_jsonv *jv, const json_t *v, const char *path, size_t max,
			   unsigned int flags, const char *what)
{
	char shown[WB_JSONV_VALUE_MAX + 8];
	const char *s;
	size_t len, i;
	int ret;

	if ((ret = wb_jsonv_expect(jv, v, path, WB_JSONV_STRING, false)) < 0)
		return ret;
	s = json_string_value(v);
	len = json_string_length(v);
	wb_jsonv_render(v, shown, sizeof(shown));
	if (len == 0)
		return wb_jsonv_fail(jv, path, "expected %s, got \"\"", what);
	if (len > (max ? max : TEXT_MAX))
		return wb_jsonv_fail(jv, path, "expected %s of at most %zu bytes, got %zu bytes",
				     what, max ? max : TEXT_MAX, len);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0 || ((flags & WB_TEXT_NO_CONTROL) && (c < 0x20 || c == 0x7f)))
			return wb_jsonv_fail(jv, path, "expected %s without control characters, "
					     "got %s", what, shown);
		if ((flags & WB_TEXT_NO_BLANK) && (c == ' ' || c == '\t'))
			return wb_jsonv_fail(jv, path, "expected %s without blanks, got %s", what,
					     shown);
	}
	if ((flags & WB_TEXT_NO_DASH) && s[0] == '-')
		return wb_jsonv_fail(jv, path, "expected %s, got %s: a leading '-' would be read "
				     "as an option", what, shown);
	return 0;
}

/* "user@host" or "host": one '@' at most, both sides non-empty; no port, no URL. */
int wb_scenario_check_target(struct wb_jsonv *jv, const json_t *v, const char *path)
{
	static const char what[] = "an ssh destination [user@]host";
	char shown[WB_JSONV_VALUE_MAX + 8];
	const char *s, *at, *host, *colon;
	int ret;

	ret = wb_scenario_check_text(jv, v, path, 255, WB_TEXT_NO_CONTROL | WB_TEXT_NO_BLANK |
				     WB_TEXT_NO_DASH, what);
	if (ret < 0)
		return ret;
	s = json_string_value(v);
	wb_jsonv_render(v, shown, sizeof(shown));
	at = strchr(s, '@');
	host = at ? at + 1 : s;
	if ((at && (at == s || strchr(host, '@'))) || !*host || *host == '-' || strchr(s, '/'))
		return wb_jsonv_fail(jv, path, "expected %s, got %s", what, shown);
	colon = strchr(host, ':');
	/* One colon is host:port (an IPv6 address has several, and ssh takes it bare). */
	if (colon && !strchr(colon + 1, ':'))
		return wb_jsonv_fail(jv, path, "expected %s, got %s: give the port as \"port\"",
				     what, shown);
	return 0;
}

/* ssh -J: [user@]host[:port] entries separated by commas. */
int wb_scenario_check_jump(struct wb_jsonv *jv, const json_t *v, const char *path)
{
	static const char what[] = "[user@]host[:port], or several separated by commas";
	char shown[WB_JSONV_VALUE_MAX + 8];
	const char *p, *at;
	size_t n;
	int ret;

	ret = wb_scenario_check_text(jv, v, path, 1024, WB_TEXT_NO_CONTROL | WB_TEXT_NO_BLANK |
				     WB_TEXT_NO_DASH, what);
	if (ret < 0)
		return ret;
	/* every entry non-empty, not an option, with a user and a host around its '@' */
	for (p = json_string_value(v); ; p += n + 1) {
		n = strcspn(p, ",");
		at = memchr(p, '@', n);
		if (n == 0 || *p == '-' || (at && (at == p || at + 1 == p + n ||
						   memchr(at + 1, '@', n - (size_t)(at + 1 - p)))))
			return wb_jsonv_fail(jv, path, "expected %s, got %s", what,
					     wb_jsonv_render(v, shown, sizeof(shown)));
		if (!p[n])
			return 0;
	}
}

/* "Key=Value": a key of letters and digits, a non-empty value; not one wbench owns. */
int wb_scenario_check_ssh_option(struct wb_jsonv *jv, const json_t *v, const char *path)
{
	static const char what[] = "an ssh option \"Key=Value\"";
	char shown[WB_JSONV_VALUE_MAX + 8];
	const char *s, *eq;
	size_t i;
	int ret;

	ret = wb_scenario_check_text(jv, v, path, 0, WB_TEXT_NO_CONTROL | WB_TEXT_NO_DASH, what);
	if (ret < 0)
		return ret;
	s = json_string_value(v);
	wb_jsonv_render(v, shown, sizeof(shown));
	eq = strchr(s, '=');
	for (i = 0; s + i < (eq ? eq : s + strlen(s)); i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (i > 0 && s[i] >= '0' && s[i] <= '9')))
			break;
	if (!eq || eq == s || s + i != eq || !eq[1])
		return wb_jsonv_fail(jv, path, "expected %s, got %s", what, shown);
	for (i = 0; i < WB_ARRAY_SIZE(ssh_owned); i++)
		if (strlen(ssh_owned[i].key) == (size_t)(eq - s) &&
		    strncasecmp(s, ssh_owned[i].key, (size_t)(eq - s)) == 0)
			return wb_jsonv_fail(jv, path, "'%s' cannot be set here: %s",
					     ssh_owned[i].key, ssh_owned[i].why);
	return 0;
}

/*
 * A command as argv: 1..WB_SCENARIO_ARGV_MAX non-empty words; the program name without
 * blanks (the whole command in one string is the usual mistake) or a leading '-'.
 * @out: a new NULL-terminated copy (free with wb_scenario_argv_free).
 */
int wb_scenario_get_argv(struct wb_jsonv *jv, const json_t *v, const char *path, char ***out)
{
	char p[WB_JSONV_PATH_MAX], shown[WB_JSONV_VALUE_MAX + 8];
	size_t i, n;
	json_t *e;
	int ret;

	*out = NULL;
	if ((ret = wb_jsonv_expect(jv, v, path, WB_JSONV_ARRAY, false)) < 0)
		return ret;
	n = json_array_size(v);
	if (n == 0 || n > WB_SCENARIO_ARGV_MAX)
		return wb_jsonv_fail(jv, path, "expected a command as a list of 1..%d words, got "
				     "%zu", WB_SCENARIO_ARGV_MAX, n);
	json_array_foreach(v, i, e) {
		wb_jsonv_path_idx(p, path, i);
		ret = wb_scenario_check_text(jv, e, p, 0, i ? 0 : WB_TEXT_NO_CONTROL |
					     WB_TEXT_NO_DASH, i ? "a word" : "a program");
		if (ret < 0)
			return ret;
		if (i == 0 && strpbrk(json_string_value(e), " \t"))
			return wb_jsonv_fail(jv, p, "a program name with a blank, %s: give the "
					     "command as a list of words (\"rmmod\", \"x\") or run "
					     "a shell (\"sh\", \"-c\", \"...\")",
					     wb_jsonv_render(e, shown, sizeof(shown)));
	}
	*out = calloc(n + 1, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		if (!((*out)[i] = strdup(json_string_value(json_array_get(v, i)))))
			return -ENOMEM;
	return 0;
}

void wb_scenario_argv_free(char **argv)
{
	size_t i;

	for (i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

/* Why @a (host byte order) cannot be a host's address, or NULL. */
static const char *bad_ipv4(uint32_t a)
{
	if ((a >> 24) == 0)
		return "is in 0.0.0.0/8 (\"this network\")";
	if ((a >> 24) == 127)
		return "is a loopback address: traffic would never leave the machine";
	if ((a >> 28) == 14)
		return "is a multicast address";
	if ((a >> 28) == 15)
		return "is reserved (240.0.0.0/4 and the broadcast address)";
	return NULL;
}

int wb_scenario_parse_ipv4(const char *s, bool with_prefix, struct wb_scenario_ipv4 *out,
			   const char **why)
{
	char buf[24], *slash, *end;
	struct in_addr in;
	unsigned long prefix = 32;
	uint32_t host;

	*why = NULL;
	if (strlen(s) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, s);
	slash = strchr(buf, '/');
	if (!!slash != with_prefix)
		return -EINVAL;
	if (slash) {
		*slash = '\0';
		if (!slash[1] || (slash[1] == '0' && slash[2]) || slash[1] < '0' || slash[1] > '9')
			return -EINVAL;
		prefix = strtoul(slash + 1, &end, 10);
		if (*end || prefix < 1 || prefix > 30) {
			*why = "has a prefix length outside 1..30 (no room for two hosts)";
			return prefix >= 1 && prefix <= 32 && !*end ? -ERANGE : -EINVAL;
		}
	}
	/* inet_pton takes exactly four decimal parts, no leading zeros. */
	if (inet_pton(AF_INET, buf, &in) != 1)
		return -EINVAL;
	out->addr = ntohl(in.s_addr);
	out->prefix = (unsigned int)prefix;
	if ((*why = bad_ipv4(out->addr)))
		return -ERANGE;
	host = out->addr & (prefix == 32 ? 0 : (0xffffffffu >> prefix));
	if (prefix < 32 && host == 0)
		*why = "is the network address of its subnet, not a host's";
	else if (prefix < 32 && host == (0xffffffffu >> prefix))
		*why = "is the broadcast address of its subnet, not a host's";
	return *why ? -ERANGE : 0;
}

int wb_scenario_get_ipv4(struct wb_jsonv *jv, const json_t *v, const char *path,
			 bool with_prefix, struct wb_scenario_ipv4 *addr, char **out)
{
	char shown[WB_JSONV_VALUE_MAX + 8];
	const char *why;
	int ret;

	if ((ret = wb_jsonv_expect(jv, v, path, WB_JSONV_STRING, false)) < 0)
		return ret;
	wb_jsonv_render(v, shown, sizeof(shown));
	ret = strlen(json_string_value(v)) != json_string_length(v) ? -EINVAL :
		wb_scenario_parse_ipv4(json_string_value(v), with_prefix, addr, &why);
	if (ret == -ERANGE)
		return wb_jsonv_fail(jv, path, "%s %s", shown, why);
	if (ret < 0)
		return wb_jsonv_fail(jv, path, "expected an IPv4 address%s, got %s", with_prefix ?
				     " with its prefix length, like \"192.168.1.250/24\"" :
				     ", like \"192.168.1.10\"", shown);
	*out = strdup(json_string_value(v));
	return *out ? 0 : -ENOMEM;
}

bool wb_scenario_in_subnet(const struct wb_scenario_ipv4 *a, const struct wb_scenario_ipv4 *b)
{
	uint32_t mask = a->prefix >= 32 ? 0xffffffffu : ~(0xffffffffu >> a->prefix);

	return (a->addr & mask) == (b->addr & mask);
}

/*
 * A device below /sys/devices, absolute or relative to it: components of
 * [A-Za-z0-9_.:+-], none "." or ".."; stored relative.
 */
int wb_scenario_get_device(struct wb_jsonv *jv, const json_t *v, const char *path, char **out)
{
	static const char what[] = "a device path below " SYS_DEVICES " (`readlink -f "
		"/sys/class/ieee80211/PHY/device` prints it)";
	char shown[WB_JSONV_VALUE_MAX + 8];
	const char *s, *c;
	size_t n;
	int ret;

	ret = wb_scenario_check_text(jv, v, path, DEVICE_MAX + strlen(SYS_DEVICES),
				     WB_TEXT_NO_CONTROL | WB_TEXT_NO_BLANK, what);
	if (ret < 0)
		return ret;
	s = json_string_value(v);
	if (strncmp(s, SYS_DEVICES, strlen(SYS_DEVICES)) == 0)
		s += strlen(SYS_DEVICES);
	for (c = s; *c; c += n + (c[n] == '/')) {
		n = strspn(c, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:+-");
		if (n == 0 || (c[n] && c[n] != '/') || (n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.') || (c[n] == '/' && !c[n + 1]))
			break;
	}
	if (*c || !*s || *s == '-' || strlen(s) > DEVICE_MAX)
		return wb_jsonv_fail(jv, path, "expected %s, got %s", what,
				     wb_jsonv_render(v, shown, sizeof(shown)));
	*out = strdup(s);
	return *out ? 0 : -ENOMEM;
}
