#!/bin/sh
# The native clingo reference for analyze (see bench/analyze-bench.mjs): cautious and brave
# consequences of an ASP program, and with --count the number of its answer sets, as clingo's JSON
# documents separated by lines "%%". clingo exits 10, 20 or 30 for an answer; this exits 0.
#
#   sh bench/analyze-ref-clingo.sh FILE.lp [--count]
set -u
clingo --outf=2 --enum-mode=cautious 0 "$1"
echo "%%"
clingo --outf=2 --enum-mode=brave 0 "$1"
if [ "${2:-}" = "--count" ]; then
  echo "%%"
  clingo --outf=2 --models 0 -q "$1"
fi
exit 0
