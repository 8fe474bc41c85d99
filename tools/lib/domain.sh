# Shared by tools/mkxl and tools/mklibvirt (sourced): what a hypervisor's
# domain description needs to know about an Amphi image.

# domain_mib SIZE — SIZE (64M, 1G, 512K, or a MiB count) in MiB; fails on garbage.
domain_mib() {
	local mem=$1 mib
	case $mem in
	*[Gg]) mib=$((${mem%[Gg]} * 1024)) ;;
	*[Mm]) mib=${mem%[Mm]} ;;
	*[Kk]) mib=$(((${mem%[Kk]} + 1023) / 1024)) ;;
	*) mib=$mem ;;
	esac 2>/dev/null
	[[ $mib =~ ^[0-9]+$ ]] && [ "$mib" -gt 0 ] && echo "$mib"
}

# domain_uses_network IMAGE — yes when the image has lwIP's network interface
# code (an app that never opens a socket carries none of it: --gc-sections).
# (grep -c reads all of nm's output: with -q, nm could die of SIGPIPE and
# pipefail would turn the match into a failure)
domain_uses_network() {
	if [ "$(nm "$1" 2>/dev/null | grep -Ec ' (netif_add|lwip_socket)$')" -gt 0 ]; then echo yes; else echo no; fi
}

# domain_cmdline OPTS ARGS — Amphi's command line: "OPTS -- ARGS".
domain_cmdline() {
	local cmdline=$1
	[ -n "$2" ] && cmdline="${cmdline:+$cmdline }-- $2"
	printf '%s' "$cmdline"
}

# domain_name NAME — fails unless NAME is a safe domain name.
domain_name_ok() { [[ $1 =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]]; }
