# nonlinearity-location: where the nonlinearity sits (SPEC §1.1). Default form
# h_t = φ((1 − 1/τ)h_{t−1} + (W^R h_{t−1} + …)/τ) (solid) against the "mod" form
# h_t = (1 − 1/τ)h_{t−1} + φ(W^R h_{t−1} + …)/τ (dashed), against the curriculum level N.
# Rows: single-, multi-head (colours of style.gp). Columns: the mean and the std over each network's
# neurons of its trained τ, then of its τ_net over the neurons with τ_net > 1 (the paper's 2×2), mean
# over networks; bands: ± std across networks; gaps: levels no network reached; n = k: only k networks there.
# Tables (Sources/Figures/NonlinearityLocation.swift): <form>-<curriculum> (form default|mod), networks.

figw = 18; figh = 7.5 + 0.3; rows = 2
load 'figures/style.gp'

# Columns of the <form>-<curriculum> tables: N, then per metric k (0…3) the mean and sd across networks,
# networks, and the n = k label.
N = 1; LABEL = 11
col_mean(k) = 2 + 2 * k
col_sd(k) = 3 + 2 * k
metrics = "tau tau_std tau_net tau_net_std"
ylabels = "'mean trained τ' 'std of trained τ' 'mean τ_{net} (τ_{net} > 1)' 'std of τ_{net} (τ_{net} > 1)'"

set multiplot layout 2, 4 title 'Location of the nonlinearity: default vs "mod" form, '.task_title font fontsize(1.2) @footerspace

do for [c in 'single multi'] {
  do for [i = 0:3] {
    metric = word(metrics, i + 1)
    panel_title = c.'-head'   # a variable: `set title <string expression>` mis-parses the next line inside a loop
    set title panel_title
    set xlabel 'N (curriculum level)'
    set ylabel word(ylabels, i + 1)
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
          curves = curves . sprintf("table('%s-%s') using N:(column(%d) - column(%d)):(column(%d) + column(%d)) with filledcurves ls %d notitle, ", \
                                    f, c, col_mean(i), col_sd(i), col_mean(i), col_sd(i), ls_c) \
                          . sprintf("table('%s-%s') using N:%d with linespoints ls %d dt %d title '%s form', ", f, c, col_mean(i), ls_c, dt_f, f) \
                          . sprintf("table('%s-%s') using N:%d:(strcol(LABEL) eq '-' ? '' : strcol(LABEL)) with labels offset 0, %g font fontsize(0.7) tc ls %d notitle, ", \
                                    f, c, col_mean(i), (f eq 'default') ? 0.9 : -0.9, ls_c)
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
