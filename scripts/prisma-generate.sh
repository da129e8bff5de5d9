#!/usr/bin/env bash
# `prisma generate` offline: the CLI insists on locating its Rust schema engine
# at start-up, which it would download; generate never uses it, so any existing
# file will do (PLATFORM-NOTES.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PRISMA_SCHEMA_ENGINE_BINARY=/bin/false PRISMA_HIDE_UPDATE_MESSAGE=1 npx prisma generate "$@"
