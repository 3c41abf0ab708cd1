# continuous-time: networks trained with every digit held for k steps (Δt = 1/k, "mod" form,
# τ̃ = max(τ·k, 1); SPEC §1.1). Left: mean trained τ vs N, single vs multi (band ± std across
# networks; *: p < 0.05). Middle, right: accuracy vs Δt (log x) of the head that answers N, one line
# per level N (mean over networks), single- and multi-head; grey band: the Δt the networks were trained
# with; dashed: chance.
# Tables (Sources/Figures/ContinuousTime.swift): tau-single, tau-multi, tau-pvalues, accuracy-<curriculum>.

figw = 15; figh = 5.2 + 0.3; rows = 1
load 'figures/style.gp'

# Columns. tau-<curriculum>: N, mean and std across networks of the per-network mean τ.
N = 1; MEAN_MEAN = 2; STD_MEAN = 3
P_N = 1; P_MARK_MEAN = 6
# accuracy-<curriculum>: k, Δt, then per level (in levels_<curriculum> order) mean and sd.
DT = 2
acc_col(j) = 3 + 2 * (j - 1)

# Line colours for the levels: light (small N) to dark (large N), in the curriculum's hue.
set palette defined (0 '#F2C94C', 0.5 '#D46A6A', 1 '#3B2C85')
unset colorbox
shade(j, n) = (n <= 1) ? 1 : (j - 1.0) / (n - 1.0)

set multiplot layout 1, 3 title 'Continuous-time networks, '.task_title font fontsize(1.2) @footerspace

# --- τ vs N ---
set title 'trained τ vs N'
set xlabel 'N (curriculum level)'
set ylabel 'mean τ over neurons'
set y2range [0:1]
unset y2tics
set offsets 0, 0, graph 0.22, 0
set key at graph 0.02, graph 0.98 top left
if (!has_tau) { @nodata } else {
  set xrange [tau_nmin : tau_nmax]
  set xtics tickstep(tau_nmax - tau_nmin)
  plot \
    table('tau-single') using N:(column(MEAN_MEAN) - column(STD_MEAN)):(column(MEAN_MEAN) + column(STD_MEAN)) with filledcurves ls 1 notitle, \
    table('tau-multi')  using N:(column(MEAN_MEAN) - column(STD_MEAN)):(column(MEAN_MEAN) + column(STD_MEAN)) with filledcurves ls 2 notitle, \
    table('tau-single') using N:MEAN_MEAN with linespoints ls 1 title 'single-head', \
    table('tau-multi')  using N:MEAN_MEAN with linespoints ls 2 title 'multi-head', \
    table('tau-pvalues') using P_N:(0.96):(strcol(P_MARK_MEAN) eq '*' ? '*' : '') axes x1y2 with labels font fontsize(1.3) notitle, \
    keyentry with points pt '*' ps 1.2 lc rgb c_grey1 title 'p < 0.05'
}
set offsets 0, 0, 0, 0
set autoscale x
set xtics autofreq

# --- accuracy vs Δt, per curriculum ---
do for [c in 'single multi'] {
  panel_title = c.'-head: accuracy vs Δt'
  set title panel_title
  set xlabel 'Δt = 1/k (log scale)'
  set ylabel 'accuracy of the head answering N'
  if (!value('has_acc_'.c)) { @nodata } else {
    set logscale x
    set xrange [dt_min : dt_max]
    set xtics ('1/200' 0.005, '1/100' 0.01, '1/50' 0.02, '1/20' 0.05, '1/10' 0.1, '1/5' 0.2, '1/2' 0.5, '1' 1)
    set yrange [acc_lo : acc_hi]
    set object 1 rectangle from first dt_lo / 1.04, graph 0 to first dt_hi * 1.04, graph 1 behind fc rgb c_grey4 fs solid 0.6 noborder
    set label 1 'training Δt' at sqrt(dt_lo * dt_hi), graph 0.04 center font fontsize(0.75) tc rgb c_grey1
    levels = value('levels_'.c)
    nl = words(levels)
    keyfont = fontsize(0.8)
    set key at graph 0.02, graph 0.02 bottom left maxrows 4 font keyfont samplen 4
    plot for [j = 1:nl] table('accuracy-'.c) using DT:(column(acc_col(j))) with linespoints lw 1.8 pt 7 ps 0.5 \
           lc palette frac shade(j, nl) title 'N = '.word(levels, j), \
         0.5 with lines ls 3 title 'chance'
    unset object 1
    unset label 1
    unset logscale x
    set xtics autofreq
    set autoscale y
  }
}
@drawfooter
unset multiplot
