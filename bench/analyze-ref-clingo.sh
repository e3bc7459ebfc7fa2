#!/bin/sh
# The native reference for analyze (see bench/analyze-bench.mjs): cautious and brave consequences
# of an ASP program with clingo, then the number of its answer sets, as clingo's JSON documents
# separated by lines "%%". The count is clingo's own enumeration with --count (fine for small
# counts), or with --sharpsat SHARPSAT FILE.cnf the exact model counter sharpSAT on the CNF the
# program was written from (its "# solutions" line follows the last "%%"). clingo exits 10, 20 or
# 30 for an answer; this exits 0.
#
#   sh bench/analyze-ref-clingo.sh FILE.lp [--count | --sharpsat SHARPSAT FILE.cnf]
set -u
clingo --outf=2 --enum-mode=cautious 0 "$1"
echo "%%"
clingo --outf=2 --enum-mode=brave 0 "$1"
if [ "${2:-}" = "--count" ]; then
  echo "%%"
  clingo --outf=2 --models 0 -q "$1"
elif [ "${2:-}" = "--sharpsat" ]; then
  echo "%%"
  # sharpSAT writes its statistics to data.out in the working directory (the bench runs this in a
  # temporary one).
  "$3" "$4" || exit 1
fi
exit 0
