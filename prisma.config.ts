import { defineConfig } from 'prisma/config';

// Used by the Prisma CLI only (`npm run generate`; `prisma migrate deploy` where the schema engine
// can be downloaded). The server applies migrations itself; see src/db/migrate.ts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/polar_flow' },
});
