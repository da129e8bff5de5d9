// The standard that applies to a region (RULES.md): its own registered standard
// or, for a county without one, its nearest registered ancestor's.
import type { Area, StandardProgram } from '../../db/client/prisma/enums';
import type { PrismaClient, Standard } from '../../db/client/prisma/client';

export interface StandardKey {
  regionCode: string;
  year: number;
  program: StandardProgram;
  area: Area;
}

export async function nearestStandard(prisma: PrismaClient, key: StandardKey): Promise<Standard | null> {
  for (let code: string | null = key.regionCode; code; ) {
    const standard = await prisma.standard.findUnique({
      where: { regionCode_year_program_area: { ...key, regionCode: code } },
    });
    if (standard) return standard;
    const region: { parentCode: string | null } | null = await prisma.region.findUnique({
      where: { code },
      select: { parentCode: true },
    });
    code = region?.parentCode ?? null;
  }
  return null;
}
