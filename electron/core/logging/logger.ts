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
// Fields that hold a number whatever its shape (passports, permits): masked by name.
const PERSONAL_FIELD = /(id_?number|idnumber|mobile|phone|credit_?code|passport)/i;

export function maskPersonalNumbers(text: string): string {
  return text.replace(ID_LIKE, (m) => maskIdNumber(m)).replace(MOBILE_LIKE, (m) => maskMobile(m));
}

function maskFields(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskFields(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [
      k,
      PERSONAL_FIELD.test(k) && typeof v === 'string' ? (/mobile|phone/i.test(k) ? maskMobile(v) : maskIdNumber(v)) : maskFields(v, depth + 1),
    ]),
  );
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** One JSON object per line on the given stream (stderr by default), masked. */
export function createLogger(options: { level?: LogLevel; write?: (line: string) => void } = {}): Logger {
  const min = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const log = (level: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (ORDER[level] < min) return;
    const record = { time: new Date().toISOString(), level, message, ...(maskFields(fields ?? {}) as Record<string, unknown>) };
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
