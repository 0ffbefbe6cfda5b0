#!/bin/sh
# Build the index from the seeds on first start (an empty index volume), then run the command.
set -eu

index="${SEARCHSVC_INDEX:-/srv/index}"
seeds="${SEARCHSVC_SEEDS:-seeds}"

if [ ! -f "$index/CURRENT" ]; then
    echo "docker-entrypoint: no index in $index; building it from $seeds" >&2
    # Exit status 3 means "built, but some files were skipped": still serve.
    python -m searchsvc index "$seeds" --index "$index" || [ $? -eq 3 ]
fi

exec "$@"
