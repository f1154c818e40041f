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
  dir=$(dirname "$db")
  node bin/run-ts.js scripts/write-example-plans.ts "$dir" > /dev/null
  v1=northmoor-scp-action-plan.docx; v2=northmoor-scp-action-plan-v2.docx
  echo; echo '## The next version of the same plan'; echo
  echo 'A Word plan as a board keeps it (RAG as shading, a key table, merged cells), then its next version.'; echo
  echo '```'; echo "\$ npx plan import $v1"; plan import "$dir/$v1" | head -4; echo '...'; echo '```'
  echo; echo '```'; echo "\$ npx plan import $v2"; plan import "$dir/$v2"; echo "(exit code $?)"; echo '```'
  id=$(node bin/plan.js --db "$db" plans --json | node -e 'const p=JSON.parse(require("fs").readFileSync(0,"utf8")); process.stdout.write(p.find((x)=>x.title.startsWith("Northmoor")).id)')
  echo; echo '```'; echo "\$ npx plan import $v2 --into $id --dry-run"; plan import "$dir/$v2" --into "$id" --dry-run; echo '```'
  echo; echo '```'; echo "\$ npx plan import $v2 --into $id"; plan import "$dir/$v2" --into "$id"; echo '```'
  echo; echo '```'; echo "\$ npx plan import $v2 --into $id"; plan import "$dir/$v2" --into "$id"; echo '```'
  echo; echo '## An action'"'"'s record'; echo
  echo 'Its updates at the precision they were written, and each change with who, where from, was and now.'; echo
  echo '```'; echo "\$ npx plan history 1.2 --plan $id"; plan history 1.2 --plan "$id"; echo '```'
  echo; echo '## Meetings, and what changed since the last one'; echo
  echo '```'; echo "\$ npx plan meetings add 2023-01-16 --plan $id --title \"Partnership Board\""; plan meetings add 2023-01-16 --plan "$id" --title "Partnership Board"; echo '```'
  echo; echo '```'; echo "\$ npx plan changes --plan $id"; plan changes --plan "$id" | head -40; echo '```'
  echo; echo '## Most overdue first'; echo
  echo '```'; echo '$ npx plan show --plan gloucestershire-multi-agency-child --overdue --order most-overdue --today 2018-03-01'; plan show --plan gloucestershire-multi-agency-child --overdue --order most-overdue --today 2018-03-01 | head -24; echo '...'; echo '```'
  echo; echo '## Owner approval'; echo
  echo '```'; echo '$ npx plan settings --plan gloucestershire-multi-agency-child --owner "Olive Owner" --owner-approves yes'; plan settings --plan gloucestershire-multi-agency-child --owner "Olive Owner" --owner-approves yes; echo '```'
  echo; echo '```'; echo '$ npx plan settings --plan gloucestershire-multi-agency-child --lead-notice activity-feed'; plan settings --plan gloucestershire-multi-agency-child --lead-notice activity-feed; echo '```'
  echo; echo '## The board'"'"'s paper'; echo
  echo '```'; echo '$ npx plan export --format docx --plan gloucestershire-multi-agency-child --updates since-last-meeting --out plan.docx'; plan export --format docx --plan gloucestershire-multi-agency-child --updates since-last-meeting --out "$dir/plan.docx" | sed "s#$dir/##"; echo '```'
  echo; echo '```'; echo '$ npx plan export --format csv --rows updates --plan pan-cheshire-child-sexual-exploitation --out updates.csv'; plan export --format csv --rows updates --plan pan-cheshire-child-sexual-exploitation --out "$dir/updates.csv" | sed "s#$dir/##"; echo '```'
  echo; echo '```'; echo '$ npx plan export --format pdf --plan pan-cheshire-child-sexual-exploitation'; plan export --format pdf --plan pan-cheshire-child-sexual-exploitation; echo "(exit code $?)"; echo '```'
  echo; echo '```'; echo '$ npx plan report --year 2017-18 --plan gloucestershire-multi-agency-child --out report.docx'; plan report --year 2017-18 --plan gloucestershire-multi-agency-child --out "$dir/report.docx" | sed "s#$dir/##"; echo '```'
  echo; echo '```'; echo "\$ npx plan changes --plan $id --format markdown"; plan changes --plan "$id" --format markdown | head -24; echo '```'
  echo; echo '## A file that is not a plan'; echo; echo '```'
  printf 'Board minutes\n\nPresent: the chair\n' > "$(dirname "$db")/minutes.txt"
  echo '$ npx plan import minutes.txt'; plan import "$(dirname "$db")/minutes.txt"; echo "(exit code $?)"; echo '```'
} > docs/cli.md
rm -rf "$(dirname "$db")"
