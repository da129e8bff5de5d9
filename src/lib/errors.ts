// Errors a caller can act on. GraphQL errors carry a stable `code` in
// extensions; ingestion errors name the field and the reason.
//
// A caller's own mistake keeps its code and message in every mode (ACCESS.md
// v2, Limits): bad input, not found, conflict. The codes are listed once here
// (production masking in src/server/errors.ts passes them through), and the
// mistakes that reach the hub from libraries as plain errors are classified
// here too: bad scalar values (src/graphql/scalars.ts) and bad paging
// arguments of connections (pagingMistake, applied to every connection field
// of every subgraph by src/graphql/subgraph.ts).
import {
  getNamedType,
  GraphQLError,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type ValidationContext,
} from 'graphql';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INTERNAL_SERVER_ERROR';

/** The codes of a caller's own mistakes: never reported as an internal error. */
export const CALLER_MISTAKE_CODES: readonly ErrorCode[] = ['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT'];

export function userInputError(field: string, reason: string): GraphQLError {
  return new GraphQLError(`${field}: ${reason}`, { extensions: { code: 'BAD_USER_INPUT', field, reason } });
}

export function forbidden(message = 'not allowed'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/** A problem with one exchange object: which field, and why. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** The paging arguments of a Relay connection. */
export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/**
 * Refuses a page size the server would not serve, before anything runs: a
 * negative one, or one above the largest page (rather than a silently
 * shorter page).
 */
export function checkPageArgs(args: PageArgs, maxPageSize: number): void {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value === null || value === undefined) continue;
    if (value < 0) throw userInputError(name, `must not be negative, got ${value}`);
    if (value > maxPageSize) throw userInputError(name, `at most ${maxPageSize} per page, got ${value}`);
  }
}

/**
 * The error a connection resolver threw, as the caller's mistake when it is
 * one: Pothos reports a bad cursor or a bad combination of paging arguments
 * as a PothosValidationError (a GraphQLError with no code). Null for anything
 * else, which stays what it was.
 */
export function pagingMistake(error: unknown, args: PageArgs): GraphQLError | null {
  if (!(error instanceof Error) || error.name !== 'PothosValidationError') return null;
  const named = /Arguments? "(first|last|after|before)"/.exec(error.message)?.[1];
  if (named) return userInputError(named, error.message);
  if (/cursor|base64/i.test(error.message)) {
    const cursors = (['after', 'before'] as const).filter((name) => args[name] !== null && args[name] !== undefined);
    return userInputError(cursors.length === 1 ? cursors[0]! : 'after', 'is not a cursor this connection gave out (use pageInfo.endCursor or an edge\'s cursor)');
  }
  return null;
}

/**
 * Validation rule: a literal `first` or `last` of a connection out of bounds
 * is refused naming the argument, before anything runs (a variable is checked
 * by the subgraph, checkPageArgs). Checked on entering each operation and
 * fragment, ahead of the cost limit (src/server/rateLimit.ts), whose message for
 * a huge page names no argument.
 */
export function pageSizeLiteralsRule(maxPageSize: number) {
  return (context: ValidationContext): ASTVisitor => {
    const check = (definition: OperationDefinitionNode | FragmentDefinitionNode) => {
      const typeInfo = new TypeInfo(context.getSchema());
      visit(
        definition,
        visitWithTypeInfo(typeInfo, {
          Argument(node) {
            const field = typeInfo.getFieldDef();
            if (!field || !getNamedType(field.type).name.endsWith('Connection')) return;
            if ((node.name.value !== 'first' && node.name.value !== 'last') || node.value.kind !== Kind.INT) return;
            try {
              checkPageArgs({ [node.name.value]: Number(node.value.value) }, maxPageSize);
            } catch (error) {
              const { extensions, message } = error as GraphQLError;
              context.reportError(new GraphQLError(message, { nodes: node, extensions }));
            }
          },
        }),
      );
    };
    return { OperationDefinition: check, FragmentDefinition: check };
  };
}
