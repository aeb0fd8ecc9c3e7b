#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "wbench/wifi/confcheck.h"
#include "wbench/lib/util.h"

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int wb_ssid_check(const uint8_t *ssid, size_t len, char *why, size_t whylen)
{
	if (!ssid || len == 0)
		return wb_errbuf_set(why, whylen, "ssid is empty; expected 1..%d bytes",
				     WB_SSID_MAX_LEN);
	if (len > WB_SSID_MAX_LEN)
		return wb_errbuf_set(why, whylen, "ssid is %zu bytes; expected at most %d", len,
				     WB_SSID_MAX_LEN);
	return 0;
}

int wb_passphrase_check(const char *pass, size_t len, enum wb_passphrase_kind *kind,
			char *why, size_t whylen)
{
	size_t i;

	if (!pass)
		return wb_errbuf_set(why, whylen, "passphrase is missing");
	/* Position only, never the byte: a message must not leak part of a secret. */
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)pass[i];

		if (c < 0x20 || c == 0x7f)
			return wb_errbuf_set(why, whylen, "passphrase has a control character at "
					     "byte offset %zu; expected printable ASCII", i);
		if (c > 0x7e)
			return wb_errbuf_set(why, whylen, "passphrase has a non-ASCII byte at "
					     "byte offset %zu; expected printable ASCII", i);
	}
	if (len == WB_PSK_HEX_LEN) {
		for (i = 0; i < len; i++)
			if (!is_hex(pass[i]))
				return wb_errbuf_set(why, whylen, "passphrase of 64 characters "
						     "must be a raw PSK of 64 hex digits (non-hex "
						     "character at byte offset %zu); a passphrase "
						     "has 8..63 characters", i);
		if (kind)
			*kind = WB_PASSPHRASE_PSK_HEX;
		return 0;
	}
	if (len < WB_PASSPHRASE_MIN_LEN || len > WB_PASSPHRASE_MAX_LEN)
		return wb_errbuf_set(why, whylen, "passphrase is %zu characters; expected %d..%d "
				     "printable ASCII characters or %d hex digits", len,
				     WB_PASSPHRASE_MIN_LEN, WB_PASSPHRASE_MAX_LEN, WB_PSK_HEX_LEN);
	if (kind)
		*kind = WB_PASSPHRASE_ASCII;
	return 0;
}

int wb_ifname_check(const char *name, char *why, size_t whylen)
{
	size_t i, len;

	if (!name || !*name)
		return wb_errbuf_set(why, whylen, "interface name is empty");
	len = strlen(name);
	if (len > 15)
		return wb_errbuf_set(why, whylen, "interface name '%.32s' is %zu bytes; expected "
				     "at most 15", name, len);
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return wb_errbuf_set(why, whylen, "interface name '%s' is not allowed", name);
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-' || c == '.'))
			return wb_errbuf_set(why, whylen, "interface name has an invalid "
					     "character at byte offset %zu; expected letters, "
					     "digits, '_', '-' or '.'", i);
	}
	return 0;
}

int wb_conf_path_check(const char *path, size_t maxlen, char *why, size_t whylen)
{
	size_t i, len;

	if (!path || path[0] != '/')
		return wb_errbuf_set(why, whylen, "path '%s' is not absolute", path ? path : "");
	len = strlen(path);
	if (len > maxlen)
		return wb_errbuf_set(why, whylen, "path is %zu bytes; expected at most %zu", len,
				     maxlen);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)path[i];

		if (c <= 0x20 || c >= 0x7f || c == '=' || c == '"')
			return wb_errbuf_set(why, whylen, "path has a space, control, '=', '\"' "
					     "or non-ASCII character at byte offset %zu", i);
	}
	return 0;
}
