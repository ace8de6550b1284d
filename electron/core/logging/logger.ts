import { maskIdNumber, maskMobile } from '../../contract/validation/masking';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

// 18-character id numbers / credit codes and mainland mobile numbers (as people write them:
// +86, spaces, dashes), wherever they appear in a log line: logs are copied around by IT
// staff, so personal numbers never reach them whole.
const ID_LIKE = /(?<![0-9A-Za-z])[0-9A-Za-z]{17}[0-9Xx](?![0-9A-Za-z])/g;
const MOBILE_LIKE = /(?<![\d+])(?:(?:\+|00)?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d)/g;
// International numbers as stored (E.164, +85291234567) and as typed (+852 9123 4567,
// 00852-9123-4567): a + or 00, a country code, and 6-14 more digits in groups.
const INTERNATIONAL_MOBILE_LIKE = /(?<![\w+])(?:\+|00)[1-9]\d{0,3}(?:[-\s]?\d){6,14}(?![\w])/g;
// Fields that hold a number whatever its shape (passports, permits): masked by name.
const PERSONAL_FIELD = /(id_?number|idnumber|mobile|phone|credit_?code|passport)/i;

export function maskPersonalNumbers(text: string): string {
  return text
    .replace(ID_LIKE, (m) => maskIdNumber(m))
    .replace(MOBILE_LIKE, (m) => maskMobile(m))
    .replace(INTERNATIONAL_MOBILE_LIKE, (m) => maskMobile(m));
}

const MAX_DEPTH = 6;

/**
 * Masks every field named like a personal number, at any place in `value`: inside arrays, and
 * every string under such a name (`phones: ['…', '…']`, `idNumber: { value: '…' }`), since a
 * number written in a shape the text patterns miss (a Hong Kong mobile, a passport) would
 * otherwise reach the log whole. `maskAs` is the mask an enclosing field name asked for.
 */
function maskFields(value: unknown, depth = 0, maskAs: ((v: string) => string) | null = null): unknown {
  if (typeof value === 'string') return maskAs ? maskAs(value) : value;
  if (value === null || typeof value !== 'object') return value;
  // Deeper than any record we log: dropped rather than written unmasked.
  if (depth > MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.map((v) => maskFields(v, depth + 1, maskAs));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k,
      maskFields(v, depth + 1, PERSONAL_FIELD.test(k) ? (/mobile|phone/i.test(k) ? maskMobile : maskIdNumber) : maskAs),
    ]),
  );
}

/** The keys every log line has; a caller's field of the same name is written as `<key>_`. */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['time', 'level', 'message']);

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  /** Lines below it are dropped; default `info`. */
  level?: LogLevel;
  /** Where each line goes; default stderr. */
  write?: (line: string) => void;
  /**
   * Which process writes, when two share the day's file: Electron main's lines say `main`. Then
   * `source` is one of the line's own keys too (a caller's field of that name becomes `source_`).
   */
  source?: string;
}

/** One JSON object per line (`time`, `level`, `source` if given, `message`, the fields), masked. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const min = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const own = options.source === undefined ? {} : { source: options.source };
  const reserved = options.source === undefined ? RESERVED_KEYS : new Set([...RESERVED_KEYS, 'source']);
  const log = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (ORDER[level] < min) return;
    const masked = maskFields(fields ?? {}) as Record<string, unknown>;
    // A field named like the line's own keys (`message: err.message` is the usual one) must not
    // overwrite them: the line would lose what it is about. Such a field keeps its value as `<key>_`.
    const renamed = Object.fromEntries(Object.entries(masked).map(([k, v]) => [reserved.has(k) ? `${k}_` : k, v]));
    const record = { time: new Date().toISOString(), level, ...own, message, ...renamed };
    write(maskPersonalNumbers(JSON.stringify(record)));
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
