import { InputError } from '../../errors.js';

/**
 * An alembic.ini as Python's ConfigParser reads it for Alembic: option names lower-cased,
 * `[DEFAULT]` options seen from every section, indented lines continuing a value, and
 * `%(name)s` interpolation (with `here`, the file's folder, as Alembic defines it) when a value
 * is read. Inline comments stay part of the value, as ConfigParser's defaults keep them.
 */
export class AlembicIni {
  private constructor(
    readonly file: string,
    private readonly sections: ReadonlyMap<string, ReadonlyMap<string, string>>,
    private readonly here: string,
  ) {}

  static parse(file: string, text: string, here: string): AlembicIni {
    const sections = new Map<string, Map<string, string>>();
    let current: Map<string, string> | null = null;
    let lastKey: string | null = null;
    for (const raw of text.split(/\r?\n/)) {
      if (/^\s*[#;]/.test(raw) || raw.trim() === '') {
        lastKey = null;
        continue;
      }
      const section = /^\s*\[([^\]]+)\]\s*$/.exec(raw);
      if (section) {
        const name = (section[1] as string).trim();
        current = sections.get(name) ?? new Map();
        sections.set(name, current);
        lastKey = null;
        continue;
      }
      if (!current) continue;
      if (/^\s/.test(raw) && lastKey) {
        current.set(lastKey, `${current.get(lastKey) ?? ''}\n${raw.trim()}`);
        continue;
      }
      const kv = /^([^=:]+)[=:](.*)$/.exec(raw);
      if (kv) {
        lastKey = (kv[1] as string).trim().toLowerCase();
        current.set(lastKey, (kv[2] as string).trim());
      }
    }
    return new AlembicIni(file, sections, here);
  }

  hasSection(section: string): boolean {
    return this.sections.has(section);
  }

  /** The option's value, interpolated; undefined when neither the section nor `[DEFAULT]` has it. */
  get(section: string, option: string): string | undefined {
    return this.lookup(section, option.toLowerCase(), 0);
  }

  /** Every option of a section (with `[DEFAULT]`'s), interpolated, as `config.get_section()` returns them. */
  section(section: string): Map<string, string> | undefined {
    const own = this.sections.get(section);
    if (!own) return undefined;
    const keys = new Set([...(this.sections.get('DEFAULT')?.keys() ?? []), ...own.keys()]);
    return new Map([...keys].map((k) => [k, this.get(section, k) as string]));
  }

  private raw(section: string, option: string): string | undefined {
    if (option === 'here') return this.sections.get(section)?.get('here') ?? this.sections.get('DEFAULT')?.get('here') ?? this.here;
    return this.sections.get(section)?.get(option) ?? this.sections.get('DEFAULT')?.get(option);
  }

  private lookup(section: string, option: string, depth: number): string | undefined {
    const value = this.raw(section, option);
    if (value === undefined) return undefined;
    if (depth > 10) throw new InputError(`${this.file}: [${section}] ${option}: interpolation nests too deeply`);
    return value.replace(/%(%|\(([^)]*)\)s)/g, (_m, pct: string, name: string | undefined) => {
      if (pct === '%') return '%';
      const key = (name as string).toLowerCase();
      const inner = key === 'here' ? this.raw(section, key) : this.lookup(section, key, depth + 1);
      if (inner === undefined) throw new InputError(`${this.file}: [${section}] ${option}: %(${name})s names no option of [${section}] or [DEFAULT]`);
      return inner;
    });
  }
}
