/* VM runner internals: cpio format, module resolution, init script, console filter. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "tests/unit/main.h"

#include "wbench/vm/cpio.h"
#include "wbench/vm/vm_i.h"

static void test_cpio_layout(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct wb_cpio c;

	(void)state;
	assert_non_null(f);
	wb_cpio_init(&c, f);
	assert_int_equal(wb_cpio_add_dir(&c, "bin", 0755), 0);
	assert_int_equal(wb_cpio_add_file(&c, "init", 0755, "abcde", 5), 0);
	assert_int_equal(wb_cpio_add_symlink(&c, "bin/sh", "busybox"), 0);
	assert_int_equal(wb_cpio_finish(&c), 0);
	fclose(f);
	/* every entry starts 4-aligned with the newc magic */
	assert_memory_equal(buf, "070701", 6);
	/* dir: 110-byte header + "bin\0" = 114 -> padded to 116 */
	assert_memory_equal(buf + 116, "070701", 6);
	/* mode field of the file entry: S_IFREG|0755 */
	assert_memory_equal(buf + 116 + 14, "000081ED", 8);
	/* file size field */
	assert_memory_equal(buf + 116 + 54, "00000005", 8);
	/* file: 110 + "init\0" = 115 -> 116, data 5 -> 8 */
	assert_memory_equal(buf + 116 + 116, "abcde\0\0\0", 8);
	assert_memory_equal(buf + 116 + 124, "070701", 6);
	assert_int_equal(len % 4, 0);
	assert_non_null(memmem(buf, len, "TRAILER!!!", 10));
	free(buf);
}

static const char moddep[] =
	"kernel/fs/netfs/netfs.ko:\n"
	"kernel/fs/fscache/fscache.ko: kernel/fs/netfs/netfs.ko\n"
	"kernel/fs/9p/9p.ko: kernel/net/9p/9pnet.ko kernel/fs/fscache/fscache.ko "
	"kernel/fs/netfs/netfs.ko\n"
	"kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko\n"
	"kernel/drivers/virtio/virtio_ring.ko:\n"
	"kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio.ko "
	"kernel/drivers/virtio/virtio_ring.ko\n"
	"kernel/net/9p/9pnet.ko:\n"
	"kernel/net/9p/9pnet_virtio.ko.xz: kernel/net/9p/9pnet.ko kernel/drivers/virtio/virtio.ko\n";

static size_t index_of(const struct wb_vm_modlist *l, const char *path)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->paths[i], path) == 0)
			return i;
	fail_msg("%s not in list", path);
	return 0;
}

static void test_modules_resolve(void **state)
{
	const char *names[] = { "virtio_pci", "9pnet_virtio", "9p" };
	struct wb_vm_modlist l;
	char missing[64];

	(void)state;
	assert_int_equal(wb_vm_modules_resolve(moddep, NULL, names, 3, &l, missing,
					       sizeof(missing)), 0);
	assert_int_equal(l.n, 8);
	/* dependencies load before their users, each module once */
	assert_true(index_of(&l, "kernel/drivers/virtio/virtio_ring.ko") <
		    index_of(&l, "kernel/drivers/virtio/virtio.ko"));
	assert_true(index_of(&l, "kernel/drivers/virtio/virtio.ko") <
		    index_of(&l, "kernel/drivers/virtio/virtio_pci.ko"));
	assert_true(index_of(&l, "kernel/fs/netfs/netfs.ko") <
		    index_of(&l, "kernel/fs/fscache/fscache.ko"));
	assert_true(index_of(&l, "kernel/net/9p/9pnet.ko") <
		    index_of(&l, "kernel/fs/9p/9p.ko"));
	assert_true(index_of(&l, "kernel/net/9p/9pnet.ko") <
		    index_of(&l, "kernel/net/9p/9pnet_virtio.ko.xz"));
	wb_vm_modlist_release(&l);
}

static void test_modules_builtin_and_missing(void **state)
{
	const char *names[] = { "virtio_blk", "9p", "nosuch" };
	const char builtin[] = "kernel/drivers/block/virtio_blk.ko\n";
	struct wb_vm_modlist l;
	char missing[64] = "";

	(void)state;
	assert_int_equal(wb_vm_modules_resolve(moddep, builtin, names, 2, &l, missing,
					       sizeof(missing)), 0);
	/* virtio_blk built in: only 9p and its dependencies */
	assert_int_equal(l.n, 4);
	wb_vm_modlist_release(&l);
	assert_int_equal(wb_vm_modules_resolve(moddep, builtin, names, 3, &l, missing,
					       sizeof(missing)), -ENOENT);
	assert_string_equal(missing, "nosuch");
	assert_int_equal(l.n, 0);
}

static void test_module_name(void **state)
{
	char b[64];

	(void)state;
	wb_vm_module_name("kernel/net/9p/9pnet_virtio.ko.xz", b, sizeof(b));
	assert_string_equal(b, "9pnet_virtio");
	wb_vm_module_name("kernel/drivers/foo/snd-hda.ko", b, sizeof(b));
	assert_string_equal(b, "snd_hda");
}

static void test_shell_quote(void **state)
{
	char *s = NULL;

	(void)state;
	assert_int_equal(wb_vm_shell_quote(&s, "it's $HOME `x`"), 0);
	assert_string_equal(s, "'it'\\''s $HOME `x`'");
	free(s);
}

static void test_init_script(void **state)
{
	const char *mods[] = { "virtio.ko", "9p.ko" };
	char *argv[] = { (char *)"sh", (char *)"-c", (char *)"echo 'x'; exit 3", NULL };
	const char *env[] = { "WBENCH_X=a b", NULL };
	struct wb_vm_init_params p = { "00ff", "/work/my dir", mods, 2, argv, env, NULL };
	char *s = wb_vm_init_script(&p);

	(void)state;
	assert_non_null(s);
	assert_true(strncmp(s, "#!/bin/sh\n", 10) == 0); /* else the kernel falls back to a shell */
	assert_non_null(strstr(s, "M='@@00ff'"));
	assert_non_null(strstr(s, "W='/work/my dir'"));
	assert_true(strstr(s, "insmod /lib/wb/virtio.ko") < strstr(s, "insmod /lib/wb/9p.ko"));
	assert_non_null(strstr(s, "'WBENCH_X=a b'"));
	assert_non_null(strstr(s, "'sh' '-c' 'echo '\\''x'\\''; exit 3'"));
	assert_non_null(strstr(s, "echo \"$M exit $rc\""));
	assert_null(strstr(s, "wbout"));
	free(s);
}

/* Output directories outside the work directory: each mounted at its own path (quoted),
 * after the tmpfs over /tmp and before the command starts. */
static void test_init_script_shares(void **state)
{
	char *argv[] = { (char *)"true", NULL };
	const char *shares[] = { "/tmp/out dir", "/srv/it's", NULL };
	struct wb_vm_init_params p = { "00ff", "/work", NULL, 0, argv, NULL, shares };
	char *s = wb_vm_init_script(&p);
	const char *tmpfs, *d0, *m0, *m1, *cmd;

	(void)state;
	assert_non_null(s);
	tmpfs = strstr(s, "mount -t tmpfs -o mode=1777");
	d0 = strstr(s, "D='/tmp/out dir'");
	m0 = strstr(s, "wbout0 \"/host$D\"");
	m1 = strstr(s, "D='/srv/it'\\''s'");
	cmd = strstr(s, "step command");
	assert_non_null(tmpfs);
	assert_non_null(d0);
	assert_non_null(m0);
	assert_non_null(m1);
	assert_non_null(strstr(s, "wbout1 \"/host$D\""));
	assert_true(tmpfs < d0 && d0 < m0 && m0 < m1 && m1 < cmd);
	free(s);
}

struct sink {
	char buf[4096];
	size_t len;
};

static void sink_out(void *arg, const char *d, size_t len)
{
	struct sink *k = arg;

	memcpy(k->buf + k->len, d, len);
	k->len += len;
	k->buf[k->len] = '\0';
}

static void feed_bytewise(struct wb_vm_console *vc, const char *s)
{
	for (; *s; s++)
		assert_int_equal(wb_vm_console_feed(vc, s, 1), 0);
}

static void test_console_filter(void **state)
{
	struct wb_vm_console vc;
	struct sink k = { .len = 0 };

	(void)state;
	wb_vm_console_init(&vc, "abc");
	vc.out = sink_out;
	vc.out_arg = &k;
	/* noise, steps, start, output with a fake marker and no final newline, exit */
	feed_bytewise(&vc, "Linux booting\n@@abc step modules\n@@abc step command\n@@abc start\n"
			   "hello\n@@abd not a marker\n@@ partial @@abc");
	assert_int_equal(vc.phase, WB_VM_RUNNING);
	assert_string_equal(vc.step, "command");
	feed_bytewise(&vc, " exit 42\npower down\n");
	assert_int_equal(vc.phase, WB_VM_DONE);
	assert_int_equal(vc.exit_code, 42);
	assert_string_equal(k.buf, "hello\n@@abd not a marker\n@@ partial ");
	assert_non_null(memmem(vc.boot_log, vc.boot_log_len, "Linux booting", 13));
	assert_null(memmem(vc.boot_log, vc.boot_log_len, "hello", 5));
	wb_vm_console_release(&vc);
}

static void test_console_failure(void **state)
{
	struct wb_vm_console vc;
	const char in[] = "@@n1 step mount-host-root\r\n@@n1 fail mount-host-root cannot mount 9p\n";

	(void)state;
	wb_vm_console_init(&vc, "n1");
	assert_int_equal(wb_vm_console_feed(&vc, in, sizeof(in) - 1), 0);
	assert_true(vc.failed);
	assert_string_equal(vc.step, "mount-host-root");
	assert_string_equal(vc.fail_msg, "cannot mount 9p");
	assert_int_equal(vc.phase, WB_VM_BOOTING);
	wb_vm_console_release(&vc);
}

int main(int argc, char **argv)
{
	wbt_test_filter(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpio_layout),
		cmocka_unit_test(test_modules_resolve),
		cmocka_unit_test(test_modules_builtin_and_missing),
		cmocka_unit_test(test_module_name),
		cmocka_unit_test(test_shell_quote),
		cmocka_unit_test(test_init_script),
		cmocka_unit_test(test_init_script_shares),
		cmocka_unit_test(test_console_filter),
		cmocka_unit_test(test_console_failure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
