# continuous-time: networks trained with every digit held for k steps (Δt = 1/k, "mod" form,
# τ̃ = max(τ·k, 1); SPEC §1.1), and networks trained on one k only beside them (dashed). Top: mean and
# std over neurons of the trained τ vs N, single vs multi (band ± std across networks; *: p < 0.05,
# single vs multi on the set of k). Bottom: accuracy vs Δt (log x) of the head that answers N, one line
# per level N (mean over networks), one panel per curriculum and k set; grey band: the Δt that panel's
# networks were trained with; dashed: chance.
# Tables (Sources/Figures/ContinuousTime.swift): tau-single, tau-multi, tau-pvalues, tau-*-onek, accuracy-<panel>.

npanels = words(acc_panels)
figw = 5 * (npanels < 2 ? 2 : npanels); figh = 9.6 + 0.3; rows = 2
load 'figures/style.gp'

# Columns. tau-<curriculum>: N, mean and std across networks of the per-network mean τ, then of its std τ.
N = 1; MEAN_MEAN = 2; STD_MEAN = 3; MEAN_STD = 4; STD_STD = 5; LABEL = 7
P_N = 1; P_MARK_MEAN = 6; P_MARK_STD = 7
# accuracy-<panel>: k, Δt, then per level (in that panel's levels order) mean and sd.
DT = 2
acc_col(j) = 3 + 2 * (j - 1)

# Line colours for the levels: light (small N) to dark (large N).
set palette defined (0 '#F2C94C', 0.5 '#D46A6A', 1 '#3B2C85')
unset colorbox
shade(j, n) = (n <= 1) ? 1 : (j - 1.0) / (n - 1.0)

set multiplot layout 2, npanels title 'Continuous-time networks, '.task_title font fontsize(1.2) @footerspace

# --- τ vs N: mean, then std ---
set xlabel 'N (curriculum level)'
set y2range [0:1]
unset y2tics
set offsets 0, 0, graph 0.22, 0
do for [row = 1:2] {
  m = (row == 1) ? MEAN_MEAN : MEAN_STD
  s = (row == 1) ? STD_MEAN : STD_STD
  mark = (row == 1) ? P_MARK_MEAN : P_MARK_STD
  set title (row == 1) ? 'trained τ vs N: mean' : 'trained τ vs N: spread'
  set ylabel (row == 1) ? 'mean τ over neurons' : 'std of τ over neurons'
  set key at graph 0.02, graph 0.98 top left
  if (!has_tau) { @nodata } else {
    set xrange [tau_nmin : tau_nmax]
    set xtics tickstep(tau_nmax - tau_nmin)
    onek = has_tau_onek ? sprintf("table('tau-multi-onek') using N:%d with linespoints ls 2 dt 2 title 'multi-head, %s only', ", m, onek_label) : ''
    eval "plot table('tau-single') using N:(column(m) - column(s)):(column(m) + column(s)) with filledcurves ls 1 notitle, " \
      . "table('tau-multi')  using N:(column(m) - column(s)):(column(m) + column(s)) with filledcurves ls 2 notitle, " \
      . "table('tau-single') using N:m with linespoints ls 1 title 'single-head', " \
      . "table('tau-multi')  using N:m with linespoints ls 2 title 'multi-head', " . onek \
      . "table('tau-single') using N:m:(strcol(LABEL) eq '-' ? '' : strcol(LABEL)) with labels offset 0, -0.9 font fontsize(0.7) tc ls 1 notitle, " \
      . "table('tau-multi') using N:m:(strcol(LABEL) eq '-' ? '' : strcol(LABEL)) with labels offset 0, 0.9 font fontsize(0.7) tc ls 2 notitle, " \
      . "table('tau-pvalues') using P_N:(0.96):(strcol(mark) eq '*' ? '*' : '') axes x1y2 with labels font fontsize(1.3) notitle, " \
      . "keyentry with points pt '*' ps 1.2 lc rgb c_grey1 title 'p < 0.05'"
  }
}
set offsets 0, 0, 0, 0
set autoscale x
set xtics autofreq
do for [i = 3:npanels] { set multiplot next }

# --- accuracy vs Δt, per curriculum and k set ---
do for [p in acc_panels] {
  key = ''.p
  key = (strstrt(key, '-') > 0) ? key[1:strstrt(key, '-') - 1].'_'.key[strstrt(key, '-') + 1:] : key
  set title value('acc_title_'.key).': accuracy vs Δt'
  set xlabel 'Δt = 1/k (log scale)'
  set ylabel 'accuracy of the head answering N'
  if (!value('has_acc_'.key)) { @nodata } else {
    set logscale x
    set xrange [dt_min : dt_max]
    set xtics ('1/200' 0.005, '1/100' 0.01, '1/50' 0.02, '1/20' 0.05, '1/10' 0.1, '1/5' 0.2, '1/2' 0.5, '1' 1)
    set yrange [acc_lo : acc_hi]
    lo = value('dt_lo_'.key); hi = value('dt_hi_'.key)
    set object 1 rectangle from first lo / 1.04, graph 0 to first hi * 1.04, graph 1 behind fc rgb c_grey4 fs solid 0.6 noborder
    set label 1 'training Δt' at sqrt(lo * hi), graph 0.04 center font fontsize(0.75) tc rgb c_grey1
    levels = value('levels_'.key)
    nl = words(levels)
    keyfont = fontsize(0.8)
    set key at graph 0.02, graph 0.02 bottom left maxrows 4 font keyfont samplen 4
    plot for [j = 1:nl] table('accuracy-'.p) using DT:(column(acc_col(j))) with linespoints lw 1.8 pt 7 ps 0.5 \
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
