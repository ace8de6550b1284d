import { CounterError } from '../../contract/errors';
import type { CapabilityModule, CoreContext, HandlerSlice } from '../assembly/capability-module';

// TEMPORARY (issue 14 in progress): the jobs helper replaces this whole file.
const pending = (): never => {
  throw new CounterError('unavailable', '打印功能尚在建设中');
};

/** Printing as a capability module (issue 14). */
export function printingModule(ctx: CoreContext): CapabilityModule {
  void ctx;
  return {
    name: 'printing',
    handlers: {
      'printing.listJobs': pending,
      'printing.retry': pending,
      'printing.reprint': pending,
      'printing.discard': pending,
      'printing.documents': pending,
      'printing.document': pending,
      'printing.testPrint': pending,
    } satisfies HandlerSlice,
  };
}
