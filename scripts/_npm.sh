# Sourced by scripts/test: Node tools the tests run (each folder under tests/node has its own
# package.json and committed package-lock.json) are installed with `npm ci`, again only when the
# lock file changed since the last install.
for lock in "$root"/tests/node/*/package-lock.json; do
  [ -e "$lock" ] || continue
  dir="$(dirname "$lock")"
  want="$(sha256sum "$lock" | cut -d' ' -f1)"
  stamp="$dir/node_modules/.installed-from"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "installing the npm packages of tests/node/$(basename "$dir")" >&2
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >&2
    echo "$want" > "$stamp"
  fi
done
