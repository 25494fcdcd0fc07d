/*
 * hub_main.c: aukio-hub's entry point; everything else is in hub_cli.c so tests can link it.
 */
#include "hub.h"

int main(int argc, char **argv)
{
    return hub_cli_main(argc, argv);
}
