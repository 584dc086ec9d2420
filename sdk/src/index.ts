export { createClient, type ClientOptions, type PolarFlowClient, type SubscribeOptions, type TypedDocument } from './client.js';
export { isApiError, PolarFlowClientError, type ApiError, type ApiErrorValue, type ApiPayload, type ClientErrorKind, type GraphQLErrorEntry, type Result } from './errors.js';
export type { DocumentTypeDecoration, ResultOf, VariablesOf } from './document-type.js';
export * from './gql/graphql.js';
