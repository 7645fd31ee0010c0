#!/bin/sh
# Copies the files of ModelDB model 139653 (Hay et al. 2011, layer 5b pyramidal cell) that the
# published-cell comparison needs into a folder, from a pinned commit of the public repository
#
#     https://github.com/ModelDBRepository/139653   commit 50a4aab3ce5c295ad16a134c5d9261b7cc3fbe58
#
# Usage:
#     sh references/published_cell/fetch.sh DEST [GIT_DIR]
#
# DEST     the folder to fill (created; e.g. /tmp/published_cell).
# GIT_DIR  optional: an existing clone (bare or not) of that repository that has the commit.
#          Without it the repository is cloned from GitHub into DEST/.repo.git (needs network).
#
# DEST receives the model's own files, unmodified, as they are at that commit:
#     DEST/mod/*.mod                      the model's 13 .mod files (channels, calcium pump, epsp)
#     DEST/morphologies/cell1.asc         the reconstruction (Neurolucida ASCII)
#     DEST/models/L5PCtemplate.hoc        the cell template (Import3d, nseg, axon stub, distributions)
#     DEST/models/L5PCbiophys3.hoc        the biophysics of the Fig. 4 model
#     DEST/simulationcode/Step_current_firing.hoc   the published step protocol (for reading)
# and DEST/SOURCE.txt with the repository, commit and the blob ids of the files.
# Nothing of the model is stored in the neurite repository.
set -eu

REPO_URL=https://github.com/ModelDBRepository/139653
COMMIT=50a4aab3ce5c295ad16a134c5d9261b7cc3fbe58
PATHS="mod morphologies/cell1.asc models/L5PCtemplate.hoc models/L5PCbiophys3.hoc simulationcode/Step_current_firing.hoc"

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: sh fetch.sh DEST [GIT_DIR]" >&2
  exit 2
fi
DEST=$1
mkdir -p "$DEST"

if [ $# -eq 2 ]; then
  GIT_DIR_SRC=$2
else
  GIT_DIR_SRC=$DEST/.repo.git
  if [ ! -d "$GIT_DIR_SRC" ]; then
    git clone --bare --quiet "$REPO_URL" "$GIT_DIR_SRC"
  fi
fi

if ! git --git-dir="$GIT_DIR_SRC" cat-file -e "$COMMIT^{commit}" 2>/dev/null; then
  # a clone that is not a bare repository keeps its objects in .git
  if [ -d "$GIT_DIR_SRC/.git" ]; then
    GIT_DIR_SRC=$GIT_DIR_SRC/.git
  fi
fi
if ! git --git-dir="$GIT_DIR_SRC" cat-file -e "$COMMIT^{commit}" 2>/dev/null; then
  echo "fetch.sh: $GIT_DIR_SRC does not have commit $COMMIT of $REPO_URL" >&2
  exit 1
fi

# shellcheck disable=SC2086
git --git-dir="$GIT_DIR_SRC" archive "$COMMIT" $PATHS | tar -x -C "$DEST"

{
  echo "repository: $REPO_URL"
  echo "commit: $COMMIT"
  # shellcheck disable=SC2086
  git --git-dir="$GIT_DIR_SRC" ls-tree -r "$COMMIT" -- $PATHS
} > "$DEST/SOURCE.txt"

echo "fetch.sh: ModelDB 139653 at $COMMIT -> $DEST"
