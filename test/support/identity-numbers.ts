const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** A resident ID number with a correct GB 11643 check character, for test applicants. */
export function residentIdNumber(region: string, birthDate: string, sequence: number): string {
  const first17 = `${region}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  if (!/^\d{17}$/.test(first17)) throw new Error(`bad parts for an id number: ${first17}`);
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (WEIGHTS[i] ?? 0), 0);
  return first17 + CHECK[sum % 11];
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** A unified social credit code with a correct GB 32100 check character. */
export function unifiedSocialCreditCode(first17: string): string {
  const sum = [...first17].reduce((acc, c, i) => acc + USCC_CHARS.indexOf(c) * (USCC_WEIGHTS[i] ?? 0), 0);
  return first17 + USCC_CHARS[(31 - (sum % 31)) % 31];
}
