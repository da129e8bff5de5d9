// Writes what a request revealed to the audit log before the answer leaves.
// If the log cannot be written, the personal data does not go out either.
import type { ApolloServerPlugin } from '@apollo/server';
import { appendAudit } from '../audit/log';
import type { HubContext } from '../graphql/context';

export function auditPlugin(): ApolloServerPlugin<HubContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, response }) {
          const reads = contextValue.audit.drain();
          if (!contextValue.caller || reads.length === 0) return;
          try {
            await appendAudit(contextValue.prisma, contextValue.caller, contextValue.requestId, reads, contextValue.callerRequestId ?? null);
          } catch {
            response.body = {
              kind: 'single',
              singleResult: {
                errors: [{ message: 'the audit log could not be written; nothing was disclosed', extensions: { code: 'AUDIT_UNAVAILABLE', requestId: contextValue.requestId } }],
              },
            };
          }
        },
      };
    },
  };
}
