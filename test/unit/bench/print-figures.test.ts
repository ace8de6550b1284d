import { describe, expect, it } from 'vitest';
import { ReceiptByteWatch, printFigures, printTargetMet } from '../../../bench/support/print-figures';

const DLE_EOT = (n: number) => [0x10, 0x04, n];
const chunk = (...bytes: number[]) => Uint8Array.from(bytes);

describe('ReceiptByteWatch', () => {
  it('finds the receipt’s first byte after the status requests, even with a request split between chunks', () => {
    const watch = new ReceiptByteWatch();
    watch.expect();
    expect(watch.feed(chunk(...DLE_EOT(1), 0x10))).toBe(false);
    expect(watch.feed(chunk(0x04))).toBe(false);
    expect(watch.feed(chunk(2, ...DLE_EOT(4)))).toBe(false);
    expect(watch.feed(chunk(0x1b, 0x40, 0x1c, 0x26))).toBe(true);
    expect(watch.feed(chunk(0x41, 0x0a))).toBe(false);
  });

  it('counts the receipt’s bytes, a 0x10 inside it included, and not the requests before or after it', () => {
    const watch = new ReceiptByteWatch();
    watch.expect();
    // Three requests before (reported by the decoder as they are decoded), the first in the same chunk as the receipt.
    watch.feed(chunk(...DLE_EOT(1), ...DLE_EOT(2)));
    watch.request();
    watch.request();
    watch.feed(chunk(...DLE_EOT(4), 0x1b, 0x40, 0x10, 0x20));
    watch.request();
    watch.feed(chunk(0x1d, 0x56, 0x01));
    // The check after the job.
    watch.feed(chunk(...DLE_EOT(1), ...DLE_EOT(2), ...DLE_EOT(4)));
    watch.request();
    watch.request();
    watch.request();
    expect(watch.expect()).toBe(7);
    expect(watch.counted).toBe(0);
  });
});

describe('printFigures', () => {
  it('summarises latencies (a byte before the return counts as 0 ms and is counted) and bytes per receipt', () => {
    const latencies = [...Array.from({ length: 98 }, (_, i) => 1 + i / 10), -0.5, 80];
    const figures = printFigures(latencies, [1000, 1200, 1400]);
    expect(figures.latency.count).toBe(100);
    expect(figures.beforeReturn).toBe(1);
    expect(figures.latency.p50).toBeCloseTo(5.8, 5);
    expect(figures.latency.p99).toBeCloseTo(10.7, 5);
    expect(figures.latency.max).toBe(80);
    expect(figures.bytesMean).toBe(1200);
    expect(figures.bytesMax).toBe(1400);
  });

  it('meets the target only under 50 ms at p99 with every receipt measured', () => {
    const fast = printFigures(Array.from({ length: 100 }, () => 10), [1000]);
    expect(printTargetMet(fast, 100)).toBe(true);
    expect(printTargetMet(fast, 1000)).toBe(false);
    const slow = printFigures([...Array.from({ length: 98 }, () => 10), 60, 60], [1000]);
    expect(printTargetMet(slow, 100)).toBe(false);
  });
});
