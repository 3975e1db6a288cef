// tsc copies no .sql files; the catalog queries ship beside the compiled code that reads them.
import { cpSync, mkdirSync } from 'node:fs';
mkdirSync('dist/catalog/sql', { recursive: true });
cpSync('src/catalog/sql', 'dist/catalog/sql', { recursive: true });
