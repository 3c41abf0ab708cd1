# tau-vs-n: trained τ against the curriculum level N, single- vs multi-head, parity and DMS.
# Top row: mean over networks of each network's mean τ; bottom row: of each network's std of τ.
# Bands: ± std across networks. Gaps: levels no network reached. *: single vs multi p < 0.05.
# n = k at a point: only k of the curriculum's networks reached that level.
# Tables (Sources/Figures/TauVsN.swift): <task>-single, <task>-multi, <task>-pvalues.

figw = 9; figh = 6.5 + 0.3; rows = 2
load 'figures/style.gp'

# Columns of the <task>-<curriculum> tables.
N = 1; MEAN_MEAN = 2; STD_MEAN = 3; MEAN_STD = 4; STD_STD = 5; LABEL = 7
# Columns of <task>-pvalues: N, and the "*" marks for the mean and std rows.
P_N = 1; P_MARK_MEAN = 6; P_MARK_STD = 7

tasks = "parity dms"
task_title(t) = (t eq 'parity') ? 'N-parity' : 'N-DMS'
has(t) = value('has_'.t)

set multiplot layout 2, 2 title "Trained timescales vs N" font fontsize(1.2) @footerspace
set xlabel 'N (curriculum level)'
set xtics 1
set y2range [0:1]
unset y2tics
set offsets 0, 0, graph 0.22, 0     # headroom: the key and the * row sit above the data
set key at graph 0.02, graph 0.9 top left

do for [row = 1:2] {
  m = (row == 1) ? MEAN_MEAN : MEAN_STD
  s = (row == 1) ? STD_MEAN : STD_STD
  mark = (row == 1) ? P_MARK_MEAN : P_MARK_STD
  set ylabel (row == 1) ? 'mean τ over neurons' : 'std of τ over neurons'
  do for [t in tasks] {
    set title task_title(t)
    if (!has(t)) { @nodata } else {
      set xrange [value('nmin_'.t) : value('nmax_'.t)]
      set xtics tickstep(value('nmax_'.t) - value('nmin_'.t))
      plot \
        table(t.'-single') using N:(column(m) - column(s)):(column(m) + column(s)) with filledcurves ls 1 notitle, \
        table(t.'-multi')  using N:(column(m) - column(s)):(column(m) + column(s)) with filledcurves ls 2 notitle, \
        table(t.'-single') using N:m with linespoints ls 1 title 'single-head', \
        table(t.'-multi')  using N:m with linespoints ls 2 title 'multi-head', \
        table(t.'-single') using N:m:(strcol(LABEL) eq '-' ? '' : strcol(LABEL)) with labels offset 0, -0.9 font fontsize(0.7) tc ls 1 notitle, \
        table(t.'-multi')  using N:m:(strcol(LABEL) eq '-' ? '' : strcol(LABEL)) with labels offset 0, 0.9 font fontsize(0.7) tc ls 2 notitle, \
        table(t.'-pvalues') using P_N:(0.96):(strcol(mark) eq '*' ? '*' : '') axes x1y2 with labels font fontsize(1.3) notitle, \
        keyentry with points pt '*' ps 1.2 lc rgb c_grey1 title 'p < 0.05'
    }
  }
}
@drawfooter
unset multiplot
