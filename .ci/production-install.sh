#!/usr/bin/env bash
# The production install (issue 15 item 2): in a copy of this checkout that carries the web app
# as `npm ci` built it, `npm ci --omit=dev` leaves no compiler or bundler, and `btb serve` with
# production settings (NODE_ENV unset) starts, answers /healthz and serves the web app.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f web/dist/index.html ] || { echo "web/dist is missing: npm ci builds it"; exit 1; }
dir=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; rm -rf "$dir"' EXIT
git ls-files -z | xargs -0 cp --parents -t "$dir"
cp -r web/dist "$dir/web/dist"
cd "$dir"
npm ci --omit=dev --no-audit --no-fund
for dev in tsx vite typescript @vitejs/plugin-react; do
  if [ -e "node_modules/$dev" ]; then echo "$dev is installed in production"; exit 1; fi
done
port=$((40000 + RANDOM % 10000))
# production never generates the audit signing key: an operator makes it once, outside the database
mkdir -p "$dir/data" && openssl genpkey -algorithm ed25519 -out "$dir/data/audit-key.pem"
env -u NODE_ENV PORT=$port DATABASE_URL="sqlite:$dir/data/btb.sqlite" PUBLIC_URL=https://btb.example.be \
  OIDC_ISSUER=https://idp.example.be OIDC_CLIENT_ID=btb OIDC_CLIENT_SECRET=ci-secret \
  BTB_SESSION_SECRET="$(head -c 32 /dev/urandom | base64)" BTB_AUDIT_SIGNING_KEY_FILE="$dir/data/audit-key.pem" \
  BTB_MAIL=file MAILBOX_DIR="$dir/data/mailbox" \
  node bin/btb.mjs serve > "$dir/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$port/healthz"
curl -sf "http://127.0.0.1:$port/" | grep -q 'id="root"'
kill -TERM "$pid"; wait "$pid"
if grep -iE 'warning|unsupported runtime' "$dir/serve.log"; then echo "a warning was printed"; exit 1; fi
echo "production install serves"
