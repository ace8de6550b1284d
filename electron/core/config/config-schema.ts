import { ConfigSchema, type CounterConfig } from '../../contract/config';

// The schema is the contract's (the setup screen and the 设置 page check with the same rule);
// the core's files keep importing it from here.
export * from '../../contract/config';

/** Used when no config file exists, so a fresh install starts; the UI says it is a demo. */
export const DEMO_CONFIG: CounterConfig = ConfigSchema.parse({
  hall: { code: 'DEMO', name: '演示政务服务中心' },
  window: { number: 1, name: '综合受理窗口' },
});
