import { readdirSync } from 'node:fs';
import { embeddedExtensionAvailable, embeddedExtensionNames, loadEmbeddedExtensions } from '../../src/shadow/pglite-extensions.js';
import { quoteIdent } from '../../src/shadow/quote-ident.js';

describe('embedded extensions', () => {
  it('offers every contrib extension the installed PGlite ships, under its CREATE EXTENSION name', () => {
    const shipped = readdirSync('node_modules/@electric-sql/pglite/dist/contrib')
      .filter((f) => f.endsWith('.js'))
      .map((f) => f.slice(0, -3).replace('uuid_ossp', 'uuid-ossp'))
      // auto_explain is a loadable module without a control file: not something CREATE EXTENSION makes.
      .filter((n) => n !== 'auto_explain');
    expect(shipped.length).toBeGreaterThan(30);
    expect(shipped.filter((n) => !embeddedExtensionAvailable(n))).toEqual([]);
    expect(embeddedExtensionNames()).toEqual(expect.arrayContaining(['plpgsql', 'autoinc', 'refint', 'insert_username']));
    expect(embeddedExtensionAvailable('postgis')).toBe(false);
    expect(embeddedExtensionAvailable('vector')).toBe(false);
  });

  it('loads the bundle that holds an extension, and what it requires', async () => {
    expect(Object.keys(await loadEmbeddedExtensions(['autoinc', 'refint'])).sort()).toEqual(['moddatetime']);
    expect(Object.keys(await loadEmbeddedExtensions(['earthdistance', 'plpgsql'])).sort()).toEqual(['cube', 'earthdistance']);
    expect(await loadEmbeddedExtensions(['uuid-ossp'])).toEqual({ 'uuid-ossp': expect.objectContaining({ name: 'uuid-ossp' }) });
  });
});

describe('quoteIdent', () => {
  it('always quotes and doubles embedded quotes', () => {
    expect(quoteIdent('Ops "team"')).toBe('"Ops ""team"""');
    expect(quoteIdent('reader')).toBe('"reader"');
  });
});
