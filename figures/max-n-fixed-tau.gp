# max-n-fixed-tau: the largest N each network reached, with trained τ and with each fixed τ,
# single- vs multi-head (dots: networks; bar: mean, whiskers: ± std across networks), one panel per
# task trained with a fixed τ. Above each fixed τ: p of trained vs that fixed τ within each curriculum
# (in its colour; two-sided exact Mann–Whitney test). Dotted: the highest level trained — networks there
# passed every level they were given (a ceiling of the profile).
# Tables (Sources/Figures/MaxNFixedTau.swift): <task>-points, <task>-means, <task>-categories, <task>-pvalues.

npanels = words(tasks)
figw = 1 + 4.5 * npanels; figh = 4.4 + 0.3; rows = 1
load 'figures/style.gp'

# Columns. <task>-points: x, largest N, curriculum. <task>-means: x, mean, std, networks, curriculum.
# <task>-pvalues (per fixed τ and curriculum): x, label height, p label, p, curriculum.
PT_X = 1; PT_N = 2; PT_CURR = 3
M_X = 1; M_MEAN = 2; M_STD = 3; M_CURR = 5
P_X = 1; P_Y = 2; P_LABEL = 3; P_CURR = 5

task_title(t) = (t eq 'parity') ? 'N-parity' : 'N-DMS'
only(c, col, curr) = (strcol(c) eq curr) ? column(col) : NaN   # a value of one curriculum's rows
onlytext(c, col, curr) = (strcol(c) eq curr) ? strcol(col) : ''

set multiplot layout 1, npanels title "Largest N reached: trained vs fixed τ" font fontsize(1.2) @footerspace
set grid noxtics ytics
set ylabel 'largest N reached'
set yrange [ymin : ymax]
set ytics tickstep(ceiling - ymin)
set key below

do for [t in tasks] {
  set title task_title(t)."\n{/*0.75 p: trained vs fixed τ within each curriculum, two-sided}"
  n = value('ncategories_'.t)
  pad = (n < 4) ? (4 - n) / 2.0 : 0         # as wide as four τ modes, so dots and bars keep their size
  set xrange [-0.6 - pad : n - 0.4 + pad]
  eval 'set xtics scale 0 '.value('xtics_'.t)
  set label 2 'highest level trained' at graph 0.99, first ceiling right offset 0, -0.7 font fontsize(0.75) tc rgb c_grey2
  plot table(t.'-means') using M_X:(only(M_CURR, M_MEAN, 'single')):(only(M_CURR, M_STD, 'single')) with yerrorbars ls 1 pt -1 notitle, \
       table(t.'-means') using M_X:(only(M_CURR, M_MEAN, 'multi')):(only(M_CURR, M_STD, 'multi')) with yerrorbars ls 2 pt -1 notitle, \
       table(t.'-means') using ($1 - 0.14):(only(M_CURR, M_MEAN, 'single')):(0.28):(0) with vectors nohead ls 1 lw 3 notitle, \
       table(t.'-means') using ($1 - 0.14):(only(M_CURR, M_MEAN, 'multi')):(0.28):(0) with vectors nohead ls 2 lw 3 notitle, \
       table(t.'-points') using PT_X:(only(PT_CURR, PT_N, 'single')) with points ls 1 pt 7 ps 0.8 title 'single-head', \
       table(t.'-points') using PT_X:(only(PT_CURR, PT_N, 'multi')) with points ls 2 pt 5 ps 0.8 title 'multi-head', \
       table(t.'-pvalues') using P_X:P_Y:(onlytext(P_CURR, P_LABEL, 'single')) with labels font fontsize(0.7) tc ls 1 notitle, \
       table(t.'-pvalues') using P_X:P_Y:(onlytext(P_CURR, P_LABEL, 'multi')) with labels offset 0, -1.1 font fontsize(0.7) tc ls 2 notitle, \
       ceiling with lines ls 3 dt 3 notitle
  unset label 2
}
@drawfooter
unset multiplot
