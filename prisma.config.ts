// Prisma CLI configuration. Only `prisma generate` runs through the Prisma CLI
// (offline; see scripts/prisma-generate.sh); migrations are applied by the hub's
// own runner on the WebAssembly schema engine (src/lib/db/migrate.ts).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
});
