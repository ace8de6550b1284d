import { invalid, valid, type ValidationResult } from './validation-result';

/**
 * Whether a new staff PIN is too easy to guess. Used wherever a PIN is set (the staff command
 * now, an admin screen later); signing in with an old weak PIN is still allowed — refusing it
 * there would lock clerks out, and `set-pin` is how IT replaces it.
 *
 * A PIN (6–12 digits, see `Pin` in contract/session.ts) is refused when it is
 * 1. the same digit throughout (`111111`, `00000000`);
 * 2. a run with one step between neighbours, counting on past 9 → 0 (`123456`, `654321`,
 *    `890123`, `135791`, `246802`): with the lock after 5 tries, these are the first guesses;
 * 3. a short block repeated (`121212`, `123123`, `520520`, `1212121`): block ≤ half the length;
 * 4. a mirror (`123321`, `1234321`);
 * 5. a date — `YYYYMMDD` (8 digits), `YYYYMM` or `YYMMDD` (6 digits), years 1900–2099 — the
 *    most common PIN choice there is, and a clerk's birthday is printed on their ID card;
 * 6. one of a short list of well-known PINs that follow the keypad or a saying (`147258`,
 *    `5201314`, `112233`).
 *
 * Returns the PIN unchanged when acceptable; otherwise the reason in Chinese, written for the IT
 * staff member at the command line. Format (digits, length) is the `Pin` schema's job; a value
 * that is not 6–12 digits is refused here too, so this check cannot pass garbage on its own.
 */
export function checkPinStrength(pin: string): ValidationResult<string> {
  if (!/^\d{6,12}$/.test(pin)) return invalid('密码应为 6–12 位数字');
  const digits = Array.from(pin, Number);
  if (digits.every((d) => d === digits[0])) return invalid('密码不能全是同一个数字');
  if (isEvenStepRun(digits)) return invalid('密码不能是依次递增或递减的数字（如 123456、654321、135791）');
  const block = repeatedBlock(pin);
  if (block !== null) return invalid(`密码不能是重复的数字组合（如 ${block} 反复出现）`);
  if (pin === [...pin].reverse().join('')) return invalid('密码不能是对称的数字（如 123321）');
  if (looksLikeDate(pin)) return invalid('密码不能是日期（如生日 19900101、199001、900101）');
  if (WELL_KNOWN.has(pin)) return invalid('密码是常见的弱密码，请换一个');
  return valid(pin);
}

/** Every neighbour differs by the same step, counted modulo 10 (so 8, 9, 0, 1 is a run). */
function isEvenStepRun(digits: readonly number[]): boolean {
  const step = ((digits[1] ?? 0) - (digits[0] ?? 0) + 10) % 10;
  // Steps of 3–7 give sequences that read as random (147036, 159371); only the short ones and
  // their mirror images (9 = −1, 8 = −2) are what people pick.
  if (![1, 2, 8, 9].includes(step)) return false;
  return digits.every((d, i) => i === 0 || (d - (digits[i - 1] ?? 0) + 10) % 10 === step);
}

/** The shortest block that, repeated, makes up the PIN (the last copy may be cut short), or null. */
function repeatedBlock(pin: string): string | null {
  for (let size = 1; size <= pin.length / 2; size++) {
    let repeats = true;
    for (let i = size; i < pin.length && repeats; i++) repeats = pin[i] === pin[i % size];
    if (repeats) return pin.slice(0, size);
  }
  return null;
}

function isDate(year: number, month: number, day: number | null): boolean {
  if (year < 1900 || year > 2099 || month < 1 || month > 12) return false;
  if (day === null) return true;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= days;
}

function looksLikeDate(pin: string): boolean {
  const n = (from: number, to: number) => Number(pin.slice(from, to));
  if (pin.length === 8) return isDate(n(0, 4), n(4, 6), n(6, 8));
  if (pin.length === 6) {
    // YYMMDD: 00–99 could be either century; either makes it a date.
    // Stryker disable next-line ArithmeticOperator: 19YY is a date only if 20YY is (1900 is no leap year, 2000 is), and 2000-YY and 2000+YY are leap years alike for YY 0-99; checked over all 10^6 6-digit PINs
    return isDate(n(0, 4), n(4, 6), null) || isDate(1900 + n(0, 2), n(2, 4), n(4, 6)) || isDate(2000 + n(0, 2), n(2, 4), n(4, 6));
  }
  return false;
}

/**
 * Keypad shapes (columns, diagonals, the rows of a phone pad read top to bottom) and sayings
 * (520 我爱你, 1314 一生一世) that the rules above do not catch but every guesser tries.
 */
const WELL_KNOWN: ReadonlySet<string> = new Set([
  '147258',
  '258369',
  '147258369',
  '369258147',
  '963852741',
  '741852963',
  '159357',
  '159753',
  '357159',
  '789456',
  '456123',
  '789456123',
  '112233',
  '11223344',
  '332211',
  '5201314',
  '1314520',
  '521314',
  '520131',
]);
