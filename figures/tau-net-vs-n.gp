# tau-net-vs-n: network-mediated timescale τ_net against the curriculum level N, single- vs multi-head.
# Left two columns (parity, DMS): top, mean over networks of each network's mean τ_net over its neurons
# with τ_net > 1; bottom, of each network's std of τ_net over them. Bands: ± std across networks;
# gaps: levels no network reached; *: single vs multi p < 0.05 (two-sided exact Mann–Whitney test);
# n = k at a point: only k of the curriculum's networks have a value there.
# Right column: top, one neuron's AC/AC[0] (log y) with the single a·e^{−t/τ} and double
# a[c·e^{−t/τ1} + (1−c)·e^{−t/τ2}] fits over the fit lags (a representative neuron of the highest level
# of the first multi-head parity network: its title says how it was chosen); bottom, τ_net of the
# summed population activity (mean ± std across networks; parity solid, DMS dashed lines, solid error bars).
# Tables (Sources/Figures/TauNetVsN.swift): <task>-single, <task>-multi, <task>-pvalues, population, example.

figw = 13.5; figh = 7.5 + 0.3; rows = 2
load 'figures/style.gp'

# Columns of the <task>-<curriculum> tables: N, then mean and sd across networks of each metric.
N = 1; MEAN = 2; MEAN_SD = 3; STD = 4; STD_SD = 5; LABEL = 9
# Columns of <task>-pvalues: N, p × 3, then the "*" marks of the mean and std rows.
P_N = 1; P_MARK_MEAN = 5; P_MARK_STD = 6
# population: task, N, single mean/sd/count, multi mean/sd/count, p.  example: lag, AC/AC[0], single, double.

tasks = "parity dms"
task_title(t) = (t eq 'parity') ? 'N-parity' : 'N-DMS'
has(t) = value('has_'.t)

set multiplot layout 2, 3 title "Network-mediated timescales τ_{net} vs N" font fontsize(1.2) @footerspace
set y2range [0:1]
unset y2tics

do for [row = 1:2] {
  m = (row == 1) ? MEAN : STD
  s = (row == 1) ? MEAN_SD : STD_SD
  mark = (row == 1) ? P_MARK_MEAN : P_MARK_STD
  metric = (row == 1) ? 'tau_net_mean' : 'tau_net_std'
  do for [t in tasks] {
    set title task_title(t)
    set xlabel 'N (curriculum level)'
    set ylabel (row == 1) ? 'mean τ_{net} (neurons with τ_{net} > 1)' : 'std of τ_{net} over those neurons'
    set yrange [value('ymin_'.metric) : value('ymax_'.metric)]   # shared by both tasks; headroom for the key and the * row
    keyfont = fontsize(1)
    set key horizontal at graph 0.5, graph 0.9 center top font keyfont samplen 3 width -1   # one row, under the * row, above the data
    if (!has(t)) { @nodata } else {
      set xrange [value('nmin_'.t) : value('nmax_'.t)]
      set xtics tickstep(value('nmax_'.t) - value('nmin_'.t))
      # Only the curricula with a value (gnuplot warns about a table with no valid point); eval, not a
      # macro: a macro in a loop is expanded once, before the loop runs.
      curves = ''
      do for [c in 'single multi'] {
        if (value('has_'.t.'_'.c.'_'.metric)) {
          ls_c = (c eq 'single') ? 1 : 2
          curves = curves . sprintf("table(t.'-%s') using N:(column(m) - column(s)):(column(m) + column(s)) with filledcurves ls %d notitle, ", c, ls_c) \
                          . sprintf("table(t.'-%s') using N:m with linespoints ls %d title '%s-head', ", c, ls_c, c) \
                          . sprintf("table(t.'-%s') using N:m:(strcol(LABEL) eq '-' ? '' : strcol(LABEL)) with labels offset 0, %g font fontsize(0.7) tc ls %d notitle, ", \
                                    c, (c eq 'single') ? -0.9 : 0.9, ls_c)
        }
      }
      eval 'plot ' . curves \
        . "table(t.'-pvalues') using P_N:(0.96):(strcol(mark) eq '*' ? '*' : '') axes x1y2 with labels font fontsize(1.3) notitle, " \
        . "keyentry with points pt '*' ps 1.2 lc rgb c_grey1 title 'p < 0.05'"
    }
    set autoscale x
  }

  if (row == 1) {
    # --- the example neuron ---
    exfont = fontsize(0.9)
    set title example_title.(strlen(example_choice) > 0 ? "\n{/*0.85 ".example_choice."}" : '') font exfont
    set xlabel 'lag t (steps)'
    set ylabel 'AC(t) / AC(0)'
    if (!has_example) { @nodata } else {
      set logscale y
      set format y '10^{%T}'
      set xrange [0 : example_lags]
      set xtics autofreq
      set yrange [example_lo : 1.5]
      keyfont = fontsize(0.8)
      set key vertical at graph 0.03, graph 0.03 bottom left Left reverse font keyfont samplen 4
      set arrow 1 from example_fitlags, graph 0 to example_fitlags, graph 1 nohead ls 3
      set label 1 'fit range' at example_fitlags, graph 0.95 left offset 0.5, 0 font fontsize(0.8) tc rgb c_grey2
      plot table('example') using 1:2 with points pt 6 ps 0.7 lc rgb c_grey1 title 'AC/AC[0]', \
           table('example') using 1:3 with lines lc rgb '#3B6FB6' lw 2 title example_single, \
           table('example') using 1:4 with lines lc rgb '#B03A2E' lw 2 dt 2 title example_double
      unset arrow 1; unset label 1
      unset logscale y
      set format y '% h'
      set yrange [*:*]
    }
    basefont = fontsize(1)
    set title font basefont
  } else {
    # --- population τ_net ---
    set title 'Population activity'
    set xlabel 'N (curriculum level)'
    set ylabel 'τ_{net} of the summed activity'
    if (!has_population) { @nodata } else {
      set xrange [pop_nmin - 0.3 : pop_nmax + 0.3]
      set yrange [*:*]
      set xtics tickstep(pop_nmax - pop_nmin)
      set offsets 0, 0, graph 0.25, 0
      sel(t, c) = (strcol(1) eq t) ? column(c) : NaN
      keyfont = fontsize(0.8)
      set key vertical at graph 0.03, graph 0.97 top left Left reverse font keyfont samplen 4
      # Only the (task, curriculum) pairs with a value (gnuplot warns about a curve with no valid point).
      curves = ''
      do for [t in tasks] {
        do for [c in 'single multi'] {
          if (value('has_'.t.'_'.c.'_population_tau_net')) {
            ci = (c eq 'single') ? 1 : 2
            col = (c eq 'single') ? 3 : 6
            shift = ((c eq 'single') ? -1 : 1) * ((t eq 'parity') ? 0.05 : 0.1)
            dash = (t eq 'parity') ? 1 : 2
            # Error bars solid and thin, the line dashed for DMS (dashed error bars are hard to read).
            curves = curves . sprintf("table('population') using ($2 + %g):(sel('%s', %d)):%d with yerrorbars ls %d dt 1 lw 1 notitle, ", \
                                      shift, t, col, col + 1, ci)
            curves = curves . sprintf("table('population') using ($2 + %g):(sel('%s', %d)) with linespoints ls %d dt %d title '%s-head, %s', ", \
                                      shift, t, col, ci, dash, c, task_title(t))
          }
        }
      }
      eval 'plot ' . curves[1:strlen(curves) - 2]
      set offsets 0, 0, 0, 0
    }
  }
}
@drawfooter
unset multiplot
