# gru-lstm: GRU and LSTM under both curricula. The largest N reached against the epoch, one line per
# network, single- vs multi-head; one panel per architecture. Dotted: the highest level trained (a
# network there passed every level it was given: a ceiling of the profile, not of the network).
# Tables (Sources/Figures/GruLstm.swift): gru-single, gru-multi, lstm-single, lstm-multi.

figw = 9; figh = 3.8 + 0.3; rows = 1
load 'figures/style.gp'

# Columns of <cell>-<curriculum>: epoch, largest N reached so far.
EPOCH = 1; N_REACHED = 2

cells = "gru lstm"
cell_title(c) = (c eq 'gru') ? 'GRU' : 'LSTM'

set multiplot layout 1, 2 title "GRU and LSTM: training speed (N-parity)" font fontsize(1.2) @footerspace
set xlabel 'epoch'
set ylabel 'largest N reached'

do for [c in cells] {
  set title cell_title(c).(strlen(value('label_'.c)) > 0 ? "\n{/*0.8 ".value('label_'.c).'}' : '')
  if (!value('has_'.c)) { @nodata } else {
    set ytics tickstep(value('nmax_'.c))
    set yrange [* : value('nmax_'.c) + 0.3]
    set key bottom right
    plot table(c.'-single') using EPOCH:N_REACHED with steps ls 1 title 'single-head', \
         table(c.'-multi')  using EPOCH:N_REACHED with steps ls 2 title 'multi-head', \
         value('ceiling_'.c) with lines ls 3 dt 3 title 'highest level trained'
    set ytics autofreq
    set yrange [*:*]
  }
}
@drawfooter
unset multiplot
