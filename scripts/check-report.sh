#!/usr/bin/env bash
# Opens a report page in headless Chromium, offline, and checks what a reader relies on:
#   - nothing leaves the page: no http(s) src/href/url() in the HTML, and Chromium's network
#     log of the visit holds no request but file:// ones;
#   - the page's one script ran under its Content-Security-Policy (the run table's headings
#     became sort buttons);
#   - figures are inline SVG with a <title> on their points (values on hover).
# With OUT_DIR it also saves screenshots at 1280 and 400 CSS pixels (look at them).
#
#   scripts/check-report.sh PAGE.html [OUT_DIR]
#
# Exit 0 when every check passes, 1 when one fails, 2 on bad use or no Chromium.
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then echo "usage: $0 PAGE.html [OUT_DIR]" >&2; exit 2; fi
page=$1
out=${2:-}
[ -f "$page" ] || { echo "check-report: no such page: $page" >&2; exit 2; }
browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser=$(command -v "$b"); break; fi
done
[ -n "$browser" ] || { echo "check-report: no Chromium (apt-get install chromium, or run scripts/screenshot.sh once)" >&2; exit 2; }

fail=0
# check LABEL STATUS: prints the outcome; a non-zero STATUS fails the whole check.
check() { if [ "$2" -eq 0 ]; then echo "check-report: ok   $1"; else echo "check-report: FAIL $1"; fail=1; fi; }

grep -Eiq '(src|href)="(https?:)?//|url\((https?:)?//' "$page" && external=1 || external=0
check "no http(s) src, href or url() in the HTML" "$external"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
abs_page=$(cd "$(dirname "$page")" && pwd)/$(basename "$page")
url="file://$(printf '%s' "$abs_page" | sed -e 's/%/%25/g' -e 's/ /%20/g' -e 's/#/%23/g' -e 's/?/%3F/g')"
"$browser" --headless --disable-gpu --no-sandbox --user-data-dir="$work/profile" --no-first-run \
  --no-default-browser-check --disable-extensions --disable-dev-shm-usage \
  --disable-background-networking --disable-component-update --disable-sync --disable-domain-reliability \
  --log-net-log="$work/net.json" --virtual-time-budget=5000 --dump-dom "$url" >"$work/dom.html" 2>"$work/log" || {
  echo "check-report: Chromium failed:" >&2; tail -n 20 "$work/log" >&2; exit 2; }

# Requests the page made carry its origin as initiator ("null" for a file:// page); Chromium's
# own service calls (update checks, the clock) carry "not an origin" and are not the page's.
outside=$(grep '"initiator":' "$work/net.json" | grep -v '"initiator":"not an origin"' \
  | grep -Eo '"url":"[a-z-]+://[^"]*"' | grep -Ev '"url":"(file|data|blob)://' | sort -u || true)
[ -z "$outside" ] && s=0 || s=1; check "no network request while the page loads (Chromium's net log)" "$s"
[ -z "$outside" ] || printf '  %s\n' $outside
sorts=$(grep -o 'class="sort"' "$work/dom.html" | wc -l)
[ "$sorts" -gt 0 ] && s=0 || s=1; check "the page script ran under its CSP ($sorts sort buttons)" "$s"
titles=$(grep -o '<title>' "$work/dom.html" | wc -l)
[ "$titles" -gt 1 ] && s=0 || s=1; check "hover titles on the figures' points ($((titles - 1)) in inline SVG)" "$s"
grep -q '<svg' "$work/dom.html" && s=0 || s=1; check "figures are inline SVG, not pictures" "$s"

# Drive the page script as a reader would: a copy of the page without its CSP and with a driver
# that clicks the run table's second numeric heading (the first metric) twice and a figure once, then reads back.
copy="$(dirname "$abs_page")/.check-report-$$.html"
trap 'rm -rf "$work" "$copy"' EXIT
driver='<script>(function(){var t=document.querySelector("table.runs");if(!t){return;}var hs=t.tHead.rows[0].cells,i=-1,k,n=0;
for(k=0;k<hs.length;k++){if(hs[k].className==="num"){n++;if(n<=2){i=k;}}}if(i===-1){return;}var b=hs[i].querySelector("button");
function col(){return Array.prototype.map.call(t.tBodies[0].rows,function(r){return r.cells[i].getAttribute("data-sort");}).join(" ");}
b.click();document.body.setAttribute("data-up",col());b.click();document.body.setAttribute("data-down",col());
var p=document.querySelector(".plot");if(p){p.click();document.body.setAttribute("data-zoom",p.className);}})();</script>'
sed -e 's|<meta http-equiv="Content-Security-Policy"[^>]*/>||' "$page" | awk -v d="$driver" '{ sub(/<\/body>/, d "</body>") } 1' >"$copy"
"$browser" --headless --disable-gpu --no-sandbox --user-data-dir="$work/profile2" --no-first-run --disable-extensions \
  --disable-dev-shm-usage --disable-background-networking --virtual-time-budget=5000 --dump-dom "file://$copy" >"$work/driven.html" 2>/dev/null || true
up=$(grep -o 'data-up="[^"]*"' "$work/driven.html" | sed 's/data-up="//; s/"$//' | tr ' ' '\n' | grep -v NaN || true)
down=$(grep -o 'data-down="[^"]*"' "$work/driven.html" | sed 's/data-down="//; s/"$//' | tr ' ' '\n' | grep -v NaN || true)
[ -n "$up" ] && printf '%s\n' "$up" | sort -g -c 2>/dev/null && printf '%s\n' "$down" | sort -g -r -c 2>/dev/null && s=0 || s=1
check "a click on a numeric heading sorts the run table up, a second down" "$s"
grep -q 'data-zoom="plot zoomed"' "$work/driven.html" && s=0 || s=1
check "a click on a figure enlarges it" "$s"

if [ -n "$out" ]; then
  mkdir -p "$out"
  here=$(cd "$(dirname "$0")" && pwd)
  "$here/screenshot.sh" "$page" "$out/report-1280.png" 1280 >/dev/null
  "$here/screenshot.sh" "$page" "$out/report-400.png" 400 >/dev/null
  echo "check-report: screenshots in $out (report-1280.png, report-400.png)"
fi
exit $fail
