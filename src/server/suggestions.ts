// No "Did you mean …?" in any answer, in any mode: a suggestion hands out the
// names of fields, arguments, types and enum values a caller did not know,
// which is the schema that production keeps from everyone but ADMIN.
// GraphQL Armor and Apollo only clean validation errors, and leave enum values
// ('Did you mean the enum value "COUNTY"?') and variables checked at execution;
// this plugin cleans every error on its way out.
import type { ApolloServerPlugin } from '@apollo/server';
import type { HubContext } from '../graphql/context';

/** graphql-js's didYouMean: quoted names, which never hold a "?". */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

export function noSuggestionsPlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((error) => ({
            ...error,
            message: withoutSuggestions(error.message),
          }));
        },
      };
    },
  };
}
