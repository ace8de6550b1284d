import { CounterError } from '../../contract/errors';
import { isMaskedEnrolmentToken, maskEnrolmentToken } from '../../contract/settings';
import type { CounterConfig } from '../config/config-schema';

/**
 * The config as a screen may see it: the sync enrolment token masked (contract/settings.ts), so
 * the credential never reaches a renderer, a screenshot or a browser's memory.
 */
export function withSecretsMasked(config: CounterConfig): CounterConfig {
  if (config.sync === null) return config;
  return { ...config, sync: { ...config.sync, enrolmentToken: maskEnrolmentToken(config.sync.enrolmentToken) } };
}

/**
 * The config a screen sent back, with the saved token put back where the screen returned its
 * mask unchanged.
 * @throws CounterError `invalid_arguments` on `config.sync.enrolmentToken` when the mask comes
 *   back for a token that is not the saved one (none saved, or another): the token must be typed.
 */
export function withSecretsRestored(incoming: CounterConfig, saved: CounterConfig): CounterConfig {
  if (incoming.sync === null || !isMaskedEnrolmentToken(incoming.sync.enrolmentToken)) return incoming;
  const savedToken = saved.sync?.enrolmentToken;
  if (savedToken === undefined || maskEnrolmentToken(savedToken) !== incoming.sync.enrolmentToken) {
    throw new CounterError('invalid_arguments', '请输入完整的窗口注册令牌', {
      fieldErrors: [{ path: 'config.sync.enrolmentToken', message: '请输入完整的窗口注册令牌' }],
    });
  }
  return { ...incoming, sync: { ...incoming.sync, enrolmentToken: savedToken } };
}
