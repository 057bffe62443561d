#!/usr/bin/env bash
# Takes a screenshot of the desktop app's main window, with a few messages in it, under Xvfb: for a reviewer.
#   desktop-client/screenshot.sh [OUT.png] [light|dark|system]   (default: desktop-screenshot.png, light)
# Needs xvfb and imagemagick (apt-get install xvfb imagemagick), and curl.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(realpath -m "${1:-desktop-screenshot.png}")"
for tool in Xvfb import curl; do
  command -v "$tool" >/dev/null || { echo "screenshot: needs $tool (apt-get install xvfb imagemagick curl)" >&2; exit 1; }
done
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

# wait_for SECONDS COMMAND...: run COMMAND every 0.2 s until it succeeds.
wait_for() {
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "screenshot: timed out waiting for: $*" >&2; exit 1; }
    sleep 0.2
  done
}

"$root/hubbub" serve --host 127.0.0.1 --port 0 --data-dir "$work/room" --room "Design review" --no-announce \
  >"$work/serve.out" 2>&1 &
pids+=($!)
wait_for 60 grep -q "Press Ctrl-C" "$work/serve.out"
url="$(grep -o 'http://127.0.0.1:[0-9]*/' "$work/serve.out" | head -1)"

# Each person claims their name and posts with their token, as the page and the app do.
declare -A tokens
claim() {
  tokens[$1]="$(curl -sf -H 'Content-Type: application/json' --data-binary "{\"name\":\"$1\"}" "${url}session" \
    | sed 's/.*"token":"\([^"]*\)".*/\1/')"
}
# post NAME JSON: a message from NAME (see the README's POST /chat).
post() {
  curl -sf -H 'Content-Type: application/json; charset=utf-8' -H "Authorization: Bearer ${tokens[$1]}" \
    --data-binary "$2" "${url}chat" >/dev/null
}
# postid NAME JSON: the same, printing the message's id.
postid() {
  curl -sf -H 'Content-Type: application/json; charset=utf-8' -H "Authorization: Bearer ${tokens[$1]}" \
    --data-binary "$2" "${url}chat" | sed 's/.*"id":"\([^"]*\)".*/\1/'
}
# act NAME METHOD PATH [JSON]: an edit, deletion or reaction (see the README).
act() {
  curl -sf -X "$2" -H 'Content-Type: application/json; charset=utf-8' -H "Authorization: Bearer ${tokens[$1]}" \
    ${4:+--data-binary "$4"} "${url}${3#/}" >/dev/null
}
for person in Bob Chloé Dmitri; do claim "$person"; done
curl -sf -H 'Content-Type: application/json' -H "Authorization: Bearer ${tokens[Bob]}" \
  --data-binary '{"name":"Launch"}' "${url}rooms" >/dev/null
first="$(postid Bob '{"text":"Morning! The new onboarding flow is up on staging."}')"
catch="$(postid Chloé '{"text":"Looks great. One thing: the second step still says \"Continue\" twice."}')"
fixing="$(postid Bob "{\"text\":\"Good catch, fixng it now.\\nScreens are at https://staging.example/onboarding\",\"replyTo\":\"$catch\"}")"
act Bob PATCH "chat/$fixing" '{"text":"Good catch, **fixing it now** :+1:\nScreens are at https://staging.example/onboarding 🚀"}'
act Chloé POST "chat/$first/reactions" '{"emoji":"🎉"}'
act Dmitri POST "chat/$first/reactions" '{"emoji":"🎉"}'
act Dmitri POST "chat/$catch/reactions" '{"emoji":"👀"}'
curl -sf -H 'Content-Type: text/plain; charset=utf-8' --data-binary "Guest: hi all, just visiting" "${url}chat" >/dev/null
post Dmitri '{"text":"To try it in #launch: `./deploy.sh --env staging`, then\n> check the _second_ step"}'
# upload NAME FILE TYPE: the id of a file NAME uploaded (see the README's POST /files).
upload() {
  curl -sf -H "Authorization: Bearer ${tokens[$1]}" -H "Content-Type: $3" --data-binary "@$2" \
    "${url}files?name=$(basename "$2")" | sed 's/.*"id":"\([^"]*\)".*/\1/'
}
convert -size 900x500 gradient:'#2f6fde'-'#9fd4ff' -fill white \
  -draw 'roundrectangle 250,150 650,350 30,30' "$work/step-2.png"
head -c 1800000 /dev/urandom >"$work/onboarding-spec.pdf"
post Chloé "{\"text\":\"Here is the step as it looks now\",\"files\":[\"$(upload Chloé "$work/step-2.png" image/png)\",\"$(upload Chloé "$work/onboarding-spec.pdf" application/pdf)\"]}"
post Dmitri '{"room":"launch","text":"Can we ship it Thursday?"}'
# An old room the host (Bob, by the host token) archived: listed last, dimmed.
curl -sf -H 'Content-Type: application/json' -H "Authorization: Bearer ${tokens[Bob]}" \
  --data-binary '{"name":"Beta feedback"}' "${url}rooms" >/dev/null
curl -sf -H 'Content-Type: application/json' -H "Authorization: Bearer ${tokens[Bob]}" \
  --data-binary "{\"token\":\"$(cat "$work/room/host-token")\"}" "${url}host/claim" >/dev/null
act Bob POST host/archive-room '{"room":"beta-feedback","archived":true}'

display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.out" 2>&1 &
pids+=($!)
wait_for 20 test -e "/tmp/.X11-unix/X${display#:}"

DISPLAY="$display" HUBBUB_JAVA_OPTS="-Dprism.order=sw" "$root/hubbub" desktop --server "$url" --name Ann \
  --config-dir "$work/config" --theme "${2:-light}" >"$work/desktop.out" 2>&1 &
pids+=($!)
wait_for 120 sh -c "curl -sf '${url}status' | grep -q '\"Ann\"'"
post Bob '{"to":"Ann","text":"Lunch after the demo?"}'
sleep 2 # let the window draw the last message
DISPLAY="$display" import -window root "$out"
echo "screenshot: $out"
