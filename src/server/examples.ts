// Example operations offered in the playground; they return data on the demo set.
import type { PlaygroundExample } from './playground';

export const PLAYGROUND_EXAMPLES: PlaygroundExample[] = [
  {
    name: 'Regions of Sichuan',
    query: `# Counties with their parent chain and 2026 standards (保障标准).
query Regions {
  regions(level: COUNTY, first: 20) {
    totalCount
    edges {
      node {
        code
        name
        ancestors { code name }
        standards(year: 2026) { program area monthlyAmount }
      }
    }
  }
}`,
  },
  {
    name: 'A household and its members',
    query: `# Households under Chengdu (5101); members with age and masked ID numbers.
# Names need a token minted with --purpose.
query Households {
  households(regionCode: "5101", first: 5) {
    totalCount
    edges {
      node {
        sourceId
        region { name }
        township
        area
        monthlyIncomePerCapita
        members {
          relation
          person { personKey maskedIdNumber sex age name disabilityGrade households { household { sourceId } } }
        }
      }
    }
  }
}`,
  },
  {
    name: 'Nearest standard',
    query: `# The DIBAO standard that applies to a county: its own or its nearest ancestor's.
query Standard {
  standard(regionCode: "510104", year: 2026, program: DIBAO, area: URBAN) {
    region { code name }
    monthlyAmount
  }
}`,
  },
];
