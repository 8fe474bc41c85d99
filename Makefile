# Amphi: one C application + a small kernel = one bootable image.
#
#   make                      build every app in apps/ to build/<app>.elf
#   make APP=hello            build one app (or APP=path/to/dir for your own):
#                             build/hello.elf (PVH) and build/hello.efi (UEFI)
#   make run APP=hello        boot it under QEMU (ARGS="a b" MEM=64M ACCEL=auto|kvm|tcg
#                             MACHINE=microvm|pc|q35 OPTS="amphi.bootstats" PLAT=pvh|efi)
#   make debug APP=hello      boot it paused under QEMU's gdb stub and attach gdb, stopped
#                             at main (same variables; tools/debug, tools/gdb/amphi.py)
#   make test                 unit tests, fuzz harnesses, then every case of tests/cases on
#                             microvm, pc, efi, xen-pvh, xen-pv (T=REGEX, ONLY=REGEX)
#   make fuzz                 the libFuzzer harnesses in tests/fuzz (F=name, FUZZ_SECONDS=60)
#   make bench                boot-time and size figures
#   V=1                       show the commands

BUILD ?= build
NEWLIB := $(BUILD)/newlib/install/x86_64-elf
CC := gcc
LD := ld
Q := $(if $(V),,@)

GCC_INCLUDE := $(shell $(CC) -print-file-name=include)
LIBGCC := $(shell $(CC) -print-libgcc-file-name)

# Reproducible images: the same bytes wherever and whenever they are built.
# Debug info names this tree /amphi (tools/debug maps it back), inputs are
# listed in sorted order, and anything that asks for the time gets the
# commit's date.
REPRO_MAP := -ffile-prefix-map=$(CURDIR)=/amphi
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export SOURCE_DATE_EPOCH
export LC_ALL := C

# Code for the guest: no PIC, no red zone (interrupts land on the current
# stack), frame pointers for backtraces, sections for --gc-sections.
# Hardening (kernel/ssp.h): a stack canary in every function with arrays or
# address-taken locals, set per boot; newlib's checked string and memory
# functions where the size is known; locals zeroed when not initialised.
# HARDEN= builds without, for comparing figures.
HARDEN ?= -fstack-protector-strong -mstack-protector-guard=global -D_FORTIFY_SOURCE=2 \
	-ftrivial-auto-var-init=zero
GUEST_CFLAGS := $(REPRO_MAP) -std=gnu11 -O2 -g -fno-pic -fno-pie -mno-red-zone -mcmodel=small \
	$(if $(HARDEN),$(HARDEN),-fno-stack-protector) -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-ffunction-sections -fdata-sections -nostdinc -isystem $(GCC_INCLUDE) \
	-isystem libc-shim/include -isystem $(NEWLIB)/include -Wall -Wextra -Werror -MD -MP
# Xen's public ABI headers come from Debian's libxen-dev; only the xen/
# directory is exposed (through a link), not the rest of /usr/include.
XEN_HEADERS := /usr/include/xen
XEN_INC := $(BUILD)/xen-include
ifeq ($(wildcard $(XEN_HEADERS)/xen.h),)
$(error Xen public headers missing ($(XEN_HEADERS)/xen.h): run tools/setup or apt-get install libxen-dev)
endif
# Every project header is included by its path from the top ("kernel/mm.h"),
# or by its bare name from its own folder: who uses what shows in the text.
KERNEL_CFLAGS := $(GUEST_CFLAGS) -I. -isystem $(XEN_INC)
LDFLAGS := -nostdlib -static -T arch/x86/amphi.ld --gc-sections -z max-page-size=4096 \
	-z noexecstack --no-warn-rwx-segments
LIBS := --start-group $(NEWLIB)/lib/libc.a $(NEWLIB)/lib/libm.a $(LIBGCC) --end-group

# (each pattern's files sorted; the patterns' order is the link order)
sorted_wildcard = $(foreach p,$(1),$(sort $(wildcard $(p))))
KERNEL_SRCS := $(call sorted_wildcard,kernel/*.c arch/x86/*.c arch/x86/*.S boot/*.c boot/pvh/*.c \
	boot/pvh/*.S boot/xen-pv/*.c boot/xen-pv/*.S platform/pc/*.c platform/xen/*.c platform/xen/*.S \
	drivers/*/*.c libc-shim/*.c kernel/net/*.c kernel/net/lwip/*.c kernel/vfs/*.c)
NEWLIB_STAMP := $(NEWLIB)/lib/libc.a

# lwIP from Debian's source package (tools/fetch-lwip), compiled into every
# image; --gc-sections drops it from apps that never call socket() & co.
LWIP_DIR := $(BUILD)/lwip/src/src
LWIP_STAMP := $(BUILD)/lwip/stamp
LWIP_FILES := $(addprefix core/,def.c dns.c inet_chksum.c init.c ip.c mem.c memp.c netif.c \
	pbuf.c raw.c stats.c sys.c tcp.c tcp_in.c tcp_out.c timeouts.c udp.c) \
	$(addprefix core/ipv4/,dhcp.c etharp.c icmp.c igmp.c ip4.c ip4_addr.c ip4_frag.c) \
	$(addprefix core/ipv6/,ethip6.c icmp6.c inet6.c ip6.c ip6_addr.c ip6_frag.c mld6.c nd6.c) \
	$(addprefix api/,api_lib.c api_msg.c err.c if_api.c netbuf.c netdb.c sockets.c tcpip.c) \
	netif/ethernet.c
LWIP_OBJS := $(patsubst %,$(BUILD)/obj/lwip/%.o,$(LWIP_FILES))
# lwIP sizes its own fd_set by FD_SETSIZE; libc-shim calls only lwip_poll, so
# lwIP may count more sockets than newlib's 64-entry fd_set holds.
LWIP_INC := -Ikernel/net/lwip -I$(LWIP_DIR)/include -DFD_SETSIZE=256
# lwIP's own code trips a few of our warnings; relaxed for its files only.
LWIP_CFLAGS := $(KERNEL_CFLAGS) $(LWIP_INC) -Wno-unused-parameter -Wno-sign-compare \
	-Wno-implicit-fallthrough -Wno-address -Wno-type-limits -Wno-missing-field-initializers

KERNEL_OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(KERNEL_SRCS)) $(LWIP_OBJS)

# The UEFI loader (boot/efi/), built with GNU-EFI: position-independent,
# Microsoft calling convention for firmware calls, 2-byte wchar_t for UCS-2.
# No -fdata-sections: GNU-EFI's linker script keeps .bss but drops .bss.*.
EFI_CRT0 := /usr/lib/crt0-efi-x86_64.o
EFI_LDS := /usr/lib/elf_x86_64_efi.lds
EFI_CFLAGS := $(REPRO_MAP) -std=gnu11 -O2 -g -fpic -fshort-wchar -mno-red-zone -ffreestanding \
	-fno-stack-protector -fno-strict-aliasing -DGNU_EFI_USE_MS_ABI -I/usr/include/efi \
	-I/usr/include/efi/x86_64 -I. -isystem $(XEN_INC) \
	-Wall -Wextra -Werror -MD -MP
EFI_OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(call sorted_wildcard,boot/efi/*.c) boot/efi/trampoline.S)
EFI_LDFLAGS := -nostdlib -shared -Bsymbolic -znocombreloc -T $(EFI_LDS) --no-warn-rwx-segments
EFI_SECTIONS := $(addprefix -j ,.text .sdata .data .dynamic .dynsym .rel .rela .reloc)

APPS := $(notdir $(patsubst %/,%,$(call sorted_wildcard,apps/*/)))
GUEST_TESTS := $(patsubst %/,%,$(call sorted_wildcard,tests/guest/*/))

.PHONY: all app run debug test test-images unit fuzz bench setup newlib lwip clean FORCE
.DEFAULT_GOAL := all

# `make run` with no APP boots the web server; its app.mk forwards a port.
ifneq ($(filter run debug,$(MAKECMDGOALS)),)
APP ?= httpd
endif

ifeq ($(APP),)
all: newlib
	$(Q)for a in $(APPS); do $(MAKE) --no-print-directory APP=$$a app || exit 1; done
else
# APP names an app in apps/, or a directory of .c files anywhere.
APP_DIR := $(patsubst %/,%,$(if $(wildcard apps/$(APP)/.),apps/$(APP),$(APP)))
ifeq ($(wildcard $(APP_DIR)/*.c),)
$(error APP=$(APP): no app there (looked for .c files in apps/$(APP)/ and $(APP)/))
endif
APP_NAME := $(notdir $(APP_DIR))
APP_CFLAGS :=
APP_SRCS :=
APP_FWD :=
APP_ROOTFS :=
APP_ROOTFS_AT :=
-include $(APP_DIR)/app.mk
APP_OBJDIR := $(BUILD)/app/$(APP_NAME)
APP_C := $(call sorted_wildcard,$(APP_DIR)/*.c) $(addprefix $(APP_DIR)/,$(APP_SRCS))
APP_OBJS := $(patsubst $(APP_DIR)/%,$(APP_OBJDIR)/%.o,$(APP_C)) $(APP_OBJDIR)/appname.o
# ROOTFS=dir (an app's default: APP_ROOTFS in its app.mk) packs dir into the
# image as its root file system, unpacked at boot on every platform; its
# contents go under ROOTFS_AT (default /).
ROOTFS ?= $(APP_ROOTFS)
ROOTFS_AT ?= $(or $(APP_ROOTFS_AT),/)
ifneq ($(ROOTFS),)
APP_OBJS += $(APP_OBJDIR)/rootfs.o
endif
IMAGE := $(BUILD)/$(APP_NAME).elf
EFI_IMAGE := $(BUILD)/$(APP_NAME).efi

all app: $(IMAGE) $(EFI_IMAGE)

$(APP_OBJDIR)/%.c.o: $(APP_DIR)/%.c | newlib
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(GUEST_CFLAGS) $(APP_CFLAGS) -c $< -o $@

$(APP_OBJDIR)/appname.c: FORCE
	@mkdir -p $(dir $@)
	$(Q)echo 'const char amphi_app_name[] = "$(APP_NAME)";' > $@.tmp
	$(Q)cmp -s $@.tmp $@ 2>/dev/null && rm $@.tmp || mv $@.tmp $@

$(APP_OBJDIR)/appname.o: $(APP_OBJDIR)/appname.c
	$(Q)$(CC) $(GUEST_CFLAGS) -c $< -o $@

# The packed root file system: rebuilt when a file in ROOTFS changes or
# ROOTFS names another directory (rootfs.dir records which); symlinks (which
# may dangle) count through their directory.
$(APP_OBJDIR)/rootfs.dir: FORCE
	@mkdir -p $(dir $@)
	$(Q)echo '$(abspath $(ROOTFS)) $(ROOTFS_AT)' > $@.tmp
	$(Q)cmp -s $@.tmp $@ 2>/dev/null && rm $@.tmp || mv $@.tmp $@

$(APP_OBJDIR)/rootfs.cpio: $(APP_OBJDIR)/rootfs.dir tools/mkrootfs \
		$(if $(ROOTFS),$(shell find $(ROOTFS) ! -type l 2>/dev/null))
	@echo "  CPIO    $(ROOTFS)"
	$(Q)tools/mkrootfs $(ROOTFS) $@ $(ROOTFS_AT)

$(APP_OBJDIR)/rootfs.o: $(APP_OBJDIR)/rootfs.cpio kernel/vfs/rootfs_blob.S
	$(Q)$(CC) -c -DROOTFS_CPIO='"$<"' kernel/vfs/rootfs_blob.S -o $@

# Link twice: the first image gives the function addresses that go into the
# symbol table of the second; tools/mksyms checks that no function moved.
$(IMAGE): $(KERNEL_OBJS) $(APP_OBJS) $(BUILD)/obj/symtab-empty.o arch/x86/amphi.ld tools/mksyms \
		$(NEWLIB_STAMP) $(APP_OBJDIR)/rootfs.dir
	@echo "  LD      $@"
	$(Q)$(LD) $(LDFLAGS) -o $@.pass1 $(KERNEL_OBJS) $(APP_OBJS) $(BUILD)/obj/symtab-empty.o $(LIBS)
	$(Q)tools/mksyms $@.pass1 > $(APP_OBJDIR)/symtab.S
	$(Q)$(CC) -c $(APP_OBJDIR)/symtab.S -o $(APP_OBJDIR)/symtab.o
	$(Q)$(LD) $(LDFLAGS) -o $@ $(KERNEL_OBJS) $(APP_OBJS) $(APP_OBJDIR)/symtab.o $(LIBS)
	$(Q)tools/mksyms --check $@.pass1 $@
	$(Q)rm -f $@.pass1
	$(Q)INITRD="$(INITRD)" tools/mkxl $@
	$(Q)tools/mklibvirt $@

# The .efi carries the ELF unchanged (debug info stripped) and copies it to
# its link address after ExitBootServices (boot/efi/loader.c).
$(EFI_IMAGE): $(IMAGE) $(EFI_OBJS) boot/efi/kernel_blob.S $(EFI_CRT0)
	@echo "  EFI     $@"
	$(Q)objcopy --strip-all $(IMAGE) $(APP_OBJDIR)/kernel.elf
	$(Q)$(CC) -c -DKERNEL_ELF='"$(APP_OBJDIR)/kernel.elf"' boot/efi/kernel_blob.S \
		-o $(APP_OBJDIR)/kernel_blob.o
	$(Q)$(LD) $(EFI_LDFLAGS) -o $@.so $(EFI_CRT0) $(EFI_OBJS) $(APP_OBJDIR)/kernel_blob.o \
		-L/usr/lib -lefi -lgnuefi
	$(Q)objcopy $(EFI_SECTIONS) --target efi-app-x86_64 $@.so $@
	$(Q)rm -f $@.so

# FWD (HOSTPORT:GUESTPORT,...) forwards 127.0.0.1 ports to the guest; an
# app's app.mk may set APP_FWD as its default.
FWD ?= $(APP_FWD)
# PLAT=xen boots a real Xen + dom0 in QEMU and xl-creates the image there
# (XEN_TYPE=pvh|pv); PLAT=efi boots APP.efi under OVMF; default: PVH on QEMU.
run: app setup
ifeq ($(PLAT),xen)
	$(Q)tools/xen-run $(IMAGE)
else
	$(Q)$(if $(FWD),echo "amphi: forwarding 127.0.0.1 $(FWD) (host:guest); stop with Ctrl-A X";) \
		APP="$(APP)" FWD="$(FWD)" INITRD="$(INITRD)" tools/run $(if $(filter efi,$(PLAT)),$(EFI_IMAGE),$(IMAGE))
endif

# The same boot under gdb, stopped at main (tools/debug). Xen guests are
# debugged here, on QEMU: the image is the same (README: Debugging).
debug: app setup
ifeq ($(PLAT),xen)
	$(error make debug runs the image on QEMU (PLAT=pvh or efi): Debian's Xen is built without gdbsx support, see README)
endif
	$(Q)$(if $(FWD),echo "amphi: forwarding 127.0.0.1 $(FWD) (host:guest)";) \
		FWD="$(FWD)" tools/debug $(if $(filter efi,$(PLAT)),$(EFI_IMAGE),$(IMAGE))

-include $(APP_OBJS:.o=.d)
endif

$(BUILD)/obj/symtab-empty.o: tools/mksyms
	@mkdir -p $(dir $@)
	$(Q)tools/mksyms --empty > $(BUILD)/obj/symtab-empty.S
	$(Q)$(CC) -c $(BUILD)/obj/symtab-empty.S -o $@

$(BUILD)/obj/%.c.o: %.c | newlib $(XEN_INC)/xen
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

# The stack's port (kernel/net/lwip/) sees lwIP's headers.
$(BUILD)/obj/kernel/net/%.c.o: kernel/net/%.c | newlib $(LWIP_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(KERNEL_CFLAGS) $(LWIP_INC) -c $< -o $@

$(BUILD)/obj/lwip/%.c.o: $(LWIP_DIR)/%.c $(LWIP_STAMP) | newlib
	@mkdir -p $(dir $@)
	@echo "  CC      lwip/$*.c"
	$(Q)$(CC) $(LWIP_CFLAGS) -c $< -o $@

$(BUILD)/obj/%.S.o: %.S | $(XEN_INC)/xen
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

-include $(KERNEL_OBJS:.o=.d)

$(BUILD)/obj/boot/efi/%.c.o: boot/efi/%.c | $(XEN_INC)/xen
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(EFI_CFLAGS) -c $< -o $@

$(BUILD)/obj/boot/efi/%.S.o: boot/efi/%.S | $(XEN_INC)/xen
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	$(Q)$(CC) $(EFI_CFLAGS) -c $< -o $@

$(EFI_CRT0):
	$(error GNU-EFI is missing ($@): run tools/setup, or apt-get install gnu-efi)

-include $(EFI_OBJS:.o=.d)

$(XEN_INC)/xen:
	@mkdir -p $(XEN_INC)
	$(Q)ln -sfn $(XEN_HEADERS) $@

setup:
	$(Q)tools/setup

# tools/build-newlib keeps its own stamp (newlib version + flags) and returns
# at once when the build is current.
newlib: $(NEWLIB_STAMP)
$(NEWLIB_STAMP): tools/build-newlib
	$(Q)tools/build-newlib $(BUILD)

# tools/fetch-lwip keeps its own stamp (the package version and our patches'
# checksum) and returns at once when the tree is current.
lwip: $(LWIP_STAMP)
$(LWIP_STAMP): tools/fetch-lwip $(wildcard kernel/net/lwip/patches/*.patch)
	$(Q)tools/fetch-lwip $(BUILD)
	$(Q)touch $@
$(addprefix $(LWIP_DIR)/,$(LWIP_FILES)): $(LWIP_STAMP)

# Guest test programs are out-of-tree apps, built like a user's. tests/run
# builds them (make test-images) beside the host tests, which need none.
# The root file systems the cases boot with (tests/cases: initrd): the test
# tree (tests/guest/tree/mktree: 1,000 files, ~10 MiB; tree-image embeds it),
# its first 100 files (small: Xen's jobs, whose every file rides in dom0's
# initrd), those cut short, one that is no archive, and a file too big for
# the guest's memory.
TEST_ROOTFS := $(addprefix $(BUILD)/test-rootfs/,tree.cpio small.cpio small-cut.cpio not-cpio.cpio \
	too-big.cpio)
test-images: newlib all $(TEST_ROOTFS)
	$(Q)for t in $(GUEST_TESTS); do $(MAKE) --no-print-directory APP=$$t app || exit 1; done

$(BUILD)/test-rootfs/tree: tests/guest/tree/mktree
	$(Q)rm -rf $@ && mkdir -p $(dir $@) && tests/guest/tree/mktree $@ >$@.expected
$(BUILD)/test-rootfs/tree.cpio: $(BUILD)/test-rootfs/tree tools/mkrootfs
	$(Q)tools/mkrootfs $< $@ /data
$(BUILD)/test-rootfs/small: tests/guest/tree/mktree
	$(Q)rm -rf $@ && mkdir -p $(dir $@) && tests/guest/tree/mktree $@ 1 >$@.expected
$(BUILD)/test-rootfs/small.cpio: $(BUILD)/test-rootfs/small tools/mkrootfs
	$(Q)tools/mkrootfs $< $@ /data
$(BUILD)/test-rootfs/small-cut.cpio: $(BUILD)/test-rootfs/small.cpio
	$(Q)head -c 500000 $< >$@
$(BUILD)/test-rootfs/not-cpio.cpio:
	$(Q)mkdir -p $(dir $@) && printf 'this is not a cpio archive\n%.0s' 1 2 3 4 5 6 7 8 >$@
$(BUILD)/test-rootfs/too-big.cpio: tools/mkrootfs
	$(Q)rm -rf $@.d && mkdir -p $@.d && head -c 24M /dev/zero >$@.d/big && tools/mkrootfs $@.d $@ && rm -rf $@.d

test: setup
	$(Q)T="$(T)" ONLY="$(ONLY)" MAKE="$(MAKE)" tests/run

# Each harness for FUZZ_SECONDS from its kept corpus, which gains the inputs
# that found new coverage (tests/fuzz/run).
FUZZ_SECONDS ?= 60
fuzz: setup
	$(Q)FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run $(F)

bench: setup newlib all
	$(Q)bench/boot
	$(Q)bench/efi
	$(Q)bench/threads/run
	$(Q)bench/net/run
	$(Q)bench/files/run
	$(Q)bench/xen/run

clean:
	rm -rf $(BUILD)/obj $(BUILD)/app $(BUILD)/*.elf $(BUILD)/*.efi $(BUILD)/*.xl $(BUILD)/*.libvirt*.xml
