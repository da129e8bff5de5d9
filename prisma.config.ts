// Prisma CLI configuration. Only `prisma generate` runs through the Prisma CLI
// (`npm run db:client`, offline: scripts/prisma-client.sh); migrations are
// applied by the hub's own runner on the WebAssembly schema engine
// (src/db/migrate.ts).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
});
