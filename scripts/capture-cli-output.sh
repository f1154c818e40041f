#!/usr/bin/env bash
# Regenerates docs/cli.md from the real CLI on the sample plans (a fresh temporary store).
set -uo pipefail
cd "$(dirname "$0")/.."
db=$(mktemp -d)/demo.db
export COLUMNS=130
plan() { node bin/plan.js --db "$db" "$@" 2>&1; }
{
  echo '# The `plan` command line, as it prints'
  echo
  echo 'Real output on the two sample plans, captured by `scripts/capture-cli-output.sh`.'
  echo
  echo '## Import'; echo; echo '```'; echo '$ npx plan import samples/pan-cheshire-cse-2013.txt'; plan import samples/pan-cheshire-cse-2013.txt; echo '```'
  echo; echo '```'; echo '$ npx plan import samples/gloucestershire-cse-2017-18.txt'; plan import samples/gloucestershire-cse-2017-18.txt; echo '```'
  echo; echo '## Plans'; echo; echo '```'; echo '$ npx plan plans'; plan plans; echo '```'
  echo; echo '## Show, filtered by lead'; echo; echo '```'; echo '$ npx plan show --plan gloucestershire-multi-agency-child --lead "Dawn Porter"'; plan show --plan gloucestershire-multi-agency-child --lead "Dawn Porter"; echo '```'
  echo; echo '## Overdue and red or amber'; echo; echo '```'; echo '$ npx plan show --plan pan-cheshire-child-sexual-exploitation --rag Red,Amber'; plan show --plan pan-cheshire-child-sexual-exploitation --rag Red,Amber; echo '```'
  echo; echo '## Who would be reminded, and why'; echo; echo '```'; echo '$ npx plan due --plan gloucestershire-multi-agency-child --on 2018-03-01'; plan due --plan gloucestershire-multi-agency-child --on 2018-03-01; echo '```'
  echo; echo '## A file that is not a plan'; echo; echo '```'
  printf 'Board minutes\n\nPresent: the chair\n' > "$(dirname "$db")/minutes.txt"
  echo '$ npx plan import minutes.txt'; plan import "$(dirname "$db")/minutes.txt"; echo "(exit code $?)"; echo '```'
} > docs/cli.md
rm -rf "$(dirname "$db")"
