// Request limits with GraphQL Armor: depth, aliases, directives, tokens and
// total cost bounded (suggestions: src/server/suggestions.ts); all checked while the
// operation is validated, so a refused request runs no resolver.
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { RequestLimits } from '../lib/config';

export function requestLimits(limits: RequestLimits) {
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    maxTokens: { n: limits.maxTokens },
    costLimit: { maxCost: limits.maxCost },
    // Off here: Armor's mask leaves enum-value and variable suggestions in
    // place; src/server/suggestions.ts removes every "Did you mean …?".
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return { plugins, validationRules };
}
