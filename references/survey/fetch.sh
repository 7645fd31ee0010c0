#!/usr/bin/env bash
# Fetch the .mod files (and the .inc files they INCLUDE) of the surveyed ModelDB models (listed in repos.txt as
# "<accession> <commit>") into a folder, one subfolder per model.
#
# usage: references/survey/fetch.sh <dest> [repos.txt]
# SOURCE may point at another host or a local folder of mirrors
# (default https://github.com/ModelDBRepository, giving $SOURCE/<accession>).
# The .mod files are third-party code: keep <dest> outside the repository.
set -euo pipefail
dest=${1:?usage: fetch.sh <dest> [repos.txt]}
list=${2:-$(dirname "$0")/repos.txt}
SOURCE=${SOURCE:-https://github.com/ModelDBRepository}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$dest"
while read -r name commit; do
  [ -z "$name" ] && continue
  case "$name" in \#*) continue ;; esac
  git init -q --bare "$tmp/$name.git"
  if ! git --git-dir="$tmp/$name.git" fetch -q --depth 1 "$SOURCE/$name" "$commit" 2>/dev/null; then
    # Some hosts refuse to fetch a commit by id: take the whole history instead.
    if ! git --git-dir="$tmp/$name.git" fetch -q "$SOURCE/$name" '+refs/heads/*:refs/heads/*' ||
      ! git --git-dir="$tmp/$name.git" cat-file -e "$commit^{commit}" 2>/dev/null; then
      echo "$name $commit: FETCH FAILED" >&2
      rm -rf "$tmp/$name.git"
      continue
    fi
  fi
  n=0
  while IFS= read -r p; do
    mkdir -p "$dest/$name/$(dirname "$p")"
    git --git-dir="$tmp/$name.git" show "$commit:$p" > "$dest/$name/$p"
    n=$((n + 1))
  done < <(git --git-dir="$tmp/$name.git" ls-tree -r --name-only "$commit" | grep -i '\.\(mod\|inc\)$')
  echo "$name $commit: $n .mod and .inc files"
  rm -rf "$tmp/$name.git"
done < "$list"
