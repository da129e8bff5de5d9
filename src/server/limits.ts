// Request limits with GraphQL Armor: depth, aliases, directives, tokens and
// total cost bounded, field suggestions blocked; all checked while the
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
    // Apollo Server suggests field names ("Did you mean …?") unless told not to.
    blockFieldSuggestion: { enabled: true },
  }).protect();
  return { plugins, validationRules };
}
