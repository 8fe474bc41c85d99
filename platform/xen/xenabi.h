/* Xen's public ABI, from the host's libxen-dev headers (the Makefile puts
 * them on the include path). The interface version selects the current
 * layouts; Xen keeps older ones working, so a newer hypervisor is fine. */
#ifndef AMPHI_XEN_XENABI_H
#define AMPHI_XEN_XENABI_H

#define __XEN_INTERFACE_VERSION__ 0x00040e00

#include <stdint.h>

#include <xen/xen.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/memory.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include <xen/callback.h>
#include <xen/elfnote.h>
#include <xen/version.h>
#include <xen/io/console.h>
#include <xen/io/xs_wire.h>

#endif
