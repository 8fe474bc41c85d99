/* tests/guest/tree with the test tree packed into the image (app.mk):
 * the embedded root file system, where tree reads it from a boot module. */
#include "../tree/tree.c"
