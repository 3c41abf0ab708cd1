# multi-objective: networks trained from the first epoch with one head for every N = 2 … N_target
# (all in the loss, no curriculum, no head added later), one row per task. Left: test accuracy of
# each head against the epoch (mean over networks; colour: the head's N). Right: the epoch at which
# each head first passed 98 % (dots: networks; line: their mean; n = k: only k networks' head passed
# within the budget), beside the epoch at which the multi-head curriculum passed level N — if the
# heads pass in order of N, a curriculum emerges without being imposed.
# Tables (Sources/Figures/MultiObjective.swift): <task>-heads, <task>-first-pass, <task>-first-pass-mean, <task>-curriculum.

rows = words(tasks)
figw = 11; figh = 0.6 + 3.8 * rows + 0.3
load 'figures/style.gp'

# <task>-heads: epoch, then the mean accuracy of head N = 2, 3, … (one column each).
EPOCH = 1
# <task>-first-pass: x (N, spread by seed), epoch, N, seed. <task>-first-pass-mean: N, networks, n label, mean, sd.
FP_X = 1; FP_EPOCH = 2
FM_N = 1; FM_LABEL = 3; FM_MEAN = 4
# <task>-curriculum: N, networks, n label, mean epoch, sd.
C_N = 1; C_MEAN = 4; C_SD = 5
task_title(t) = (t eq 'parity') ? 'N-parity' : 'N-DMS'

set multiplot layout rows, 2 title "Multi-objective training: every head from the start" font fontsize(1.2) @footerspace
set palette defined (0 '#F2C14E', 0.5 '#C0504D', 1 '#3A1F5D')
do for [t in tasks] {
  ns = value('ns_'.t)
  set title task_title(t).': test accuracy of each head'
  set xlabel 'epoch'
  set ylabel 'test accuracy'
  set yrange [0.4 : 1.02]
  set cbrange [word(ns, 1) : word(ns, words(ns))]
  set cblabel 'N of the head'
  set colorbox vertical user origin graph 1.03, graph 0.1 size graph 0.03, graph 0.8
  set rmargin 11                     # room for the colour box and its label
  set style fill solid 1 noborder    # the colour box is drawn with the fill style
  set cbtics tickstep(word(ns, words(ns)) - word(ns, 1))
  set key bottom right
  plot for [i = 1:words(ns)] table(t.'-heads') using EPOCH:(column(i + 1)):(real(word(ns, i))) with lines lw 1.5 lc palette notitle, \
       0.98 with lines ls 3 dt 3 title 'threshold 98 %', \
       0.5 with lines ls 3 title 'chance'
  unset colorbox
  set rmargin -1
  set style fill transparent solid 0.25 noborder
  set yrange [*:*]

  set title task_title(t).': epoch each head first passed 98 %'
  set xlabel 'N'
  set ylabel 'epoch'
  set xrange [word(ns, 1) - 0.5 : word(ns, words(ns)) + 0.5]
  set xtics tickstep(word(ns, words(ns)) - word(ns, 1))
  set key top left
  set offsets 0, 0, graph 0.1, graph 0.02
  plot table(t.'-first-pass') using FP_X:FP_EPOCH with points pt 6 ps 0.8 lc rgb c_grey2 title 'a network, multi-objective', \
       table(t.'-first-pass-mean') using FM_N:FM_MEAN with linespoints lc rgb c_grey1 lw 2 pt 7 ps 0.6 title 'mean, multi-objective', \
       table(t.'-first-pass-mean') using FM_N:FM_MEAN:(strcol(FM_LABEL) eq '-' ? '' : strcol(FM_LABEL)) with labels left offset 0.8, -0.6 font fontsize(0.7) notitle, \
       table(t.'-curriculum') using C_N:(column(C_MEAN) - column(C_SD)):(column(C_MEAN) + column(C_SD)) with filledcurves ls 2 notitle, \
       table(t.'-curriculum') using C_N:C_MEAN with linespoints ls 2 title 'multi-head curriculum: level N passed'
  set offsets 0, 0, 0, 0
  set xrange [*:*]
  set xtics autofreq
}
@drawfooter
unset multiplot
