// Request limits with GraphQL Armor: depth, aliases, directives and tokens
// bounded (suggestions: src/server/suggestions.ts); all checked while the
// operation is validated, so a refused request runs no resolver. The cost of
// one operation (HUB_MAX_COST) is not Armor's: its measure knows no list
// sizes and compounds depth, so it refused ordinary pages of households. The
// gateway holds an operation's requested cost, priced with the list sizes the
// schema declares, to that limit before anything runs (src/server/rateLimit.ts).
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { RequestLimits } from '../lib/config';

export function requestLimits(limits: RequestLimits) {
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { n: limits.maxTokens },
    costLimit: { enabled: false },
    // Off here: Armor's mask leaves enum-value and variable suggestions in
    // place; src/server/suggestions.ts removes every "Did you mean …?".
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return { plugins, validationRules };
}
