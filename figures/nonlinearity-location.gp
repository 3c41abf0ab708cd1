# nonlinearity-location: where the nonlinearity sits (SPEC §1.1). Default form
# h_t = φ((1 − 1/τ)h_{t−1} + (W^R h_{t−1} + …)/τ) (solid) against the "mod" form
# h_t = (1 − 1/τ)h_{t−1} + φ(W^R h_{t−1} + …)/τ (dashed), against the curriculum level N.
# Columns: single-, multi-head (colours of style.gp).
# Top: mean over networks of each network's mean trained τ over its neurons; bottom: of each network's
# mean τ_net over its neurons with τ_net > 1. Bands: ± std across networks; gaps: levels no network reached.
# Tables (Sources/Figures/NonlinearityLocation.swift): <form>-<curriculum> (form default|mod), networks.

figw = 10; figh = 7.5 + 0.3; rows = 2
load 'figures/style.gp'

# Columns of the <form>-<curriculum> tables: N, then mean and sd across networks of τ, then of τ_net.
N = 1; TAU = 2; TAU_SD = 3; TAU_NET = 4; TAU_NET_SD = 5

set multiplot layout 2, 2 title 'Location of the nonlinearity: default vs "mod" form, '.task_title font fontsize(1.2) @footerspace

do for [row = 1:2] {
  m = (row == 1) ? TAU : TAU_NET
  s = (row == 1) ? TAU_SD : TAU_NET_SD
  metric = (row == 1) ? 'tau' : 'tau_net'
  do for [c in 'single multi'] {
    panel_title = c.'-head'
    set title panel_title
    set xlabel 'N (curriculum level)'
    set ylabel (row == 1) ? 'mean trained τ' : 'mean τ_{net} (neurons with τ_{net} > 1)'
    set yrange [value('ymin_'.metric) : value('ymax_'.metric)]
    keyfont = fontsize(0.9)
    set key horizontal at graph 0.5, graph 0.98 center top font keyfont samplen 4
    if (!has_data) { @nodata } else {
      set xrange [nmin : nmax]
      set xtics tickstep(nmax - nmin)
      ls_c = (c eq 'single') ? 1 : 2
      # Only the forms with a value (gnuplot warns about a table with no valid point); eval, not a macro.
      curves = ''
      do for [f in 'default mod'] {
        if (value('has_'.f.'_'.c.'_'.metric)) {
          dt_f = (f eq 'default') ? 1 : 2
          curves = curves . sprintf("table('%s-%s') using N:(column(m) - column(s)):(column(m) + column(s)) with filledcurves ls %d notitle, ", f, c, ls_c) \
                          . sprintf("table('%s-%s') using N:m with linespoints ls %d dt %d title '%s form', ", f, c, ls_c, dt_f, f)
        }
      }
      if (strlen(curves) == 0) { @nodata } else {
        eval 'plot ' . curves[1:strlen(curves) - 2]
      }
    }
    set autoscale x
  }
}
@drawfooter
unset multiplot
