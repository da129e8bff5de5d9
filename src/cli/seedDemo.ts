// `serve --demo`: the demo set (src/demo) stored into a database that has no
// regions yet, through the ingestion service like any import (sender
// `demo-seed`, an administrator import). Test hubs seed the same way
// (tests/helpers/hub.ts).
import type { PrismaClient } from '../db/client/prisma/client';
import { generateDemoData } from '../demo';
import { ingest } from '../ingest/service';
import type { HubConfig } from '../lib/config';
import type { Logger } from '../lib/logger';

export async function seedDemoIfEmpty(prisma: PrismaClient, config: HubConfig, logger: Logger): Promise<void> {
  if ((await prisma.region.count()) > 0) return;
  const started = Date.now();
  const objects = generateDemoData();
  const summary = await ingest(
    prisma,
    objects.map((input, index) => ({ position: index + 1, input })),
    { sender: { name: 'demo-seed', department: null }, personKeyPepper: config.idPepper },
  );
  if (summary.rejected > 0) {
    throw new Error(`demo data has ${summary.rejected} invalid objects: ${JSON.stringify(summary.rejections.slice(0, 3))}`);
  }
  logger.info({ stored: summary.stored, ms: Date.now() - started }, 'demo data seeded');
}
