/* UNIT_SOURCES: */
/* Host test of pt_range_ok (arch/x86/pagetable.h): x86_pt_map and the
 * Xen PV pt_map refuse non-canonical, wrapping and out-of-range requests. */
#include "arch/x86/pagetable.h"
#include "check.h"

int main(void)
{
	CHECK(pt_range_ok(0x1000, 0x1000, 0x1000));
	CHECK(pt_range_ok(0x00007ffffffff000ull, 0, 0x1000)); /* last lower-half page */
	CHECK(!pt_range_ok(0x00007ffffffff000ull, 0, 0x2000)); /* runs into the hole */
	CHECK(!pt_range_ok(0x0000800000000000ull, 0, 0x1000)); /* in the hole */
	CHECK(!pt_range_ok(0x1234000000000000ull, 0, 0x1000));
	CHECK(pt_range_ok(0xffff800000000000ull, 0, 0x1000)); /* first upper-half page */
	CHECK(!pt_range_ok(0xffff7ffffffff000ull, 0, 0x1000));
	CHECK(pt_range_ok(0xfffffffffffff000ull, 0, 0x1000));
	CHECK(!pt_range_ok(0xfffffffffffff000ull, 0, 0x2000)); /* wraps to 0 */
	CHECK(!pt_range_ok(0x1000, 0x000ffffffffff000ull, 0x2000)); /* past 52 bits */
	CHECK(pt_range_ok(0x1000, 0x000ffffffffff000ull, 0x1000));
	CHECK(!pt_range_ok(0x1000, 0xfff0000000000000ull, 0x1000));
	CHECK(pt_range_ok(0x1000, 0, 0)); /* nothing to map */
	return check_done();
}
