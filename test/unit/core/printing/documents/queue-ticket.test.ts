import { describe, expect, it } from 'vitest';
import { buildQueueTicket } from '../../../../../electron/core/printing/documents/queue-ticket';
import { queueInputs } from './document-fixtures';
import { documentWords } from './thermal-text';

describe('排队票 (queue ticket)', () => {
  it('hall, category, the number large, people ahead, wait, QR, time and the keep-it line', () => {
    const doc = buildQueueTicket(queueInputs());
    expect(doc).toMatchObject({ kind: 'queueTicket', title: 'A012' });
    expect(doc.blocks).toContainEqual({ kind: 'text', text: 'A012', align: 'center', bold: true, size: 2 });
    const words = documentWords(doc);
    expect(words[0]).toBe('杭州市西湖区政务服务中心');
    expect(words).toContain('A 企业开办');
    expect(words).toContain('前面还有 5 人');
    expect(words).toContain('预计等候约 18 分钟');
    expect(words).toContain('取号时间：2026-11-30 09:31');
    expect(words).toContain('请保管好本票，留意叫号');
    expect(doc.blocks).toContainEqual({ kind: 'qr', payload: 'https://zwfw.example.gov.cn/queue?t=A012', caption: '扫码查看叫号进度' });
    // The number comes before the count, the count before the QR: the order a citizen reads it.
    const order = ['A012', '前面还有 5 人', '[QR'].map((w) => words.findIndex((x) => x.startsWith(w)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('no wait line when the wait is unknown; nobody ahead is said as 0', () => {
    const words = documentWords(buildQueueTicket(queueInputs({ estimatedWaitMinutes: null, peopleAhead: 0 })));
    expect(words).toContain('前面还有 0 人');
    expect(words.join('\n')).not.toContain('预计等候');
  });

  it('refuses a QR payload that is not ASCII, and a negative count', () => {
    expect(() => buildQueueTicket(queueInputs({ qrPayload: 'A012号' }))).toThrow(/二维码/);
    expect(() => buildQueueTicket(queueInputs({ qrPayload: '' }))).toThrow(/二维码/);
    expect(() => buildQueueTicket(queueInputs({ peopleAhead: -1 }))).toThrow(/等候人数/);
  });
});
