#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "wbench/vm/cpio.h"

void wb_cpio_init(struct wb_cpio *c, FILE *f)
{
	c->f = f;
	c->ino = 1;
	c->err = 0;
}

static void pad4(struct wb_cpio *c, size_t len)
{
	static const char zeros[4];
	size_t p = (4 - (len & 3)) & 3;

	if (p && fwrite(zeros, 1, p, c->f) != p && !c->err)
		c->err = -EIO;
}

static int add(struct wb_cpio *c, const char *name, unsigned int mode, const void *data,
	       size_t len, unsigned int nlink)
{
	size_t namesize = strlen(name) + 1;

	if (c->err)
		return c->err;
	if (len > 0xffffffffu || namesize > 4096)
		return c->err = -EFBIG;
	/* newc: magic then 13 fields of 8 hex digits; header+name padded to 4, data too. */
	if (fprintf(c->f, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		    c->ino++, mode, 0u, 0u, nlink, 0u, (unsigned int)len, 0u, 0u, 0u, 0u,
		    (unsigned int)namesize, 0u) < 0 ||
	    fwrite(name, 1, namesize, c->f) != namesize)
		return c->err = -EIO;
	pad4(c, 110 + namesize);
	if (len && fwrite(data, 1, len, c->f) != len)
		return c->err = -EIO;
	pad4(c, len);
	return c->err;
}

int wb_cpio_add_dir(struct wb_cpio *c, const char *name, unsigned int mode)
{
	return add(c, name, S_IFDIR | (mode & 07777), NULL, 0, 2);
}

int wb_cpio_add_file(struct wb_cpio *c, const char *name, unsigned int mode,
		     const void *data, size_t len)
{
	return add(c, name, S_IFREG | (mode & 07777), data, len, 1);
}

int wb_cpio_add_symlink(struct wb_cpio *c, const char *name, const char *target)
{
	return add(c, name, S_IFLNK | 0777, target, strlen(target), 1);
}

int wb_cpio_finish(struct wb_cpio *c)
{
	c->ino = 0;
	add(c, "TRAILER!!!", 0, NULL, 0, 1);
	if (fflush(c->f) != 0 && !c->err)
		c->err = -EIO;
	return c->err;
}
