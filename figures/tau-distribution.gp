# tau-distribution: where the trained τ of single neurons lie. Left: the distribution of τ over every
# neuron of every network at a few levels (box: quartiles; whiskers: 5th–95th percentile; line: median;
# dot: the largest τ), single- vs multi-head side by side. Right: the mean τ of each network's slowest
# neurons (tail_label says how many) against N: mean over networks, band ± std across networks;
# n = k under a point: only k networks reached that level.
# Tables (Sources/Figures/TauDistribution.swift): <task>-quantiles, <task>-single-tail, <task>-multi-tail.

figw = 11; figh = 7.6 + 0.3; rows = 2
load 'figures/style.gp'

# <task>-quantiles: x, curriculum, N, q05, q25, q50, q75, q95, max, networks, neurons.
Q_X = 1; Q_CURR = 2; Q_N = 3; Q05 = 4; Q25 = 5; Q50 = 6; Q75 = 7; Q95 = 8; QMAX = 9
# <task>-<curriculum>-tail: N, networks, n label, tail mean, tail sd, all-neuron mean.
T_N = 1; T_LABEL = 3; T_MEAN = 4; T_SD = 5

tasks = "parity dms"
task_title(t) = (t eq 'parity') ? 'N-parity' : 'N-DMS'
only(c, col, curr) = (strcol(c) eq curr) ? column(col) : NaN

set multiplot layout 2, 2 title "Trained timescales of single neurons" font fontsize(1.2) @footerspace
set offsets 0, 0, graph 0.15, graph 0.05
do for [t in tasks] {
  # --- distributions at a few levels ---
  set title task_title(t).": τ of every neuron at a few levels\n{/*0.8 box: quartiles; whiskers: 5th–95th percentile; line: median}"
  set xlabel 'N (curriculum level)'
  set ylabel 'trained τ'
  if (!value('has_'.t)) { @nodata } else {
    set xrange [-0.6 : value('nlevels_'.t) - 0.4]
    eval 'set xtics scale 0 '.value('xtics_'.t)
    set key top left
    set offsets 0, 0, graph 0.35, graph 0.05     # room for the key above the boxes
    set boxwidth 0.3
    plot table(t.'-quantiles') using Q_X:(only(Q_CURR, Q25, 'single')):Q05:Q95:Q75 with candlesticks ls 1 whiskerbars 0.5 fs solid 0.35 title 'single-head', \
         table(t.'-quantiles') using Q_X:(only(Q_CURR, Q25, 'multi')):Q05:Q95:Q75 with candlesticks ls 2 whiskerbars 0.5 fs solid 0.35 title 'multi-head', \
         table(t.'-quantiles') using Q_X:(only(Q_CURR, Q50, 'single')):(only(Q_CURR, Q50, 'single')):(only(Q_CURR, Q50, 'single')):(only(Q_CURR, Q50, 'single')) with candlesticks lc rgb c_grey1 lw 1.5 notitle, \
         table(t.'-quantiles') using Q_X:(only(Q_CURR, Q50, 'multi')):(only(Q_CURR, Q50, 'multi')):(only(Q_CURR, Q50, 'multi')):(only(Q_CURR, Q50, 'multi')) with candlesticks lc rgb c_grey1 lw 1.5 notitle, \
         table(t.'-quantiles') using Q_X:(only(Q_CURR, QMAX, 'single')) with points ls 1 pt 7 ps 0.7 notitle, \
         table(t.'-quantiles') using Q_X:(only(Q_CURR, QMAX, 'multi')) with points ls 2 pt 5 ps 0.7 notitle, \
         keyentry with points pt 7 ps 0.7 lc rgb c_grey2 title 'largest τ'
    set xtics autofreq
    set offsets 0, 0, graph 0.15, graph 0.05
  }

  # --- the slow tail vs N ---
  set title task_title(t).': mean τ of the '.tail_label
  set ylabel 'mean τ of the slowest neurons'
  if (!value('has_'.t)) { @nodata } else {
    set xrange [value('nmin_'.t) - 0.3 : value('nmax_'.t) + 0.3]
    set xtics tickstep(value('nmax_'.t) - value('nmin_'.t))
    set key top left
    curves = ''
    do for [c in 'single multi'] {
      if (value('has_'.t.'_'.c)) {
        ls_c = (c eq 'single') ? 1 : 2
        tb = sprintf("table('%s-%s-tail')", t, c)
        curves = curves . sprintf("%s using T_N:(column(T_MEAN) - column(T_SD)):(column(T_MEAN) + column(T_SD)) with filledcurves ls %d notitle, ", tb, ls_c) \
                        . sprintf("%s using T_N:T_MEAN with linespoints ls %d title '%s-head', ", tb, ls_c, c) \
                        . sprintf("%s using T_N:T_MEAN:(strcol(T_LABEL) eq '-' ? '' : strcol(T_LABEL)) with labels offset 0, -0.9 font fontsize(0.7) tc ls %d notitle, ", tb, ls_c)
      }
    }
    eval 'plot ' . curves[1:strlen(curves) - 2]
  }
}
@drawfooter
unset multiplot
