#!/bin/sh
# Writes the licence notices of the packages bundled into app.min.js
# (run by `npm run build`).
set -e
out=../internal/web/static/THIRD-PARTY-NOTICES.txt
{
  echo "Third-party software bundled in Fulcrum's dashboard script (app.min.js)"
  echo
  for p in echarts zrender tslib; do
    v=$(node -p "require('./node_modules/$p/package.json').version")
    echo "================================================================"
    echo "$p $v"
    echo "================================================================"
    for f in NOTICE LICENSE LICENSE.txt; do
      if [ -f "node_modules/$p/$f" ]; then cat "node_modules/$p/$f"; echo; fi
    done
  done
} > "$out"
