import { AlembicIni } from '../../src/migrations/alembic/ini.js';

// Revisions read alembic.ini through context.config: values must be what ConfigParser returns.
describe('alembic.ini is read as ConfigParser reads it for Alembic', () => {
  const ini = AlembicIni.parse(
    '/p/alembic.ini',
    ['[DEFAULT]', 'base = /srv', '', '[alembic]', 'script_location = %(here)s/migrations', 'Feature.Flag = true', 'data = %(base)s/data', 'pct = 100%%', 'multi = a', '  b', 'empty =', '', '[custom]', 'key = value', 'bad = %(nope)s'].join('\n'),
    '/p',
  );

  test('here, [DEFAULT] and %(name)s interpolation; option names are case-insensitive', () => {
    expect(ini.get('alembic', 'script_location')).toBe('/p/migrations');
    expect(ini.get('alembic', 'feature.flag')).toBe('true');
    expect(ini.get('alembic', 'FEATURE.FLAG')).toBe('true');
    expect(ini.get('alembic', 'data')).toBe('/srv/data');
    expect(ini.get('alembic', 'pct')).toBe('100%');
    expect(ini.get('alembic', 'multi')).toBe('a\nb');
    expect(ini.get('alembic', 'empty')).toBe('');
    expect(ini.get('alembic', 'absent')).toBeUndefined();
    expect(ini.get('custom', 'base')).toBe('/srv');
  });

  test('a section lists its own options and [DEFAULT]’s; an unknown interpolation names file, section and option', () => {
    expect(ini.hasSection('custom')).toBe(true);
    expect(ini.hasSection('other')).toBe(false);
    expect(() => ini.section('custom')).toThrow("/p/alembic.ini: [custom] bad: %(nope)s names no option of [custom] or [DEFAULT]");
    expect(ini.get('custom', 'key')).toBe('value');
  });
});
