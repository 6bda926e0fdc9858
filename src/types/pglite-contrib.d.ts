// PGlite publishes its contrib extensions through package.json "exports", which this project's
// CommonJS module resolution ("node") does not read for types; Node and Jest resolve them at run time.
declare module '@electric-sql/pglite/contrib/btree_gist' {
  import type { Extension } from '@electric-sql/pglite';
  export const btree_gist: Extension;
}
