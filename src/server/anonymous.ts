// ACCESS.md: anonymous callers get nothing but the health check and, in
// development mode, the schema for the playground. Checked once the operation
// is known and before any resolver runs, on the gateway and on every subgraph
// served alone.
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { HubContext } from '../graphql/context';

const INTROSPECTION_FIELDS = new Set(['__schema', '__type', '__typename']);

export function anonymousCallersPlugin(options: { allowIntrospection: boolean }): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, document }) {
          if (contextValue.caller) return;
          if (options.allowIntrospection && operation && isIntrospectionOnly(operation, document)) return;
          throw new GraphQLError('a bearer token is required (Authorization: Bearer <token>)', {
            extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_MISSING', http: { status: 401 } },
          });
        },
      };
    },
  };
}

function isIntrospectionOnly(operation: OperationDefinitionNode, document: DocumentNode): boolean {
  return operation.operation === 'query' && onlyIntrospection(operation.selectionSet, document, new Set());
}

function onlyIntrospection(selectionSet: SelectionSetNode, document: DocumentNode, seen: Set<string>): boolean {
  return selectionSet.selections.every((selection) => {
    switch (selection.kind) {
      case Kind.FIELD:
        return INTROSPECTION_FIELDS.has(selection.name.value);
      case Kind.INLINE_FRAGMENT:
        return onlyIntrospection(selection.selectionSet, document, seen);
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        if (seen.has(name)) return true;
        seen.add(name);
        const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name);
        return fragment?.kind === Kind.FRAGMENT_DEFINITION && onlyIntrospection(fragment.selectionSet, document, seen);
      }
    }
  });
}
