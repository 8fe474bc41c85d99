/* IOAPICs: route global system interrupts (GSIs) to local APIC vectors. */
#ifndef AMPHI_X86_IOAPIC_H
#define AMPHI_X86_IOAPIC_H

#include <stdint.h>

#define IOAPIC_DEFAULT_PADDR 0xfec00000u

/* Take the IOAPIC at paddr, whose first pin is GSI gsi_base, and mask all its
 * pins. 0, -ENOSPC (too many), -ENOMEM (cannot map) or -ENODEV (nothing there). */
int ioapic_add(uint64_t paddr, uint32_t gsi_base);
/* Send gsi to vector on the local APIC dest_apic_id; flags are irq.h's
 * IRQ_LEVEL / IRQ_ACTIVE_LOW. Unmasks it. 0, -ENODEV (no such GSI), -EINVAL. */
int ioapic_route(unsigned gsi, uint8_t vector, unsigned flags, uint32_t dest_apic_id);
void ioapic_mask(unsigned gsi);
/* For messages: the i-th IOAPIC's address and GSI range; 0 when i is past the last. */
int ioapic_describe(unsigned i, uint64_t *paddr, unsigned *gsi_base, unsigned *pins);

#endif
