# Xen's PV control interface: the control guest (tests/guest/control),
# asleep, is asked to stop by dom0. ACTION: poweroff (xl shutdown), reboot
# (xl reboot), or bogus: requests it must acknowledge and ignore ("bogus",
# "suspend", an over-long value) and survive, then obey xl shutdown.
wait_console '^control: waiting for dom0$' 30 || exit 1
node=/local/domain/$(xl domid "$GUEST")/control/shutdown
flags() { xl list -v "$GUEST" | awk 'NR == 2 { print $5, $8 }'; } # state flags, reason code
# stopped_with CODE: shut down with that reason (0 poweroff, 1 reboot) within 20 s
stopped_with() {
	n=100
	while [ $n -gt 0 ]; do
		case $(flags) in ???s??*" $1") return 0 ;; esac
		usleep 200000
		n=$((n - 1))
	done
	echo "flags and reason after 20 s: $(flags)"
	return 1
}
running() { case $(flags) in ???s??* | ????c?*) return 1 ;; esac; }
# feature-poweroff: the guest's control thread is up (it runs once main sleeps)
advertised() {
	n=50
	while [ $n -gt 0 ]; do
		[ "$(xenstore-read "${node%/*}/feature-poweroff" 2>/dev/null)" = 1 ] &&
			[ "$(xenstore-read "${node%/*}/feature-reboot" 2>/dev/null)" = 1 ] && return 0
		usleep 200000
		n=$((n - 1))
	done
	return 1
}
acked() { [ -z "$(xenstore-read "$node")" ]; }
check "feature-poweroff and feature-reboot advertised" advertised

if [ "$ACTION" = bogus ]; then
	long=$(awk 'BEGIN { while (n++ < 100) printf "x" }')
	for v in bogus suspend "$long"; do
		xenstore-write "$node" "$v"
		case $v in
		x*) check "over-long request reported" wait_console 'ignoring an over-long shutdown request' 10 ;;
		*) check "request '$v' reported" wait_console "^amphi: ignoring shutdown request '$v' from Xen" 10 ;;
		esac
		check "request acknowledged (emptied)" acked
		check "guest still running" running
	done
	ACTION=poweroff
fi
case $ACTION in
poweroff)
	check "xl shutdown acknowledged" timeout 20 xl shutdown "$GUEST"
	check "powered off" stopped_with 0 ;;
reboot)
	check "xl reboot acknowledged" timeout 20 xl reboot "$GUEST"
	check "rebooted" stopped_with 1 ;;
esac
exit 0
