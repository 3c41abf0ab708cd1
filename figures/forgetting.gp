# forgetting: after training to N_max, accuracy on each earlier N′. Single-head networks answer every
# N′ with their one head; multi-head networks keep a head per N′ (head k on N′ = k + 2). Thin lines:
# networks; thick: mean per curriculum; dashed: chance (0.5). Below each panel: p of single vs multi
# per N′ (two-sided exact Mann–Whitney test across networks; log scale, dashed at 0.05; p < 10^-4 is a
# ▼ at the bottom edge). Networks that never reached N_max are left out (the stage log names them).
# Tables (Sources/Figures/Forgetting.swift): <task>-single, <task>-multi, <task>-means.

figw = 6.2 * npanels; figh = 5.9
load 'figures/style.gp'

# Columns. <task>-<curriculum>: N′, accuracy, seed, head, N_max. <task>-means: N′, single mean/sd/count,
# multi mean/sd/count, p.
NP = 1; ACC = 2
M_S = 2; M_M = 5; M_P = 8

top = 0.85 / figh                  # the title and, under it, the one key of the figure
colw = 1.0 / npanels
strip = 0.28                       # the p strip's share of the height
pmin = 1e-4                        # the p axis' bottom: smaller p are drawn there (▼)
clip(c) = (column(c) != column(c)) ? NaN : ((column(c) > pmin) ? column(c) : pmin)   # NaN stays a gap

set multiplot title "Forgetting: accuracy on earlier N′ after training to N_{max}" font fontsize(1.2)
i = 0
do for [id in tasks] {
  x0 = i * colw
  i = i + 1
  lo = value('nmin_'.id); hi = value('nmax_'.id)
  set xrange [lo - 0.3 : hi + 0.3]
  set xtics tickstep(hi - lo)

  # --- accuracy ---
  set origin x0, footer_h + strip
  set size colw, 1 - strip - top - footer_h
  set lmargin 9; set rmargin 2; set tmargin 2.2; set bmargin 0.8
  set format x ''
  unset xlabel
  set title value('title_'.id)
  set ylabel 'accuracy on N′'
  if (!value('has_'.id)) { @nodata } else {
    set yrange [acc_lo : acc_hi]
    keyfont = fontsize(0.8)
    set key horizontal maxrows 1 at screen 0.5, screen 1 - 0.45 / figh center top Left reverse font keyfont samplen 4 width 1
    if (i > 1) { unset key }   # one key for the whole figure, under its title
    # Only the curricula with a network (gnuplot warns about a table with no valid point); eval, not a
    # macro: a macro in a loop is expanded once, before the loop runs.
    curves = ''
    if (value('has_'.id.'_single')) {
      curves = curves . "table(id.'-single') using NP:ACC with lines lc rgb c_single lw 0.8 title 'single-head network (its one head)', " \
                      . "table(id.'-means') using NP:M_S with linespoints ls 1 lw 3.5 ps 0.8 title 'single-head mean', "
    }
    if (value('has_'.id.'_multi')) {
      curves = curves . "table(id.'-multi') using NP:ACC with lines lc rgb c_multi lw 0.8 title 'multi-head network (head per N′)', " \
                      . "table(id.'-means') using NP:M_M with linespoints ls 2 lw 3.5 ps 0.8 title 'multi-head mean', "
    }
    eval 'plot ' . curves . "0.5 with lines ls 3 title 'chance'"
  }
  set format x '% h'

  # --- p strip ---
  set origin x0, footer_h
  set size colw, strip
  set tmargin 0.3; set bmargin 3.3
  unset title
  set xlabel 'N′ (task size tested)' offset 0, 0.3
  set ylabel 'p' offset 1, 0
  if (!value('has_'.id)) { @nodata } else {
    set logscale y
    set yrange [pmin / 3 : 2]
    pfont = fontsize(0.8)
    set ytics ('10^{-4}' 1e-4, '10^{-3}' 1e-3, '0.01' 0.01, '0.1' 0.1, '1' 1) font pfont
    unset mytics
    unset key
    set label 20 'p = 0.05' at graph 1, first 0.05 right offset -0.3, 0.5 font fontsize(0.7) tc rgb c_grey2
    set label 21 'p: single vs multi, two-sided Mann–Whitney (▼: p < 10^{-4})' at graph 0.01, graph 0.92 left font fontsize(0.7) tc rgb c_grey2
    if (value('np_'.id) > 0) {
      plot table(id.'-means') using NP:(clip(M_P)):(column(M_P) > pmin ? 7 : 11) with linespoints pt variable ps 0.7 lc rgb c_grey1 lw 1 notitle, \
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
@drawfooter
unset multiplot
