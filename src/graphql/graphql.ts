// The one place GraphQL.js runtime values are imported from. graphql@16 has no "exports" map:
// Node loads its CommonJS entry (index.js) while Vite/Vitest pick its ESM build (index.mjs) from the
// "module" field, which would give two copies of every class in tests, so that `instanceof
// GraphQLError` fails inside Yoga and our typed errors get masked. Naming the CommonJS entry
// explicitly yields the instance Yoga and Pothos use, in every environment. (Type-only imports
// may still name 'graphql'.)
export {
  GraphQLError,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  Kind,
  Lexer,
  Source,
  TokenKind,
  execute,
  getNamedType,
  getOperationAST,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  lexicographicSortSchema,
  print,
  printSchema,
  visit,
} from 'graphql/index.js';
