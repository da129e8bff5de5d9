#!/usr/bin/env bash
# `npm run db:client`: the Prisma client and Pothos types in src/db/client,
# made by `prisma generate` offline. The CLI insists on locating its Rust schema
# engine at start-up, which it would download; generating never uses it, so any
# existing file will do (PLATFORM-NOTES.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PRISMA_SCHEMA_ENGINE_BINARY=/bin/false PRISMA_HIDE_UPDATE_MESSAGE=1 npx prisma generate "$@"
