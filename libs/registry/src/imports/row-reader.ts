import { ageOn, type Bilingual } from '@app/domain';
import { CONTROL_CHARACTER, ENCODING_LABELS, mojibakeIn } from './encodings';
import { IMPORT_LIMITS, REGISTRY_COLUMNS, type ColumnSpec, type ImportError, type ImportRule, type RegistryKind } from './model';
import { fold, headerKey } from './text';
import { ALLOWED_EN, ALLOWED_VI, BOOLEAN_WORDS, parseDate, viDate } from './values';
import type { TableRecord } from './file';

/** The header row mapped to the columns of a kind, and the reader of one row's cells with the errors it finds. */

export interface HeaderMap {
  row: number;
  /** For each column of the file: its spec, or null (blank or unknown header). */
  specs: (ColumnSpec | null)[];
  /** Field key → column index. */
  index: Map<string, number>;
  headers: string[];
}

export function columnLookup(kind: RegistryKind): Map<string, ColumnSpec> {
  const lookup = new Map<string, ColumnSpec>();
  for (const spec of REGISTRY_COLUMNS[kind]) for (const name of [spec.key, spec.vi, ...spec.aliases]) lookup.set(headerKey(name), spec);
  return lookup;
}

export function mapHeader(kind: RegistryKind, record: TableRecord, errors: ImportError[]): HeaderMap {
  const lookup = columnLookup(kind);
  const map: HeaderMap = { row: record.row, specs: [], index: new Map(), headers: record.cells };
  record.cells.forEach((header, i) => {
    if (header === '') {
      map.specs.push(null);
      return;
    }
    const spec = lookup.get(headerKey(header)) ?? null;
    map.specs.push(spec);
    if (!spec) {
      const known = REGISTRY_COLUMNS[kind].map((s) => s.vi).join(', ');
      errors.push({
        row: record.row,
        column: header,
        header,
        value: header,
        rule: 'unknown_column',
        message: {
          vi: `Cột «${header}» không có trong mẫu nhập ${KIND_LABELS[kind].vi}; các cột được nhận: ${known} (hoặc tên tiếng Anh: ${REGISTRY_COLUMNS[kind].map((s) => s.key).join(', ')}).`,
          en: `Column "${header}" is not one of the ${kind} columns: ${REGISTRY_COLUMNS[kind].map((s) => s.key).join(', ')} (or in Vietnamese: ${known}).`,
        },
      });
    } else if (map.index.has(spec.key)) {
      map.specs[i] = null;
      errors.push({
        row: record.row,
        column: spec.key,
        header,
        value: header,
        rule: 'duplicate_column',
        message: { vi: `Cột «${header}» xuất hiện hai lần (cùng là ${spec.vi}).`, en: `Column "${header}" appears twice (both are ${spec.key}).` },
      });
    } else {
      map.index.set(spec.key, i);
    }
  });
  for (const spec of REGISTRY_COLUMNS[kind]) {
    if (spec.required && !map.index.has(spec.key)) {
      errors.push({
        row: record.row,
        column: spec.key,
        header: null,
        value: null,
        rule: 'missing_column',
        message: { vi: `Thiếu cột bắt buộc «${spec.vi}» (${spec.key}).`, en: `The required column ${spec.key} ("${spec.vi}") is missing.` },
      });
    }
  }
  return map;
}

const KIND_LABELS: Record<RegistryKind, Bilingual> = {
  units: { vi: 'đơn vị', en: 'units' },
  officials: { vi: 'công chức', en: 'officials' },
  quotas: { vi: 'biên chế', en: 'quotas' },
};

/** Reads the cells of one row and collects its errors. */
export class RowReader {
  readonly errors: ImportError[] = [];

  constructor(
    private readonly header: HeaderMap,
    readonly row: number,
    private readonly cells: string[],
  ) {}

  has(key: string): boolean {
    return this.header.index.has(key);
  }

  raw(key: string): string {
    const i = this.header.index.get(key);
    return i === undefined ? '' : (this.cells[i] ?? '');
  }

  private headerOf(key: string): string {
    const i = this.header.index.get(key);
    return i === undefined ? key : this.header.headers[i];
  }

  fail(key: string, rule: ImportRule, message: Bilingual, value: string | null = this.raw(key)): void {
    const shown = value === null ? null : value.length > 200 ? `${value.slice(0, 200)}…` : value;
    this.errors.push({ row: this.row, column: key, header: this.has(key) ? this.headerOf(key) : null, value: shown, rule, message });
  }

  /** The cell's text, or null when it is blank (a required one is then reported). */
  private given(key: string, required: boolean): string | null {
    const value = this.raw(key);
    if (value !== '') return value;
    if (required) this.required(key);
    return null;
  }

  required(key: string): void {
    const h = this.headerOf(key);
    this.fail(key, 'required', { vi: `«${h}» không được để trống.`, en: `${key} is required.` }, '');
  }

  /** A text: required or not, at most `max` characters, not mojibake, no control characters. */
  text(key: string, max: number, required: boolean): string | null {
    const value = this.given(key, required);
    if (value === null) return null;
    const h = this.headerOf(key);
    const legacy = mojibakeIn(value);
    if (legacy) {
      const label = ENCODING_LABELS[legacy.encoding];
      this.fail(key, 'legacy_encoding', {
        vi: `«${h}» có vẻ là chữ gõ bằng bảng mã ${label.vi} bị đọc như Windows-1252: «${value}» đúng ra là «${legacy.reads}». Hãy chuyển mã tệp sang Unicode rồi nhập lại.`,
        en: `${key} looks like ${label.en} text read as Windows-1252: "${value}" should read "${legacy.reads}". Convert the file to Unicode and import it again.`,
      });
      return null;
    }
    if (CONTROL_CHARACTER.test(value)) {
      this.fail(key, 'control_character', { vi: `«${h}» chứa ký tự điều khiển.`, en: `${key} contains a control character.` });
      return null;
    }
    const length = [...value].length;
    if (length > max) {
      this.fail(key, 'too_long', { vi: `«${h}» dài ${length} ký tự, tối đa ${max}.`, en: `${key} is ${length} characters long; at most ${max}.` });
      return null;
    }
    return value;
  }

  id(key: string, pattern: RegExp, required: boolean, shape: Bilingual): string | null {
    const value = this.given(key, required);
    if (value === null) return null;
    if (!pattern.test(value)) {
      this.fail(key, 'id_format', { vi: `«${this.headerOf(key)}» «${value}» không đúng dạng mã: ${shape.vi}.`, en: `${key} "${value}" is not an identifier: ${shape.en}.` });
      return null;
    }
    return value;
  }

  choice<T extends string>(key: string, words: Map<string, T>, required: boolean): T | null {
    const value = this.given(key, required);
    if (value === null) return null;
    const found = words.get(fold(value));
    if (found === undefined) {
      this.fail(key, 'enum', { vi: `«${this.headerOf(key)}» «${value}» không hợp lệ; phải là ${ALLOWED_VI[key]}.`, en: `${key} "${value}" is not allowed; use ${ALLOWED_EN[key]}.` });
      return null;
    }
    return found;
  }

  /** A yes/no: true/false, có/không, 1/0 (yes/no, x); blank is no. */
  flag(key: string): boolean | null {
    const value = this.raw(key);
    if (value === '') return false;
    const found = BOOLEAN_WORDS.get(fold(value));
    if (found === undefined) {
      this.fail(key, 'boolean', { vi: `«${this.headerOf(key)}» «${value}» phải là Có/Không (hoặc true/false, 1/0).`, en: `${key} "${value}" must be true/false (or có/không, 1/0).` });
      return null;
    }
    return found === 'true';
  }

  date(key: string, today: string): string | null | undefined {
    const value = this.raw(key);
    if (value === '') return null;
    const h = this.headerOf(key);
    const date = parseDate(value);
    if (!date) {
      this.fail(key, 'date', { vi: `«${h}» «${value}» không phải ngày hợp lệ dạng dd/mm/yyyy hoặc YYYY-MM-DD.`, en: `${key} "${value}" is not a calendar date (YYYY-MM-DD or dd/mm/yyyy).` });
      return undefined;
    }
    if (date > today) {
      this.fail(key, 'future_date', { vi: `«${h}» ${viDate(date)} là ngày trong tương lai.`, en: `${key} ${date} is in the future.` });
      return undefined;
    }
    const age = ageOn(date, today);
    if (age < IMPORT_LIMITS.minAge || age > IMPORT_LIMITS.maxAge) {
      this.fail(key, 'age', {
        vi: `«${h}» ${viDate(date)}: công chức ${age} tuổi, ngoài khoảng ${IMPORT_LIMITS.minAge}–${IMPORT_LIMITS.maxAge} tuổi.`,
        en: `${key} ${date}: an official aged ${age}, outside ${IMPORT_LIMITS.minAge}–${IMPORT_LIMITS.maxAge}.`,
      });
      return undefined;
    }
    return date;
  }

  /** A unit the registry holds (its existence is the only check: any other text names no unit). */
  unitRef(key: string, unitIds: ReadonlySet<string>, required: boolean): string | null {
    return this.reference(key, unitIds, required, 'unknown_unit', (value) => ({ vi: `Không có đơn vị mã «${value}».`, en: `There is no unit ${value}.` }));
  }

  /** A field of expertise by its id; the message lists the ids. */
  fieldRef(key: string, fieldIds: ReadonlySet<string>, required: boolean): string | null {
    const known = [...fieldIds].sort().join(', ');
    return this.reference(key, fieldIds, required, 'unknown_field', (value) => ({
      vi: `Không có lĩnh vực mã «${value}»; các mã: ${known}.`,
      en: `There is no field ${value}; the fields are ${known}.`,
    }));
  }

  /** One of `ids`, or null with `rule` and its message when the cell names another. */
  private reference(key: string, ids: ReadonlySet<string>, required: boolean, rule: ImportRule, message: (value: string) => Bilingual): string | null {
    const value = this.given(key, required);
    if (value === null) return null;
    if (!ids.has(value)) {
      this.fail(key, rule, message(value));
      return null;
    }
    return value;
  }
}

