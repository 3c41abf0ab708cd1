# weight-statistics: statistics of the recurrent weights W^R (off the diagonal, which is always 0)
# against the curriculum level N, single- vs multi-head, one row per task: mean, std, fraction of
# negative weights, mean of the negative weights, spectral radius. Lines: mean over networks; bands:
# ± std across networks; dashed: least-squares line over every (network, N) point (slope in the
# fits table); n = k under a point: only k networks reached that level.
# Tables (Sources/Figures/WeightStatistics.swift): networks, <task>-single, <task>-multi, fits.

figw = 19; figh = 7.6 + 0.3; rows = 2
load 'figures/style.gp'

# Columns of <task>-<curriculum>: N, networks, n label, then per statistic k (0…4) mean, sd, fit.
N = 1; LABEL = 3
col_mean(k) = 4 + 3 * k
col_sd(k) = 5 + 3 * k
col_fit(k) = 6 + 3 * k
titles = "'mean of W^R' 'std of W^R' 'fraction of W^R < 0' 'mean of the negative W^R' 'spectral radius of W^R'"

tasks = "parity dms"
task_title(t) = (t eq 'parity') ? 'N-parity' : 'N-DMS'

set multiplot layout 2, 5 title "Recurrent weights vs N" font fontsize(1.2) @footerspace
set xlabel 'N (curriculum level)'
set offsets 0, 0, graph 0.12, graph 0.08
do for [t in tasks] {
  do for [i = 0:4] {
    set title task_title(t).': '.word(titles, i + 1)
    unset ylabel
    if (!value('has_'.t)) { @nodata } else {
      set xrange [value('nmin_'.t) - 0.3 : value('nmax_'.t) + 0.3]
      set xtics tickstep(value('nmax_'.t) - value('nmin_'.t))
      if (i == 0 && t eq 'parity') { set key top left } else { unset key }
      curves = ''
      do for [c in 'single multi'] {
        if (value('has_'.t.'_'.c)) {
          ls_c = (c eq 'single') ? 1 : 2
          tb = sprintf("table('%s-%s')", t, c)
          curves = curves . sprintf("%s using N:(column(%d) - column(%d)):(column(%d) + column(%d)) with filledcurves ls %d notitle, ", \
                                    tb, col_mean(i), col_sd(i), col_mean(i), col_sd(i), ls_c) \
                          . sprintf("%s using N:%d with linespoints ls %d title '%s-head', ", tb, col_mean(i), ls_c, c) \
                          . sprintf("%s using N:%d with lines ls %d dt 2 lw 1.2 title '%s, linear fit', ", tb, col_fit(i), ls_c, c) \
                          . sprintf("%s using N:%d:(strcol(LABEL) eq '-' ? '' : strcol(LABEL)) with labels offset 0, -0.9 font fontsize(0.7) tc ls %d notitle, ", \
                                    tb, col_mean(i), ls_c)
        }
      }
      eval 'plot ' . curves[1:strlen(curves) - 2]
    }
  }
}
@drawfooter
unset multiplot
