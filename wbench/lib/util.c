#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wbench/lib/util.h"

int64_t wb_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int64_t wb_now_ms(void)
{
	return wb_now_ns() / 1000000LL;
}

int wb_open_regular(const char *path)
{
	struct stat st;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), r;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		r = -errno;
	else if (!S_ISREG(st.st_mode))
		r = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	else if (fcntl(fd, F_SETFL, 0) < 0)
		r = -errno;
	else
		return fd;
	close(fd);
	return r;
}

const char *wb_read_file_strerror(int r)
{
	if (r == -EINVAL)
		return "not a regular file (a FIFO, socket or device could block or never end)";
	if (r == -EFBIG)
		return "larger than the limit for such a file";
	return strerror(-r);
}

int wb_read_file(const char *path, size_t max, char **out, size_t *len)
{
	char *buf = NULL;
	size_t cap = 0, n = 0;
	int fd, ret = 0;

	*out = NULL;
	fd = wb_open_regular(path);
	if (fd < 0)
		return fd;
	for (;;) {
		ssize_t r;

		if (n + 1 >= cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			char *nb;

			if (ncap > max + 1)
				ncap = max + 1;
			if (n + 1 >= ncap) {
				ret = -EFBIG;
				goto out;
			}
			nb = realloc(buf, ncap + 1);
			if (!nb) {
				ret = -ENOMEM;
				goto out;
			}
			buf = nb;
			cap = ncap;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (!buf) {
		buf = malloc(1);
		if (!buf) {
			ret = -ENOMEM;
			goto out;
		}
	}
	buf[n] = '\0';
	*out = buf;
	buf = NULL;
	if (len)
		*len = n;
out:
	free(buf);
	close(fd);
	return ret;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int wb_write_file_atomic(const char *path, const void *data, size_t len, unsigned int mode)
{
	char tmp[PATH_MAX];
	int fd, ret;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fchmod(fd, mode) < 0) {
		ret = -errno;
		goto fail;
	}
	ret = write_all(fd, data, len);
	if (ret < 0)
		goto fail;
	/* fsync before rename: a power cut must not leave an empty results file. */
	if (fsync(fd) < 0 && errno != EINVAL) {
		ret = -errno;
		goto fail;
	}
	if (close(fd) < 0) {
		fd = -1;
		ret = -errno;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0) {
		ret = -errno;
		goto fail;
	}
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return ret;
}

char *wb_mkdtemp_private(const char *prefix)
{
	const char *base = getenv("TMPDIR");
	char *path;

	if (!base || !*base)
		base = "/tmp";
	if (asprintf(&path, "%s/%s.XXXXXX", base, prefix) < 0)
		return NULL;
	/* mkdtemp creates the directory 0700. */
	if (!mkdtemp(path)) {
		int e = errno;

		free(path);
		errno = e;
		return NULL;
	}
	return path;
}

int wb_path_dir(const char *path, char *buf, size_t len)
{
	char *slash;

	if (wb_strlcpy(buf, path, len) >= len)
		return -ENAMETOOLONG;
	slash = strrchr(buf, '/');
	if (!slash)
		wb_strlcpy(buf, ".", len);
	else if (slash == buf)
		buf[1] = '\0';
	else
		*slash = '\0';
	return 0;
}

int wb_grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;
	void *n;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 16;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return -ENOMEM;
		ncap *= 2;
	}
	if (elem && ncap > SIZE_MAX / elem)
		return -ENOMEM;
	n = realloc(*arr, ncap * elem);
	if (!n)
		return -ENOMEM;
	memset((char *)n + *cap * elem, 0, (ncap - *cap) * elem);
	*arr = n;
	*cap = ncap;
	return 0;
}

bool wb_path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strcmp(dir, "/") ||
	       (!strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/'));
}

static int rm_cb(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (type == FTW_DP)
		return rmdir(path) < 0 && errno != ENOENT ? -1 : 0;
	return unlink(path) < 0 && errno != ENOENT ? -1 : 0;
}

int wb_rm_rf(const char *path)
{
	if (!path)
		return 0;
	if (nftw(path, rm_cb, 16, FTW_DEPTH | FTW_PHYS) < 0)
		return errno == ENOENT ? 0 : -errno;
	return 0;
}

int wb_errbuf_set(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (buf && len) {
		va_start(ap, fmt);
		vsnprintf(buf, len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

size_t wb_strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size) {
		size_t c = n < size - 1 ? n : size - 1;

		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return n;
}

int wb_parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

bool wb_str_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

void wb_hex_encode(const uint8_t *in, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0xf];
	}
	out[2 * len] = '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int wb_hex_decode(const char *in, uint8_t *out, size_t len)
{
	size_t i;

	if (strlen(in) != 2 * len)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		int hi = hexval(in[2 * i]), lo = hexval(in[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

void wb_secure_zero(void *p, size_t len)
{
	volatile unsigned char *v = p;

	while (len--)
		*v++ = 0;
}
