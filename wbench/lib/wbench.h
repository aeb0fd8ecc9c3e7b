/* wbench: definitions shared by every module. */
#ifndef WB_WBENCH_H
#define WB_WBENCH_H

#include <stddef.h>

#ifndef WB_VERSION
#define WB_VERSION "0.0.0"
#endif

/* Process exit codes, documented in README and in `wbench --help`. */
enum wb_exit {
	WB_EXIT_OK = 0,     /* success */
	WB_EXIT_FAIL = 1,   /* a gate or a verification failed */
	WB_EXIT_USAGE = 2,  /* usage or input error */
	WB_EXIT_INFRA = 3,  /* a daemon, the VM or a driver could not be driven */
};

#define WB_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
/* The text of a macro's value: WB_STR(5) is "5". */
#define WB_STR_(x) #x
#define WB_STR(x) WB_STR_(x)
#define WB_MUST_CHECK __attribute__((warn_unused_result))
#define WB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define WB_UNUSED __attribute__((unused))

#endif /* WB_WBENCH_H */
