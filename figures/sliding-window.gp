# sliding-window: networks trained with the sliding-window curriculum (W heads; on success the F
# smallest N are dropped and F larger ones added) beside single- and multi-head networks, one row per
# task: the largest N reached against the epoch (a line per network), the mean and the std of the
# trained τ over neurons vs N, and the mean τ_net over neurons with τ_net > 1 vs N (lines: mean over
# networks; bands: ± std across networks; n = k under a point: only k networks reached that level).
# Tables (Sources/Figures/SlidingWindow.swift): <task>-reached-<curriculum>, <task>-<curriculum>.

rows = words(tasks)
figw = 17; figh = 0.6 + 3.6 * rows + 0.3
load 'figures/style.gp'

# <task>-reached-<curriculum>: epoch, largest N reached, seed.
EPOCH = 1; N_REACHED = 2
# <task>-<curriculum>: N, networks, n label, then mean and sd across networks of tau_mean, tau_std, tau_net.
N = 1; LABEL = 3
col_mean(k) = 4 + 2 * k
col_sd(k) = 5 + 2 * k
task_title(t) = (t eq 'parity') ? 'N-parity' : 'N-DMS'
curricula = "single multi sliding"
ls_of(c) = (c eq 'single') ? 1 : ((c eq 'multi') ? 2 : 4)
title_of(c) = (c eq 'sliding') ? sliding_title : c.'-head'
ylabels = "'mean τ over neurons' 'std of τ over neurons' 'mean τ_{net} (τ_{net} > 1)'"

set multiplot layout rows, 4 title "Sliding-window curriculum beside single- and multi-head" font fontsize(1.2) @footerspace
do for [t in tasks] {
  set title task_title(t).': training speed'
  set xlabel 'epoch'
  set ylabel 'largest N reached'
  set offsets 0, 0, 0, 0
  set key bottom right
  set xrange [*:*]
  set xtics autofreq
  set ytics 1
  curves = ''
  do for [c in curricula] {
    if (value('has_reached_'.t.'_'.c)) {
      curves = curves . sprintf("table('%s-reached-%s') using EPOCH:N_REACHED with steps ls %d title '%s', ", t, c, ls_of(c), title_of(c))
    }
  }
  if (strlen(curves) == 0) { @nodata } else { eval 'plot ' . curves[1:strlen(curves) - 2] }

  set ytics autofreq
  set xlabel 'N (curriculum level)'
  set offsets 0, 0, graph 0.1, graph 0.05
  set xrange [value('nmin_'.t) - 0.3 : value('nmax_'.t) + 0.3]
  set xtics tickstep(value('nmax_'.t) - value('nmin_'.t))
  do for [i = 0:2] {
    set title task_title(t).': '.word("'trained τ, mean' 'trained τ, spread' 'τ_{net}'", i + 1)
    set ylabel word(ylabels, i + 1)
    set key top left
    curves = ''
    do for [c in curricula] {
      if (value('has_'.t.'_'.c.'_'.i)) {
        tb = sprintf("table('%s-%s')", t, c)
        curves = curves . sprintf("%s using N:(column(%d) - column(%d)):(column(%d) + column(%d)) with filledcurves ls %d notitle, ", \
                                  tb, col_mean(i), col_sd(i), col_mean(i), col_sd(i), ls_of(c)) \
                        . sprintf("%s using N:%d with linespoints ls %d title '%s', ", tb, col_mean(i), ls_of(c), title_of(c)) \
                        . sprintf("%s using N:%d:(strcol(LABEL) eq '-' ? '' : strcol(LABEL)) with labels offset 0, -0.9 font fontsize(0.7) tc ls %d notitle, ", \
                                  tb, col_mean(i), ls_of(c))
      }
    }
    if (strlen(curves) == 0) { @nodata } else { eval 'plot ' . curves[1:strlen(curves) - 2] }
  }
}
@drawfooter
unset multiplot
