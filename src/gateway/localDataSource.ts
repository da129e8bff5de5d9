// A subgraph in this process, reached without HTTP. Apollo's own
// LocalGraphQLDataSource parses and validates every fetch of every request;
// but the gateway sends each subgraph the few documents its query plans hold,
// again and again (the plans are cached by operation). So each document is
// parsed and validated once against the subgraph's schema and kept, and a
// fetch only executes it. Permissions, row rules and sensitivity are
// unaffected: they live in the schema's resolvers and loaders, which
// execution runs every time.
import { LocalGraphQLDataSource } from '@apollo/gateway';
import { execute, parse, validate, type DocumentNode, type GraphQLError } from 'graphql';
import { outageError } from '../graphql/outage';

/** Distinct fetch documents kept per subgraph; plans are few, so this is rarely reached. */
const MAX_DOCUMENTS = 1000;

export class CachedLocalDataSource<TContext extends Record<string, any> = Record<string, any>> extends LocalGraphQLDataSource<TContext> {
  private readonly documents = new Map<string, DocumentNode | readonly GraphQLError[]>();

  override async process({ request, context }: Parameters<LocalGraphQLDataSource<TContext>['process']>[0]) {
    const document = this.prepared(request.query!);
    if (!('kind' in document)) return { errors: document };
    const result = await execute({
      schema: this.schema,
      document,
      variableValues: request.variables,
      operationName: request.operationName,
      contextValue: context,
    });
    // The gateway keeps a subgraph error's message and code but not the error itself: a database outage is said here.
    return result.errors ? { ...result, errors: result.errors.map(outageError) } : result;
  }

  /** The parsed and validated document of a fetch, or its errors (kept too: the same text fails the same way). */
  private prepared(query: string): DocumentNode | readonly GraphQLError[] {
    let entry = this.documents.get(query);
    if (entry === undefined) {
      const document = parse(query);
      const errors = validate(this.schema, document);
      entry = errors.length > 0 ? errors : document;
      if (this.documents.size >= MAX_DOCUMENTS) this.documents.delete(this.documents.keys().next().value!);
      this.documents.set(query, entry);
    }
    return entry;
  }
}
