# The idle app asleep (ARGS: its seconds, at least 6) must leave the CPU
# alone: its domain's CPU time (xl list, 0.1 s steps) may grow by at most
# 10% of 3 s of wall time in the middle of its sleep. A guest that polls
# instead of blocking (SCHEDOP_block / hlt) burns the whole 3 s.
cpu() { xl list "$GUEST" | awk 'NR == 2 { print $6 }'; }
usleep 1500000
c0=$(cpu) t0=$(awk '{ print $1 }' /proc/uptime)
sleep 3
c1=$(cpu) t1=$(awk '{ print $1 }' /proc/uptime)
pct=$(awk -v a="$c0" -v b="$c1" -v s="$t0" -v e="$t1" 'BEGIN { printf("%.1f", 100 * (b - a) / (e - s)) }')
echo "guest CPU time $c0 s -> $c1 s over $t0 -> $t1 s of dom0 uptime: $pct% of a CPU"
check "under 10% of a CPU while asleep" awk -v p="$pct" 'BEGIN { exit !(p < 10) }'
check "the guest finished its sleep" wait_console '^idle: (slept|threads blocked) for [0-9]+ ms$' 20
exit 0
