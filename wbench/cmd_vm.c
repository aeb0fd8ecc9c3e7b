#include <stdio.h>

#include "wbench/commands.h"

int wb_cmd_vm(int argc, char *argv[], struct wb_cancel *cancel)
{
	(void)argc; (void)argv; (void)cancel;
	fprintf(stderr, "wbench vm: not yet\n");
	return WB_EXIT_INFRA;
}
