import { CounterError } from '../../contract/errors';
import { isMaskedEnrolmentToken, maskEnrolmentToken } from '../../contract/settings';
import type { CounterConfig } from '../config/config-schema';

/** The sync section's credentials: the old token key, and a one-time code not yet spent. */
const SECRET_KEYS = ['enrolmentToken', 'enrolmentCode'] as const;
const SECRET_WORDS: Record<(typeof SECRET_KEYS)[number], string> = { enrolmentToken: '窗口注册令牌', enrolmentCode: '注册码' };

/**
 * The config as a screen may see it: the sync enrolment token and enrolment code masked
 * (contract/settings.ts), so a credential never reaches a renderer, a screenshot or a browser's memory.
 */
export function withSecretsMasked(config: CounterConfig): CounterConfig {
  if (config.sync === null) return config;
  const sync = { ...config.sync };
  for (const key of SECRET_KEYS) {
    const value = sync[key];
    if (typeof value === 'string') sync[key] = maskEnrolmentToken(value);
  }
  return { ...config, sync };
}

/**
 * The config a screen sent back, with each saved credential put back where the screen returned
 * its mask unchanged.
 * @throws CounterError `invalid_arguments` on `config.sync.enrolmentToken` (or `.enrolmentCode`)
 *   when the mask comes back for a value that is not the saved one (none saved, or another): it must be typed.
 */
export function withSecretsRestored(incoming: CounterConfig, saved: CounterConfig): CounterConfig {
  if (incoming.sync === null) return incoming;
  const sync = { ...incoming.sync };
  for (const key of SECRET_KEYS) {
    const value = sync[key];
    if (typeof value !== 'string' || !isMaskedEnrolmentToken(value)) continue;
    const savedValue = saved.sync?.[key];
    if (typeof savedValue !== 'string' || maskEnrolmentToken(savedValue) !== value) {
      const words = `请输入完整的${SECRET_WORDS[key]}`;
      throw new CounterError('invalid_arguments', words, { fieldErrors: [{ path: `config.sync.${key}`, message: words }] });
    }
    sync[key] = savedValue;
  }
  return { ...incoming, sync };
}
