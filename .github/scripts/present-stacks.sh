#!/usr/bin/env bash
# Of the stacks named as arguments, the ones whose Pulumi.<stack>.yaml is in the repository, as
# the step output `stacks=<JSON list>` (written to $GITHUB_OUTPUT, or stdout outside Actions).
# A stack without its file is skipped with a notice: the examples in examples/ are templates to
# copy next to Pulumi.yaml and fill in, not stacks.
set -euo pipefail

present=()
for stack in "$@"; do
  if [[ ! "$stack" =~ ^[A-Za-z0-9._-]+$ ]]; then
    echo "::error::'$stack' is not a stack name (letters, digits, '.', '_' and '-' only)"
    exit 2
  elif [[ -f "Pulumi.$stack.yaml" ]]; then
    present+=("\"$stack\"")
  else
    echo "::notice::stack $stack skipped: no Pulumi.$stack.yaml (copy examples/Pulumi.$stack.yaml next to Pulumi.yaml, fill it in and set its secrets)"
  fi
done

list=$(IFS=,; echo "${present[*]:-}")
if [[ -n "${GITHUB_OUTPUT:-}" ]]; then
  echo "stacks=[$list]" >> "$GITHUB_OUTPUT"
else
  echo "stacks=[$list]"
fi
