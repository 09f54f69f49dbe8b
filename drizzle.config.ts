// drizzle-kit: generates SQLite migrations from the schema (`npm run db:generate`).
// The app applies them at start (main/core/activity/database.ts).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './main/core/activity/schema.ts',
  out: './main/core/activity/migrations',
});
