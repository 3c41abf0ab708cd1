# ablation: accuracy after removing one of the K fastest or one of the K slowest neurons (by τ),
# one at a time, single- vs multi-head, at each level given (columns). Top row: raw streaming
# accuracy; bottom row: relative to the unablated network, (acc − 0.5)/(baseline − 0.5).
# Bars: mean over networks (each network: mean over its ablated neurons and trials), whiskers:
# ± std across networks, dots: networks. Tick labels: the mean τ of the ablated group. Grey
# segments (top row): the unablated accuracy. p: fast vs slow, two-sided paired t-test across networks.
# Tables (Sources/Figures/Ablation.swift): <panel>-bars, <panel>-points, <panel>-pairs.

figw = 1.3 + 4.2 * npanels; figh = 8 + 0.3; rows = 2
load 'figures/style.gp'

# Columns. <panel>-bars: x, curriculum, group, acc mean/std, rel mean/std, networks, τ mean, τ label.
B_X = 1; B_CURR = 2; B_GROUP = 3; B_ACC = 4; B_ACC_SD = 5; B_REL = 6; B_REL_SD = 7; B_TAU_LABEL = 10
# <panel>-points: x, acc, rel, curriculum. <panel>-pairs: x, x_left, x_right, curriculum, baseline, …, labels.
PT_X = 1; PT_ACC = 2; PT_REL = 3; PT_CURR = 4
PR_X = 1; PR_XL = 2; PR_XR = 3; PR_CURR = 4; PR_BASE = 5; PR_LABEL_RAW = 8; PR_LABEL_REL = 9

only(c, col, curr) = (strcol(c) eq curr) ? column(col) : NaN   # a value of one curriculum's rows

set multiplot layout 2, npanels title "Ablating single neurons: the fastest vs the slowest τ" font fontsize(1.2) \
    margins 0.09, 0.98, 0.17 + footer_h, 0.91 spacing 0.07, 0.15
bw = 0.39                          # half a bar's width
set xrange [-0.7 : 4.2]
set grid noxtics ytics
set y2range [0:1]
unset y2tics
tickfont = fontsize(0.85)
set xtics scale 0 font tickfont
# One key for the whole figure, under it, with a line saying what bars, dots and p are.
keyfont = fontsize(0.85)
set key at screen 0.5, screen 0.075 + footer_h center center horizontal maxrows 1 Left reverse font keyfont samplen 4 width 0 nobox
set label 30 'bars: mean over networks (each network: mean over its ablated neurons and trials), drawn from chance; whiskers: ± std across networks' \
  at screen 0.5, screen 0.04 + footer_h center font fontsize(0.75) tc rgb c_grey2
set label 31 'τ̄: mean τ of the ablated neurons; p: fast vs slow, two-sided paired t-test across networks' \
  at screen 0.5, screen 0.015 + footer_h center font fontsize(0.75) tc rgb c_grey2

k = 0
do for [row = 1:2] {
  m = (row == 1) ? B_ACC : B_REL
  s = (row == 1) ? B_ACC_SD : B_REL_SD
  pt = (row == 1) ? PT_ACC : PT_REL
  lab = (row == 1) ? PR_LABEL_RAW : PR_LABEL_REL
  chance = (row == 1) ? 0.5 : 0
  set ylabel (row == 1) ? 'accuracy after ablation' : 'relative accuracy'
  if (row == 1) { set yrange [raw_lo : raw_hi] } else { set yrange [rel_lo : rel_hi] }
  do for [id in panels] {
    k = k + 1
    if (k > 1) { unset key }
    set title value('title_'.id)
    if (!value('has_'.id)) { @nodata } else {
      set label 11 'single-head' at first 0.5, graph -0.21 center tc rgb c_single font fontsize(0.9)
      set label 12 'multi-head'  at first 3.0, graph -0.21 center tc rgb c_multi font fontsize(0.9)
      plot table(id.'-bars') using B_X:(only(B_CURR, m, 'single')):(column(B_X) - bw):(column(B_X) + bw):(chance):(only(B_CURR, m, 'single')) \
             with boxxyerror ls 1 fs transparent solid 0.35 border lc rgb c_single notitle, \
           table(id.'-bars') using B_X:(only(B_CURR, m, 'multi')):(column(B_X) - bw):(column(B_X) + bw):(chance):(only(B_CURR, m, 'multi')) \
             with boxxyerror ls 2 fs transparent solid 0.35 border lc rgb c_multi notitle, \
           table(id.'-bars') using B_X:(column(m) - column(s)):(0):(2 * column(s)) with vectors nohead lc rgb c_grey1 lw 1 notitle, \
           for [sgn = -1:1:2] table(id.'-bars') using (column(B_X) - 0.06):(column(m) + sgn * column(s)):(0.12):(0) \
             with vectors nohead lc rgb c_grey1 lw 1 notitle, \
           table(id.'-points') using PT_X:pt with points pt 7 ps 0.7 lc rgb c_grey1 title 'network', \
           table(id.'-pairs') using PR_XL:((row == 1 || column(PR_BASE) != column(PR_BASE)) ? column(PR_BASE) : 1):(column(PR_XR) - column(PR_XL)):(0) \
             with vectors nohead lc rgb c_grey1 lw 1.5 dt 2 title 'unablated', \
           chance with lines ls 3 title 'chance', \
           table(id.'-pairs') using PR_X:(0.95):(strcol(lab)) axes x1y2 with labels font fontsize(0.85) tc rgb c_grey1 notitle, \
           table(id.'-bars') using B_X:(-1e9):xticlabels(strcol(B_GROUP)."\n".strcol(B_TAU_LABEL)) with points ps 0 notitle
      unset label 11
      unset label 12
    }
  }
}
@drawfooter
unset multiplot
