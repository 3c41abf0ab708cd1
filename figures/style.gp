# Shared style of every figure: terminal and output, fonts, line widths, colours, helpers.
#
# A figure script sets its size in inches (figw, figh), then loads this file:
#     figw = 9; figh = 6
#     load 'figures/style.gp'
# Variables set by the figure stage (or by hand, from the project folder):
#     fmt          png | svg | pdf                    (default png)
#     outbase      the drawing is outbase.'.'.fmt
#     tableprefix  table NAME is tableprefix.'.NAME.tsv'
# e.g.  gnuplot -e "outbase='/tmp/t'; tableprefix='figures/out/default/tau-vs-n'" figures/tau-vs-n.gp

if (!exists("fmt")) fmt = 'png'
if (!exists("outbase") || !exists("tableprefix")) {
  print "set outbase and tableprefix first, e.g. gnuplot -e \"outbase='/tmp/t'; tableprefix='figures/out/default/tau-vs-n'\" figures/tau-vs-n.gp"
  exit status 1
}

# --- terminal: the same figure in three formats (PNG and SVG at 120 pixels per inch) ---
# fontsize(k): the base font scaled by k, equal in look across the three terminals.
font = 'DejaVu Sans'
fbase = (fmt eq 'pdf') ? 10.5 : ((fmt eq 'svg') ? 14 : 11)
fontsize(k) = sprintf('%s,%g', font, fbase * k)
if (fmt eq 'png') {
  set terminal pngcairo size figw*120, figh*120 enhanced font fontsize(1) linewidth 1.5 background rgb 'white'
} else {
  if (fmt eq 'svg') {
    set terminal svg size figw*120, figh*120 enhanced font fontsize(1) linewidth 1.5 background rgb 'white'
  } else {
    set terminal pdfcairo size figw, figh enhanced font fontsize(1) linewidth 1.25
  }
}
set output outbase.'.'.fmt
set encoding utf8

# --- tables: tab-separated, # comment lines, then one header line naming the columns; NaN is a gap ---
set datafile separator "\t"
set datafile columnheaders
set datafile missing "NaN"
table(name) = tableprefix.'.'.name.'.tsv'

# --- colours (the paper's): single-head, multi-head; greys for everything else ---
c_single = '#D48A6A'
c_multi  = '#489174'
c_grey1  = '#333333'
c_grey2  = '#777777'
c_grey3  = '#AAAAAA'
c_grey4  = '#D0D0D0'
grey(i) = word('#222222 #555555 #888888 #AAAAAA #C4C4C4 #DDDDDD', (int(i) % 6) + 1)

# Line styles: 1 single-head, 2 multi-head, 3 neutral reference lines (chance, threshold).
set style line 1 lc rgb c_single lw 2 pt 7 ps 0.6
set style line 2 lc rgb c_multi  lw 2 pt 5 ps 0.6
set style line 3 lc rgb c_grey2  lw 1 dt 2
# 4: a third curriculum (sliding window), drawn beside single- and multi-head.
c_third  = '#4A6FA5'
set style line 4 lc rgb c_third  lw 2 pt 9 ps 0.7
set style fill transparent solid 0.25 noborder

# --- axes ---
set border 3 lc rgb c_grey1
set tics nomirror out scale 0.6 textcolor rgb c_grey1
set grid back lc rgb '#EEEEEE' lw 1
set key top left noautotitle box lc rgb c_grey4 samplen 4 spacing 1.1 opaque

# A tick step for an integer axis spanning `span` (N, levels): whole numbers, at most ~10 tics.
tickstep(span) = (span <= 10) ? 1 : ((span <= 20) ? 2 : ((span <= 50) ? 5 : ((span <= 100) ? 10 : 20)))

# A panel without data: empty axes (no numbers) with a note in the middle. Use `@nodata` in place of plot.
nodata = "unset key; set format x ''; set format y ''; set label 99 'no data' at graph 0.5, 0.5 center tc rgb c_grey2; " \
       . "plot [0:1][0:1] NaN notitle; unset label 99; set format x '% h'; set format y '% h'; set key"

# --- the scale line at the bottom: profile, neurons, N range, networks per condition (set by the figure stage) ---
# A layout multiplot leaves room for it with `@footerspace` after its options, where the script set
# `rows` first; a script placing its panels by hand starts them at footer_h. `@drawfooter` writes it,
# as the last plot before `unset multiplot`.
if (!exists("footer")) footer = ''
footer_h = (strlen(footer) > 0) ? 0.3 / figh : 0
if (!exists("rows")) rows = 1
footerspace = sprintf('scale 1,%.5f offset 0,%.5f', 1 - footer_h * rows, footer_h / 2)
drawfooter = "if (strlen(footer) > 0) { " \
  . "unset label; unset arrow; unset object; unset key; unset title; unset border; unset tics; unset grid; " \
  . "unset xlabel; unset ylabel; unset x2label; unset y2label; unset logscale; unset offsets; " \
  . "set label 100 footer at screen 0.008, screen 0.1 / figh left front font fontsize(0.8) tc rgb c_grey2; " \
  . "plot [0:1][0:1] NaN notitle }"
