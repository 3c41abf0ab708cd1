# retraining: networks trained to level L under either curriculum, retrained single-head on
# N′ = L, L+1, … for a fixed number of epochs. Left: last-epoch accuracy; right: relative to
# N′ = L, (acc(N′) − 0.5)/(acc(L) − 0.5). Thin lines: networks; thick: mean per curriculum.
# Below each: p of single vs multi per N′ (two-sided exact Mann–Whitney test across networks; log
# scale, dashed at 0.05; p < 10^-4 is a ▼ at the bottom edge; none at N′ = L for the relative accuracy).
# Tables (Sources/Figures/Retraining.swift): <panel>-single, <panel>-multi, <panel>-means.

figw = 10; figh = 0.55 + 4.6 * npanels + 0.3
load 'figures/style.gp'

# Columns. <panel>-<curriculum>: N′, accuracy, relative. <panel>-means: N′, single acc/sd/rel/sd/count,
# multi acc/sd/rel/sd/count, p_acc, p_rel.
NP = 1; ACC = 2; REL = 3
M_S_ACC = 2; M_S_REL = 4; M_M_ACC = 7; M_M_REL = 9; M_P_ACC = 12; M_P_REL = 13

top = 0.5 / figh
rowh = (1 - top - footer_h) / npanels
strip = 0.3                        # the p strip's share of a row
pmin = 1e-4                        # the p axis' bottom: smaller p are drawn there (▼)
clip(c) = (column(c) != column(c)) ? NaN : ((column(c) > pmin) ? column(c) : pmin)   # NaN stays a gap

set multiplot title "Retraining single-head on larger N′" font fontsize(1.2)
i = 0
do for [id in panels] {
  y0 = 1 - top - (i + 1) * rowh
  i = i + 1
  lo = value('nmin_'.id); hi = value('nmax_'.id)
  set xrange [lo - 0.3 : hi + 0.3]
  set xtics tickstep(hi - lo)
  do for [col = 0:1] {
    # --- accuracy (col 0) or relative accuracy (col 1) ---
    set origin 0.5 * col, y0 + strip * rowh
    set size 0.5, (1 - strip) * rowh
    set lmargin 9; set rmargin 2; set tmargin 2.2; set bmargin 0.8
    set format x ''
    unset xlabel
    set title value('title_'.id).((col == 0) ? ': accuracy' : ': relative to N′ = L')
    set ylabel (col == 0) ? 'last-epoch accuracy' : 'relative accuracy'
    if (!value('has_'.id)) { @nodata } else {
      if (col == 0) { set yrange [acc_lo : acc_hi] } else { set yrange [rel_lo : rel_hi] }
      keyfont = fontsize(0.8)
      set key bottom left Left reverse font keyfont samplen 4
      if (col == 1) { unset key }
      v = (col == 0) ? ACC : REL
      ms = (col == 0) ? M_S_ACC : M_S_REL
      mm = (col == 0) ? M_M_ACC : M_M_REL
      plot table(id.'-single') using NP:v with lines lc rgb c_single lw 0.8 title 'single-head network', \
           table(id.'-multi')  using NP:v with lines lc rgb c_multi  lw 0.8 title 'multi-head network', \
           table(id.'-means')  using NP:ms with linespoints ls 1 lw 3.5 ps 0.8 title 'single-head mean', \
           table(id.'-means')  using NP:mm with linespoints ls 2 lw 3.5 ps 0.8 title 'multi-head mean', \
           ((col == 0) ? 0.5 : 0) with lines ls 3 title 'chance'
    }
    set format x '% h'

    # --- p strip ---
    set origin 0.5 * col, y0
    set size 0.5, strip * rowh
    set tmargin 0.3; set bmargin 3.3
    unset title
    set xlabel 'N′ (task size retrained)' offset 0, 0.3
    set ylabel 'p' offset 1, 0
    if (!value('has_'.id)) { @nodata } else {
      set logscale y
      set yrange [pmin / 3 : 2]
      pfont = fontsize(0.8)
      set ytics ('10^{-4}' 1e-4, '10^{-3}' 1e-3, '0.01' 0.01, '0.1' 0.1, '1' 1) font pfont
      unset mytics
      unset key
      pc = (col == 0) ? M_P_ACC : M_P_REL
      set label 20 'p = 0.05' at graph 1, first 0.05 right offset -0.3, 0.5 font fontsize(0.7) tc rgb c_grey2
      set label 21 'p: single vs multi, two-sided Mann–Whitney (▼: p < 10^{-4})' at graph 0.01, graph 0.92 left font fontsize(0.7) tc rgb c_grey2
      if (value('np_'.id.((col == 0) ? '_acc' : '_rel')) > 0) {
        plot table(id.'-means') using NP:(clip(pc)):(column(pc) > pmin ? 7 : 11) with linespoints pt variable ps 0.7 lc rgb c_grey1 lw 1 notitle, \
             0.05 with lines ls 3 notitle
      } else {
        set label 22 'no p-value (too few networks, or no spread)' at graph 0.5, graph 0.5 center font fontsize(0.75) tc rgb c_grey2
        plot 0.05 with lines ls 3 notitle
        unset label 22
      }
      unset logscale y
      basefont = fontsize(1)
      set ytics autofreq font basefont
      unset label 21
      unset label 20
    }
  }
}
@drawfooter
unset multiplot
