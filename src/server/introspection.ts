// Introspection in production is for administrators only (ACCESS.md: anonymous
// callers get the schema in development mode only). Apollo's own switch is
// all-or-nothing, so Apollo leaves introspection on and this plugin refuses
// `__schema` and `__type` to everyone else, once the caller is known and
// before any resolver runs. `__typename` stays open: it reveals nothing.
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, NoSchemaIntrospectionCustomRule, validate } from 'graphql';
import { can } from '../access/permissions';
import type { HubContext } from '../graphql/context';

export function adminOnlyIntrospectionPlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, schema, document }) {
          if (can(contextValue.caller, 'introspectInProduction')) return;
          // graphql-js's own rule: any field whose type is __Schema or __Type.
          if (validate(schema, document, [NoSchemaIntrospectionCustomRule]).length === 0) return;
          throw new GraphQLError('introspection (__schema, __type) is open to ADMIN callers only in production', {
            extensions: { code: 'INTROSPECTION_DISABLED', http: { status: 403 } },
          });
        },
      };
    },
  };
}
