// TEMPORARY (issue 13 work in progress): the lead's placeholder so the core starts while the
// modules are written. Every use is replaced and this file deleted before the issue is resolved.
import { CounterError } from '../../contract/errors';

export function pending(): never {
  throw new CounterError('unavailable', '功能开发中');
}
