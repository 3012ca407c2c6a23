#!/usr/bin/env bash
# The README's walkthrough as one command, against a platform already running (./platform.sh): a new
# customer buys two online tickets, pays, gets her invoice, her financial record and her tickets; a
# second customer's card is declined. Prints each step and the interesting part of each answer; exits
# non-zero, saying why, when the gateway is not reachable or a step fails. New users every run.
#   deploy/devstack/demo-purchase.sh                      # gateway http://127.0.0.1:18000
#   GW=http://127.0.0.1:28000 deploy/devstack/demo-purchase.sh   # or DEVSTACK_GATEWAY_PORT=28000
# DEMO_WAIT (seconds, default 30) bounds each wait for the asynchronous saga.
set -euo pipefail

GW=${GW:-http://127.0.0.1:${DEVSTACK_GATEWAY_PORT:-18000}}
GW=${GW%/}
WAIT=${DEMO_WAIT:-30}
RUN=$(date +%s)$((RANDOM % 100))
YEAR=$(date -u +%Y)
STARTED=$(date +%s)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/demo-purchase.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
OUT=$TMP/answer.json   # the last answer's body
STEP=0 TITLE_OF_STEP="checking the gateway" CODE=000 LAST=

step() { STEP=$((STEP + 1)) TITLE_OF_STEP=$*; printf '\n== %d. %s\n' "$STEP" "$*"; }
say() { printf '   %s\n' "$*"; }
fail() { printf '\ndemo-purchase: FAILED (step %d, %s): %s\n' "$STEP" "$TITLE_OF_STEP" "$*" >&2; exit 1; }
# the last answer, trimmed (one line)
body() { head -c "${1:-300}" "$OUT" | tr -d '\n'; }

# call METHOD PATH [TOKEN] [JSON] [more curl arguments]: the answer in $OUT (or in $TO), its status in $CODE
call() {
    local method=$1 path=$2 token=${3:-} json=${4:-}
    local args=(-s -o "${TO:-$OUT}" -w '%{http_code}' --max-time 20 -X "$method")
    if [ -n "$token" ]; then args+=(-H "Authorization: Bearer $token"); fi
    if [ -n "$json" ]; then args+=(-H 'Content-Type: application/json' -d "$json"); fi
    LAST="$method $path"
    CODE=$(curl "${args[@]}" "${@:5}" "$GW$path") || CODE=000
    if [ "$CODE" = 000 ]; then fail "$LAST: no answer from the gateway at $GW"; fi
}
# expect STATUS...: the last answer's HTTP status is one of these
expect() {
    local c
    for c in "$@"; do if [ "$CODE" = "$c" ]; then return 0; fi; done
    fail "$LAST answered HTTP $CODE (expected $*): $(body 400)"
}
# value KEY [FILE]: the first value of KEY in the last answer (a string without its quotes, or a number)
value() {
    { grep -o "\"$1\":\(\"[^\"]*\"\|[^,}]*\)" "${2:-$OUT}" || true; } | head -1 | sed "s/^\"$1\"://; s/^\"\(.*\)\"\$/\1/"
}
# show KEY...: prints each KEY of the last answer as key=value on one line
show() {
    local k line=
    for k in "$@"; do line+="$k=$(value "$k")  "; done
    say "$line"
}
# wait_for PATH TOKEN TEXT: polls (up to $WAIT s) until the answer contains TEXT: the saga is asynchronous
wait_for() {
    local i
    for i in $(seq "$WAIT"); do
        call GET "$1" "$2"
        if [ "$CODE" = 200 ] && grep -qF -- "$3" "$OUT"; then return 0; fi
        sleep 1
    done
    fail "waited ${WAIT}s for '$3' in GET $1; last answer HTTP $CODE: $(body 400)"
}
# token USER PASSWORD: an access token from Keycloak (through the gateway)
token() {
    local code
    code=$(curl -s -o "$TMP/token.json" -w '%{http_code}' --max-time 20 -d grant_type=password \
        -d client_id=tickets-web -d "username=$1" -d "password=$2" \
        "$GW/auth/realms/tickets/protocol/openid-connect/token") || code=000
    if [ "$code" != 200 ]; then fail "no token for '$1' (HTTP $code): $(head -c 300 "$TMP/token.json")"; fi
    value access_token "$TMP/token.json"
}
# pay TOKEN PURCHASE METHOD: pays, trying again while the purchase is not ready (409) for up to $WAIT s
pay() {
    local i
    for i in $(seq "$WAIT"); do
        call POST /api/payments "$1" "{\"purchaseId\":\"$2\",\"paymentMethod\":\"$3\"}" -H "Idempotency-Key: pay-$2"
        if [ "$CODE" != 409 ]; then break; fi
        sleep 1
    done
    expect 201
}
# register USERNAME DISPLAY-NAME: a new customer; prints nothing, sets USER_ID
register() {
    call POST /api/users "" "{\"username\":\"$1\",\"email\":\"$1@example.com\",\"password\":\"$1-secret\",\"displayName\":\"$2\"}"
    expect 201
    USER_ID=$(value id)
}
# download PATH TOKEN FILE: a PDF; prints its size and type
download() {
    TO=$3 call GET "$1" "$2"
    if [ "$CODE" != 200 ]; then cp "$3" "$OUT"; fi
    expect 200
    if [ "$(head -c 5 "$3")" != %PDF- ]; then fail "GET $1 is not a PDF: $(head -c 200 "$3" | tr -d '\n')"; fi
    say "$(basename "$3"): $(wc -c < "$3" | tr -d ' ') bytes, $(if command -v file > /dev/null; then file -b "$3"; else echo PDF; fi)"
}
euros() { printf '%d.%02d' $(($1 / 100)) $(($1 % 100)); }

# 0. the gateway answers (and the concerts behind it)
printf 'demo-purchase: gateway %s, run %s\n' "$GW" "$RUN"
CODE=$(curl -s -o "$OUT" -w '%{http_code}' --max-time 5 "$GW/api/concerts") || CODE=000
case $CODE in
    200) ;;
    000)
        if ! "$(dirname "$0")/ensure-nginx.sh" --check; then
            fail "the gateway $GW is not reachable, and nginx (the gateway) is not installed here: ./platform.sh installs" \
                "it when run as root with apt-get; otherwise install it (sudo apt-get install nginx), then start the platform again"
        fi
        fail "the gateway $GW is not reachable: start the platform with ./platform.sh (or set GW=http://host:port)" ;;
    *) fail "the gateway $GW answered GET /api/concerts with HTTP $CODE (is the platform fully up?): $(body 300)" ;;
esac

step "a new customer registers (role customer)"
ALICE_NAME=demo$RUN
register "$ALICE_NAME" "Demo Customer"
ALICE_ID=$USER_ID
ALICE=$(token "$ALICE_NAME" "$ALICE_NAME-secret")
call GET /api/users/me "$ALICE"; expect 200
show id username role

step "the demo admin creates a concert with one ONLINE level (45.00 EUR)"
ADMIN=$(token admin admin-pass)
TITLE="Night Songs $RUN"
call POST /api/concerts "$ADMIN" "{\"title\":\"$TITLE\",\"artist\":\"The Band\",\"venue\":\"Arena\",
  \"startsAt\":\"2030-06-01T19:30:00Z\",\"ticketLevels\":[{\"name\":\"Regular\",\"capacity\":100,
  \"priceMinor\":4500,\"currency\":\"EUR\",\"deliveryMethod\":\"ONLINE\"}]}"
expect 201
CONCERT=$(value id)
show id title status version

step "a visitor fills a cart: 2 x Regular"
call POST /api/carts; expect 201
CART=$(value id)
# the carts' catalog learns of the new concert from concerts.events a moment later: 422 until then
for i in $(seq "$WAIT"); do
    call POST "/api/carts/$CART/lines" "" "{\"concertId\":\"$CONCERT\",\"ticketLevel\":\"Regular\",\"quantity\":2}"
    if [ "$CODE" != 422 ]; then break; fi
    sleep 1
done
expect 200
show id status quantity

step "the customer confirms the cart (priced now)"
call POST "/api/carts/$CART/confirmation" "$ALICE"; expect 200
show status userId totalMinor currency

step "the saga holds the tickets"
wait_for /api/reservations "$ALICE" '"status":"ACTIVE"'
show status expiresAt
call GET "/api/reservations/availability/$CONCERT"; expect 200
say "availability: $(body 200)"

step "she pays with the sandbox's test card pm_card_visa"
pay "$ALICE" "$CART" pm_card_visa
show status amountMinor currency settledBy
if [ "$(value status)" = FAILED ]; then fail "the payment failed: $(value failureReason)"; fi

step "the purchase completes"
wait_for "/api/purchases/$CART" "$ALICE" '"outcome":"COMPLETED"'
show status outcome payment

step "her invoice, paid"
wait_for /api/invoices "$ALICE" '"status":"PAID"'
INVOICE=$(value id)
INVOICE_NUMBER=$(value number)
TOTAL=$(value totalMinor)
show number status purchaseId totalMinor currency paidAt
if ! [[ $INVOICE_NUMBER =~ ^INV-$YEAR-[0-9]{6}$ ]]; then fail "invoice number '$INVOICE_NUMBER' is not INV-$YEAR-<6 digits>"; fi
call GET "/api/invoices/$INVOICE" "$ALICE"; expect 200
say "lines: $({ grep -o '"lines":\[[^]]*\]' "$OUT" || true; } | head -c 300)"
download "/api/invoices/$INVOICE/pdf" "$ALICE" "$TMP/invoice-$INVOICE_NUMBER.pdf"

step "her financial record"
wait_for /api/finance/me "$ALICE" '"completedCount":1'
show registered currency ongoingCount completedMinor completedCount refundedCount failedCount

step "the admin's invoice report for $YEAR"
ADMIN=$(token admin admin-pass)   # a fresh token (they last 5 minutes)
call GET "/api/admin/finance/invoices?from=$YEAR-01-01&to=$YEAR-12-31" "$ADMIN"; expect 200
show from to count
say "totals: $({ grep -o '"totals":\[[^]]*\]' "$OUT" || true; } | head -c 300)"
if ! grep -qF "\"number\":\"$INVOICE_NUMBER\"" "$OUT"; then fail "the report does not list $INVOICE_NUMBER"; fi

step "her tickets, delivered online; the first as a PDF"
wait_for /api/tickets "$ALICE" '"status":"DELIVERED"'
TICKET=$({ grep -o '{"id":"[^"]*",[^{}]*"status":"DELIVERED"' "$OUT" || true; } | head -1 | sed 's/{"id":"\([^"]*\)".*/\1/')
TICKETS=$({ grep -o '"ticketLevel"' "$OUT" || true; } | wc -l | tr -d ' ')
if [ -z "$TICKET" ]; then fail "no delivered ticket in GET /api/tickets: $(body 400)"; fi
say "$TICKETS ticket(s); the first delivered: $TICKET"
download "/api/tickets/$TICKET/pdf" "$ALICE" "$TMP/ticket-$TICKET.pdf"

step "the purchase's timeline"
wait_for "/api/purchases/$CART" "$ALICE" '"name":"invoice paid"'
grep -o '"name":"[^"]*"' "$OUT" | sed 's/"name":"\(.*\)"/   - \1/'
if ! grep -qF '"name":"invoice issued"' "$OUT"; then fail "the timeline has no 'invoice issued' step"; fi

step "a second customer's card is declined: the order is cancelled, the invoice void"
BOB_NAME=demo${RUN}b
register "$BOB_NAME" "Demo Declined"
BOB=$(token "$BOB_NAME" "$BOB_NAME-secret")
call POST /api/carts; expect 201
CART2=$(value id)
call POST "/api/carts/$CART2/lines" "" "{\"concertId\":\"$CONCERT\",\"ticketLevel\":\"Regular\",\"quantity\":1}"; expect 200
call POST "/api/carts/$CART2/confirmation" "$BOB"; expect 200
pay "$BOB" "$CART2" pm_card_chargeDeclined
show status failureReason
if [ "$(value status)" != FAILED ]; then fail "pm_card_chargeDeclined was not declined"; fi
wait_for "/api/purchases/$CART2" "$BOB" '"outcome":"CANCELLED"'
show status outcome payment
wait_for /api/invoices "$BOB" '"status":"VOID"'
VOID_NUMBER=$(value number)
show number status totalMinor
wait_for /api/finance/me "$BOB" '"failedCount":1'
show ongoingCount completedCount failedCount

printf '\ndemo-purchase: OK in %ss: %s (%s) paid %s EUR for %s ticket(s) of "%s" (purchase %s, invoice %s PAID); %s was declined (invoice %s VOID)\n' \
    "$(($(date +%s) - STARTED))" "$ALICE_NAME" "$ALICE_ID" "$(euros "${TOTAL:-0}")" "$TICKETS" "$TITLE" "$CART" \
    "$INVOICE_NUMBER" "$BOB_NAME" "$VOID_NUMBER"
