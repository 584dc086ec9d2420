// SDK generation: typed documents for every operation in sdk/src/operations, from the committed
// schema.graphql (never from server code). String document mode keeps `graphql` out of the SDK's
// runtime; persisted documents give the server an allow-list (see sdk/README.md).
import type { CodegenConfig } from '@graphql-codegen/cli';

// The preset imports `DocumentTypeDecoration` from @graphql-typed-document-node/core, whose typings
// import `graphql`; the SDK declares the same interface itself (sdk/src/document-type.ts) and so has
// no dependencies. This rewrites that one import in the generated files.
const TYPED_DOCUMENT_IMPORT = /(['"])@graphql-typed-document-node\/core\1/g;
function useLocalDocumentType(path: string, content: string): string {
  return path.endsWith('.ts') ? content.replace(TYPED_DOCUMENT_IMPORT, "'../document-type.js'") : content;
}

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['sdk/src/operations/*.graphql'],
  ignoreNoDocuments: false,
  hooks: { beforeOneFileWrite: [useLocalDocumentType] },
  generates: {
    'sdk/src/gql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' },
      },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        // NodeNext ESM: relative imports between the generated files need their .js extension.
        importExtension: '.js',
        enumsAsTypes: true,
        strictScalars: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        scalars: {
          ID: 'string',
          Date: { input: 'string', output: 'string' },
          DateTime: { input: 'string', output: 'string' },
          // graphql-scalars' BigInt sends a JSON number when it is a safe integer, a string otherwise.
          BigInt: { input: 'string | number', output: 'number | string' },
          JSON: { input: 'unknown', output: 'unknown' },
        },
      },
    },
  },
};

export default config;
