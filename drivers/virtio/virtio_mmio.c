/*
 * virtio over MMIO (spec 4.2): version 1 (legacy: page-frame queues with
 * GuestPageSize/QueueAlign) and version 2 (64-bit queue addresses,
 * QueueReady). Devices are found from `virtio_mmio.device=SIZE@ADDR:IRQ`
 * words on the command line (QEMU adds them on microvm,acpi=off) or, without
 * such words and without PCI, by scanning QEMU microvm's 512-byte slots from
 * 0xfeb00000 for the magic value.
 */
#include <errno.h>
#include <stdlib.h>

#include "drivers/pci/pci.h"
#include "kernel/mm.h"
#include "kernel/printk.h"
#include "virtio.h"
#include "virtio_mmio_cmdline.h"

#include "arch/irq.h"

#define MMIO_MAGIC 0x000
#define MMIO_VERSION 0x004
#define MMIO_DEVICE_ID 0x008
#define MMIO_DEVICE_FEATURES 0x010
#define MMIO_DEVICE_FEATURES_SEL 0x014
#define MMIO_DRIVER_FEATURES 0x020
#define MMIO_DRIVER_FEATURES_SEL 0x024
#define MMIO_GUEST_PAGE_SIZE 0x028 /* v1 */
#define MMIO_QUEUE_SEL 0x030
#define MMIO_QUEUE_NUM_MAX 0x034
#define MMIO_QUEUE_NUM 0x038
#define MMIO_QUEUE_ALIGN 0x03c /* v1 */
#define MMIO_QUEUE_PFN 0x040   /* v1 */
#define MMIO_QUEUE_READY 0x044 /* v2 */
#define MMIO_QUEUE_NOTIFY 0x050
#define MMIO_INTERRUPT_STATUS 0x060
#define MMIO_INTERRUPT_ACK 0x064
#define MMIO_STATUS 0x070
#define MMIO_QUEUE_DESC 0x080
#define MMIO_QUEUE_DRIVER 0x090
#define MMIO_QUEUE_DEVICE 0x0a0
#define MMIO_CONFIG_GENERATION 0x0fc
#define MMIO_CONFIG 0x100

#define MAGIC_VIRT 0x74726976 /* "virt" */
#define MICROVM_MMIO_BASE 0xfeb00000ull
#define MICROVM_SLOT_SIZE 512
#define MICROVM_MAX_SLOTS 24
#define MAX_CMDLINE_DEVICES 32

struct virtio_mmio {
	struct virtio_dev dev;
	volatile uint8_t *regs;
	uint64_t size;
	unsigned version;
	unsigned gsi;
	void (*irq_fn)(void *arg);
	void *irq_arg;
};

static struct virtio_mmio *to_vm(struct virtio_dev *d) { return d->transport_priv; }
static uint32_t rd(struct virtio_dev *d, unsigned off)
{
	return *(volatile uint32_t *)(to_vm(d)->regs + off);
}
static void wr(struct virtio_dev *d, unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(to_vm(d)->regs + off) = v;
}

static uint64_t mmio_get_features(struct virtio_dev *d)
{
	wr(d, MMIO_DEVICE_FEATURES_SEL, 0);
	uint64_t lo = rd(d, MMIO_DEVICE_FEATURES);
	wr(d, MMIO_DEVICE_FEATURES_SEL, 1);
	return lo | (uint64_t)rd(d, MMIO_DEVICE_FEATURES) << 32;
}

static void mmio_set_features(struct virtio_dev *d, uint64_t f)
{
	wr(d, MMIO_DRIVER_FEATURES_SEL, 0);
	wr(d, MMIO_DRIVER_FEATURES, (uint32_t)f);
	wr(d, MMIO_DRIVER_FEATURES_SEL, 1);
	wr(d, MMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
}

static uint8_t mmio_get_status(struct virtio_dev *d) { return (uint8_t)rd(d, MMIO_STATUS); }
static void mmio_set_status(struct virtio_dev *d, uint8_t s) { wr(d, MMIO_STATUS, s); }

static uint8_t mmio_generation(struct virtio_dev *d)
{
	return to_vm(d)->version >= 2 ? (uint8_t)rd(d, MMIO_CONFIG_GENERATION) : 0;
}

static int mmio_read_config(struct virtio_dev *d, unsigned off, void *buf, unsigned len)
{
	uint64_t room = to_vm(d)->size - MMIO_CONFIG;
	if (off > room || len > room - off)
		return -ERANGE;
	for (unsigned i = 0; i < len; i++)
		((uint8_t *)buf)[i] = to_vm(d)->regs[MMIO_CONFIG + off + i];
	return 0;
}

static unsigned mmio_queue_max(struct virtio_dev *d, unsigned q)
{
	wr(d, MMIO_QUEUE_SEL, q);
	return rd(d, MMIO_QUEUE_NUM_MAX);
}

static int mmio_queue_enable(struct virtio_dev *d, struct virtqueue *vq, uint64_t desc,
			     uint64_t avail, uint64_t used)
{
	wr(d, MMIO_QUEUE_SEL, vq->index);
	wr(d, MMIO_QUEUE_NUM, vq->size);
	if (to_vm(d)->version == 1) {
		if ((desc & 4095) || (desc >> 12) > UINT32_MAX)
			return -EINVAL;
		/* The PFN below counts pages of this size (legacy spec 4.2.4). */
		wr(d, MMIO_GUEST_PAGE_SIZE, 4096);
		wr(d, MMIO_QUEUE_ALIGN, 4096); /* the used ring's alignment in our layout */
		wr(d, MMIO_QUEUE_PFN, (uint32_t)(desc >> 12));
		return 0;
	}
	wr(d, MMIO_QUEUE_DESC, (uint32_t)desc);
	wr(d, MMIO_QUEUE_DESC + 4, (uint32_t)(desc >> 32));
	wr(d, MMIO_QUEUE_DRIVER, (uint32_t)avail);
	wr(d, MMIO_QUEUE_DRIVER + 4, (uint32_t)(avail >> 32));
	wr(d, MMIO_QUEUE_DEVICE, (uint32_t)used);
	wr(d, MMIO_QUEUE_DEVICE + 4, (uint32_t)(used >> 32));
	wr(d, MMIO_QUEUE_READY, 1);
	return 0;
}

static void mmio_notify(struct virtio_dev *d, struct virtqueue *vq)
{
	wr(d, MMIO_QUEUE_NOTIFY, vq->index);
}

/* Level-triggered: acknowledging every pending bit lowers the line. */
static void mmio_irq_handler(void *arg)
{
	struct virtio_mmio *vm = arg;
	uint32_t pending = rd(&vm->dev, MMIO_INTERRUPT_STATUS);
	if (!pending)
		return;
	wr(&vm->dev, MMIO_INTERRUPT_ACK, pending);
	vm->irq_fn(vm->irq_arg);
}

static int mmio_setup_irq(struct virtio_dev *d, void (*fn)(void *), void *arg)
{
	struct virtio_mmio *vm = to_vm(d);
	if (vm->gsi == 0 || vm->gsi >= 255)
		return -ENODEV;
	vm->irq_fn = fn;
	vm->irq_arg = arg;
	struct irq_request req = { .source = IRQ_FROM_GSI, .gsi = vm->gsi, .flags = IRQ_LEVEL | IRQ_ACTIVE_HIGH };
	int rc = irq_request(&req, mmio_irq_handler, vm);
	if (rc < 0)
		return rc;
	ksnprintf(d->irq, sizeof(d->irq), "GSI %u", vm->gsi);
	return 0;
}

static const struct virtio_transport mmio_ops = {
    .name = "mmio",
    .get_features = mmio_get_features,
    .set_features = mmio_set_features,
    .get_status = mmio_get_status,
    .set_status = mmio_set_status,
    .read_config = mmio_read_config,
    .config_generation = mmio_generation,
    .queue_max = mmio_queue_max,
    .queue_enable = mmio_queue_enable,
    .notify = mmio_notify,
    .setup_irq = mmio_setup_irq,
};

/* Map a transport and check it; a device when it holds one (device id 0
 * is an empty slot). *has_magic tells the scanner whether a slot exists. */
static struct virtio_mmio *open_transport(uint64_t addr, uint64_t size, unsigned gsi,
					  int *has_magic)
{
	*has_magic = 0;
	volatile uint8_t *regs = mm_map_phys(addr, size);
	if (!regs)
		return NULL;
	if (*(volatile uint32_t *)(regs + MMIO_MAGIC) != MAGIC_VIRT)
		return NULL;
	*has_magic = 1;
	uint32_t version = *(volatile uint32_t *)(regs + MMIO_VERSION);
	uint32_t id = *(volatile uint32_t *)(regs + MMIO_DEVICE_ID);
	if (id == 0)
		return NULL;
	if (version != 1 && version != 2) {
		kprintf("virtio: mmio %#lx: unknown version %u; ignored\n", (unsigned long)addr,
			version);
		return NULL;
	}
	struct virtio_mmio *vm = calloc(1, sizeof(*vm));
	if (!vm)
		return NULL;
	vm->regs = regs;
	vm->size = size;
	vm->version = version;
	vm->gsi = gsi;
	vm->dev.t = &mmio_ops;
	vm->dev.device_id = id;
	vm->dev.modern = version == 2;
	vm->dev.transport_priv = vm;
	ksnprintf(vm->dev.where, sizeof(vm->dev.where), "mmio %#lx v%u", (unsigned long)addr,
		  version);
	return vm;
}

static void append(struct virtio_dev ***tail, struct virtio_mmio *vm)
{
	**tail = &vm->dev;
	*tail = &vm->dev.next;
}

static void report_bad_word(const char *word)
{
	kprintf("virtio: cannot use '%.60s' (want virtio_mmio.device=SIZE@ADDR:IRQ)\n", word);
}

static unsigned probe_cmdline(struct virtio_dev ***tail, const char *cmdline)
{
	struct virtio_mmio_spec spec[MAX_CMDLINE_DEVICES];
	unsigned n =
	    virtio_mmio_cmdline_devices(cmdline, spec, MAX_CMDLINE_DEVICES, report_bad_word);
	for (unsigned i = 0; i < n; i++) {
		int has_magic;
		struct virtio_mmio *vm =
		    open_transport(spec[i].addr, spec[i].size, spec[i].gsi, &has_magic);
		if (vm)
			append(tail, vm);
		else if (!has_magic)
			kprintf("virtio: no virtio-mmio device at %#lx (from the command line)\n",
				(unsigned long)spec[i].addr);
	}
	return n;
}

/* QEMU microvm: 8 transports on GSI 5.. (no ACPI: always named on the
 * command line), 8 on GSI 16.. with ACPI, or 24 on GSI 24.. (the second
 * IOAPIC) with ACPI and ioapic2. The number of slots tells which. */
static void probe_microvm_slots(struct virtio_dev ***tail)
{
	struct virtio_mmio *found[MICROVM_MAX_SLOTS];
	unsigned nslots = 0;
	for (; nslots < MICROVM_MAX_SLOTS; nslots++) {
		int has_magic;
		found[nslots] = open_transport(MICROVM_MMIO_BASE + nslots * MICROVM_SLOT_SIZE,
					       MICROVM_SLOT_SIZE, 0, &has_magic);
		if (!has_magic)
			break;
	}
	unsigned gsi_base = nslots > 8 ? 24 : 16;
	for (unsigned i = 0; i < nslots; i++) {
		if (found[i]) {
			found[i]->gsi = gsi_base + i;
			append(tail, found[i]);
		}
	}
}

void virtio_mmio_probe(struct virtio_dev ***tail, const char *cmdline)
{
	if (probe_cmdline(tail, cmdline))
		return;
	/* Only where there is no PCI: on a PC that window may belong to a PCI BAR. */
	struct pci_dev host = {0};
	if (pci_read16(&host, PCI_VENDOR_ID) != 0xffff)
		return;
	probe_microvm_slots(tail);
}
