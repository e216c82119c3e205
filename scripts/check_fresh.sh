#!/usr/bin/env bash
# `make check-fresh`: the newcomer path, end to end (not part of `make test`).
#
# Clones the committed repository into a temporary directory with ../shared beside it (a
# symlink, as CI has it), then runs the README's two commands there as a new user would, in a
# clean environment (no virtualenv, no PULUMI_*, GCX_* or GENESYSCLOUD_* settings):
#   make demo   must build .venv, deploy the dev stack and print both tenants' handoffs with
#               their secrets hidden;
#   make test   must pass.
# Prints each step's time. On success the clone is removed; on failure it is kept with the logs.
set -euo pipefail

repo=$(git -C "$(dirname "${BASH_SOURCE[0]}")/.." rev-parse --show-toplevel)
shared="$(dirname "$repo")/shared"
work=$(mktemp -d "${TMPDIR:-/tmp}/gcx-check-fresh.XXXXXX")
clone="$work/$(basename "$repo")"

# A new user's shell: this one's PATH without an activated virtualenv, HOME and locale only.
path=$(tr ':' '\n' <<<"$PATH" | grep -v -x -F "${VIRTUAL_ENV:-/nonexistent}/bin" | paste -sd: -)
newcomer=(env -i "HOME=$HOME" "PATH=$path" "LANG=${LANG:-C.UTF-8}" "TMPDIR=${TMPDIR:-/tmp}")

started=$(date +%s)
fail() {
  echo "check-fresh FAILED: $1 (clone and logs kept in $work)" >&2
  exit 1
}

step() {
  local name=$1
  shift
  local start=$SECONDS
  if "$@" >"$work/$name.log" 2>&1; then
    echo "$name: ok in $((SECONDS - start)) s"
  else
    tail -n 40 "$work/$name.log" >&2
    fail "\`$name\` exited with an error"
  fi
}

expect() {
  local log=$1 text=$2
  grep -q -F -- "$text" "$work/$log.log" || fail "$log.log does not contain: $text"
}

echo "check-fresh: cloning $repo (HEAD $(git -C "$repo" rev-parse --short HEAD)) into $work"
git clone --quiet "$repo" "$clone"
if [[ -d "$shared" ]]; then
  ln -s "$shared" "$work/shared"
else
  echo "warning: $shared does not exist; the clone has no ../shared beside it" >&2
fi
cd "$clone"

step "make-demo" "${newcomer[@]}" make demo
expect "make-demo" "Handoffs (secrets hidden"
expect "make-demo" "Tenant acme-eu"
expect "make-demo" "Tenant globex-us"
expect "make-demo" "clientSecret: [secret]"
expect "make-demo" "transactionObject"

step "make-test" "${newcomer[@]}" make test
expect "make-test" " passed"
grep -E "[0-9]+ passed" "$work/make-test.log" | tail -n 1

echo "check-fresh: ok in $(($(date +%s) - started)) s"
rm -rf "$work"
