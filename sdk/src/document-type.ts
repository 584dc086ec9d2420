// The typed-document contract, structurally identical to @graphql-typed-document-node/core's
// `DocumentTypeDecoration` (so the generated documents also work with urql, Apollo, graphql-request
// and other clients that understand typed documents), declared here so the SDK has no dependencies
// at all: that package's typings import `graphql`, which would pull it into every consumer.
// codegen.ts rewrites the generated import to this file.

export interface DocumentTypeDecoration<TResult, TVariables> {
  /** Never implemented: carries the result and variables types of a document. */
  __apiType?: (variables: TVariables) => TResult;
}

/** The result type of a generated document, e.g. `ResultOf<typeof DaysDocument>`. */
export type ResultOf<T> = T extends DocumentTypeDecoration<infer TResult, infer _TVariables> ? TResult : never;
/** The variables type of a generated document, e.g. `VariablesOf<typeof DaysDocument>`. */
export type VariablesOf<T> = T extends DocumentTypeDecoration<infer _TResult, infer TVariables> ? TVariables : never;
