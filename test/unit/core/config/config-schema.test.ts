import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../../electron/core/config/load-config';

const base = { hall: { code: 'JQ', name: '金桥区政务服务中心' }, window: { number: 12 } };

describe('the config file', () => {
  it('fills the defaults of a minimal file', () => {
    const config = parseConfig(base, 'config.json');
    expect(config).toMatchObject({ timeZone: 'Asia/Shanghai', intake: { deferralWorkingDays: 5 }, sync: null });
    expect(config.devices).toEqual({ ratingDevice: null, receiptPrinter: null, ticketPrinter: null });
  });

  it('takes each kind of printer with its paper width', () => {
    const config = parseConfig({ ...base, devices: { receiptPrinter: { type: 'tcp', host: '192.168.10.51', paperWidthMm: 58 }, ticketPrinter: { type: 'serial', path: 'COM4' } } }, 'c');
    // The printer's font (gbk) and QR by its own command are what most hall printers take.
    expect(config.devices.receiptPrinter).toEqual({ type: 'tcp', host: '192.168.10.51', port: 9100, paperWidthMm: 58, encoding: 'gbk', qrMode: 'native' });
    expect(config.devices.ticketPrinter).toEqual({
      type: 'serial',
      path: 'COM4',
      baudRate: 9600,
      flowControl: 'none',
      paperWidthMm: 80,
      encoding: 'gbk',
      qrMode: 'native',
    });
  });

  it('names every bad field, including a misspelt printer field', () => {
    const bad = { ...base, window: { number: 0 }, devices: { receiptPrinter: { type: 'tcp', host: 'p1', paperWidthMM: 58 } }, timeZone: 'Mars/Olympus' };
    expect(() => parseConfig(bad, 'config.json')).toThrow(ConfigError);
    try {
      parseConfig(bad, 'config.json');
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain('配置文件 config.json 有误');
      expect(message).toContain('window.number：窗口号应为 1–999 的整数');
      expect(message).toContain('devices.receiptPrinter');
      expect(message).toContain('paperWidthMM');
      expect(message).toContain('timeZone：不是有效的时区名称');
    }
  });

  it('refuses a bad hall credit code and a sync token too short to be one', () => {
    expect(() => parseConfig({ ...base, hall: { ...base.hall, creditCode: '91350100M000100Y44' } }, 'c')).toThrow('统一社会信用代码校验位不正确，请核对最后一位');
    expect(() => parseConfig({ ...base, sync: { url: 'https://hall.example/sync', enrolmentToken: 'short' } }, 'c')).toThrow('窗口注册令牌至少 16 个字符');
  });
});
