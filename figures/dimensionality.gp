# dimensionality: the number of principal components needed to explain > 90 % of the variance of the
# free-running activity (the τ_net simulation; PCA per trial, mean over trials per network), against
# the curriculum level N, single- vs multi-head, parity and DMS. Lines: mean over networks; bands:
# ± std across networks; gaps: levels no network reached; *: single vs multi p < 0.05 (two-sided
# exact Mann–Whitney test). The reference code reports this number − 1 (tables: column "reference").
# Tables (Sources/Figures/Dimensionality.swift): <task>-single, <task>-multi, <task>-pvalues.

figw = 10; figh = 4.6 + 0.3; rows = 1
load 'figures/style.gp'

# Columns of <task>-<curriculum>: N, components_90 mean and sd, reference mean and sd, networks.
N = 1; COMP = 2; COMP_SD = 3; LABEL = 7
# Columns of <task>-pvalues: N, p_components_90, p_reference, mark_components_90, …
P_N = 1; P_MARK = 4

tasks = "parity dms"
task_title(t) = (t eq 'parity') ? 'N-parity' : 'N-DMS'

set multiplot layout 1, 2 title "Dimensionality of the activity vs N" font fontsize(1.2) @footerspace
set xlabel 'N (curriculum level)'
set ylabel 'components for > 90 % of the variance'
set y2range [0:1]
unset y2tics
set key horizontal at graph 0.5, graph 0.9 center top samplen 4   # one row, under the * row, above the data
set bmargin 5
do for [t in tasks] {
  set title task_title(t)
  if (t eq 'dms') {   # a caption under both panels, drawn once with the last one
    set label 90 "PCA per trial of the free-running network; mean over trials per network, ± std across networks. The reference code reports this number − 1." \
      at screen 0.5, screen 0.03 + footer_h center font fontsize(0.8) tc rgb c_grey2
  }
  if (!value('has_'.t)) { @nodata } else {
    set xrange [value('nmin_'.t) : value('nmax_'.t)]
    set xtics tickstep(value('nmax_'.t) - value('nmin_'.t))
    set yrange [ymin_components_90 : ymax_components_90]
    # Only the curricula with a value (gnuplot warns about a table with no valid point); eval, not a
    # macro: a macro in a loop is expanded once, before the loop runs.
    curves = ''
    do for [c in 'single multi'] {
      if (value('has_'.t.'_'.c.'_components_90')) {
        ls_c = (c eq 'single') ? 1 : 2
        curves = curves . sprintf("table(t.'-%s') using N:(column(COMP) - column(COMP_SD)):(column(COMP) + column(COMP_SD)) with filledcurves ls %d notitle, ", c, ls_c) \
                        . sprintf("table(t.'-%s') using N:COMP with linespoints ls %d title '%s-head', ", c, ls_c, c) \
                        . sprintf("table(t.'-%s') using N:COMP:(strcol(LABEL) eq '-' ? '' : strcol(LABEL)) with labels offset 0, %g font fontsize(0.7) tc ls %d notitle, ", \
                                  c, (c eq 'single') ? -0.9 : 0.9, ls_c)
      }
    }
    eval 'plot ' . curves \
      . "table(t.'-pvalues') using P_N:(0.96):(strcol(P_MARK) eq '*' ? '*' : '') axes x1y2 with labels font fontsize(1.3) notitle, " \
      . "keyentry with points pt '*' ps 1.2 lc rgb c_grey1 title 'p < 0.05'"
  }
}
@drawfooter
unset multiplot
