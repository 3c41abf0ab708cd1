# training-speed: how fast each curriculum climbs. Top: the largest N reached against the epoch,
# one line per network, single- vs multi-head, parity and DMS, with the epochs each needed for the
# largest N all of them reached (p: two-sided exact Mann–Whitney test); dotted: the highest level trained (a ceiling of
# the profile). Bottom, when no-curriculum runs are given:
# their test accuracy against the epoch, one grey per N (a line per network).
# Tables (Sources/Figures/TrainingSpeed.swift): <task>-single, <task>-multi, none-<task>-N<n>.

figw = 9; figh = (has_none ? 7 : 3.8) + 0.3; rows = (has_none ? 2 : 1)
load 'figures/style.gp'

# Columns of <task>-<curriculum>: epoch, largest N reached so far. Of none-<task>-N<n>: epoch, accuracy.
EPOCH = 1; N_REACHED = 2; ACCURACY = 2

tasks = "parity dms"
task_title(t) = (t eq 'parity') ? 'N-parity' : 'N-DMS'
has(t) = value('has_'.t)

set multiplot layout (has_none ? 2 : 1), 2 title "Training speed" font fontsize(1.2) @footerspace
set xlabel 'epoch'

do for [t in tasks] {
  set title task_title(t).': curricula'
  set ylabel 'largest N reached'
  if (!has(t)) { @nodata } else {
    # The epochs each curriculum needed (and p) go under the panel title.
    set title task_title(t).': curricula'.(strlen(value('label_'.t)) > 0 ? "\n{/*0.8 ".value('label_'.t).'}' : '')
    set ytics tickstep(value('nmax_'.t))
    set yrange [* : value('nmax_'.t) + 0.3]   # the top level stays off the frame
    set key bottom right
    plot table(t.'-single') using EPOCH:N_REACHED with steps ls 1 title 'single-head', \
         table(t.'-multi')  using EPOCH:N_REACHED with steps ls 2 title 'multi-head', \
         value('ceiling_'.t) with lines ls 3 dt 3 title 'highest level trained'
    set ytics autofreq
    set yrange [*:*]
  }
}

if (has_none) {
  set yrange [0.4:1.04]
  set key bottom right
  do for [t in tasks] {
    set title task_title(t).': no curriculum'
    set ylabel 'test accuracy'
    if (!value('has_none_'.t)) { @nodata } else {
      ns = value('none_ns_'.t)
      plot for [i = 1:words(ns)] table('none-'.t.'-N'.word(ns, i)) using EPOCH:ACCURACY \
             with lines lw 2 lc rgb grey(i - 1) title 'N = '.word(ns, i), \
           0.5 with lines ls 3 title 'chance', \
           0.98 with lines ls 3 dt 3 title 'threshold'
    }
  }
}
@drawfooter
unset multiplot
