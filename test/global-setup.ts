// Jest globalSetup: one migrated template for the whole run (see template.ts).
import { ensureEmbeddedTemplate, ensureServerTemplate, makeEmbeddedDemoTemplate, makeServerDemoTemplate } from './template';

export default async function globalSetup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url) {
    await ensureServerTemplate(url);
    await makeServerDemoTemplate(url);
    process.stdout.write(`\ntests run on the PostgreSQL + PostGIS server of DATABASE_URL (a database per test file)\n`);
  } else {
    process.env.BIANMIN_TEST_TEMPLATE_DIR = await ensureEmbeddedTemplate();
    process.env.BIANMIN_TEST_DEMO_DIR = await makeEmbeddedDemoTemplate(process.env.BIANMIN_TEST_TEMPLATE_DIR);
    process.stdout.write(`\ntests run on embedded PGlite + PostGIS (a copied data folder per test file)\n`);
  }
}
