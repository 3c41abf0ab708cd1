# perturbation: relative accuracy, (acc − 0.5)/(baseline − 0.5), after random perturbations of size ε
# of the recurrent weights W^R (top) and of the timescales τ (bottom), single- vs multi-head.
# One line per network: mean over trials, band: ± std over trials. Dashed: chance (0). ε = 0 (the
# unperturbed network, 1 by definition) is left out of the log ε axis; the table keeps it. Beside
# each panel: mean relative accuracy per curriculum and p of single vs multi per ε (two-sided
# exact Mann–Whitney test across networks, each its mean over trials); * in the plot where p < 0.05.
# Tables (Sources/Figures/Perturbation.swift): <panel>-single, <panel>-multi, <panel>-pvalues.

figw = 10.5; figh = 0.55 + 3.7 * npanels + 0.3
load 'figures/style.gp'

# Columns. <panel>-<curriculum>: ε, mean, std. <panel>-pvalues: ε, …, mark (9), the printed texts (10–13).
EPS = 1; MEAN = 2; STD = 3
P_EPS = 1; P_MARK = 9; P_EPS_TEXT = 10; P_SINGLE_TEXT = 11; P_MULTI_TEXT = 12; P_TEXT = 13

top = 0.5 / figh                   # the title's share of the height
rowh = (1 - top - footer_h) / npanels
split = 0.66                       # plots left of it, tables right

set multiplot title "Robustness to random perturbations of size ε" font fontsize(1.2)
i = 0
do for [id in panels] {
  y0 = 1 - top - (i + 1) * rowh
  i = i + 1

  # --- the plot ---
  set origin 0, y0
  set size split, rowh
  set lmargin 9; set rmargin 2; set tmargin 2; set bmargin 3.5
  set title value('title_'.id)
  set xlabel 'perturbation size ε (log scale; ε = 0 not drawn)' offset 0, 0.3
  set ylabel 'relative accuracy'
  set grid xtics ytics
  if (!value('has_'.id)) { @nodata } else {
    set logscale x
    set format x '10^{%L}'
    set xrange [value('xmin_'.id) : value('xmax_'.id)]
    set yrange [rel_lo : rel_hi]
    set y2range [0:1]
    unset y2tics
    keyfont = fontsize(0.85)
    set key bottom left Left reverse font keyfont samplen 4
    plot table(id.'-single') using EPS:(column(MEAN) - column(STD)):(column(MEAN) + column(STD)) with filledcurves ls 1 fs transparent solid 0.15 notitle, \
         table(id.'-multi')  using EPS:(column(MEAN) - column(STD)):(column(MEAN) + column(STD)) with filledcurves ls 2 fs transparent solid 0.15 notitle, \
         table(id.'-single') using EPS:MEAN with linespoints ls 1 lw 1.5 ps 0.45 title 'single-head networks', \
         table(id.'-multi')  using EPS:MEAN with linespoints ls 2 lw 1.5 ps 0.45 title 'multi-head networks', \
         0 with lines ls 3 title 'chance', \
         table(id.'-pvalues') using (column(P_EPS) > 0 ? column(P_EPS) : NaN):(0.96):(strcol(P_MARK) eq '*' ? '*' : '') \
           axes x1y2 with labels font fontsize(1.3) notitle, \
         keyentry with points pt '*' ps 1.2 lc rgb c_grey1 title 'p < 0.05'
    unset logscale x
    set format x '% h'
  }

  # --- the table beside it ---
  set origin split, y0
  set size 1 - split, rowh
  set lmargin 1; set rmargin 1; set tmargin 2; set bmargin 3.5
  n = value('nrows_'.id)
  unset xlabel; unset ylabel
  unset border; unset xtics; unset ytics; unset grid; unset key
  set title 'mean relative accuracy; p: single vs multi' font fontsize(0.85)
  set xrange [0 : 4]
  set yrange [(n > 14 ? n : 14) - 0.4 : -1.6]      # rows keep their spacing however few
  unset arrow
  set arrow 1 from graph 0, first -0.55 to graph 1, first -0.55 nohead lc rgb c_grey3 lw 0.8
  set label 1 'ε'           at first 0.35, first -1 center font fontsize(0.85)
  set label 2 'single-head' at first 1.4, first -1 center font fontsize(0.85) tc rgb c_single
  set label 3 'multi-head'  at first 2.4, first -1 center font fontsize(0.85) tc rgb c_multi
  set label 4 'p'           at first 3.4, first -1 center font fontsize(0.85)
  fs = 0.75
  if (n > 0) {
    plot table(id.'-pvalues') using (0.35):0:(strcol(P_EPS_TEXT)) with labels center font fontsize(fs), \
         table(id.'-pvalues') using (1.4):0:(strcol(P_SINGLE_TEXT)) with labels center font fontsize(fs), \
         table(id.'-pvalues') using (2.4):0:(strcol(P_MULTI_TEXT)) with labels center font fontsize(fs), \
         table(id.'-pvalues') using (3.4):0:(strcol(P_TEXT)) with labels center font fontsize(fs)
  } else {
    set label 5 'no data' at graph 0.5, graph 0.5 center tc rgb c_grey2
    plot NaN notitle
    unset label 5
  }
  unset label 1; unset label 2; unset label 3; unset label 4; unset arrow 1
  set border 3; set grid; set key; set title font fontsize(1)
  set xtics nomirror out scale 0.6 textcolor rgb c_grey1 autofreq
  set ytics nomirror out scale 0.6 textcolor rgb c_grey1 autofreq
}
@drawfooter
unset multiplot
