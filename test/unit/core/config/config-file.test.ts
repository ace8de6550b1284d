import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  configFileOf,
  configFileText,
  readConfigFile,
  writeConfigFile,
  writeFileAtomically,
} from '../../../../electron/core/config/config-file';
import { ConfigSchema, type CounterConfig } from '../../../../electron/core/config/config-schema';
import { loadConfig } from '../../../../electron/core/config/load-config';
import { makeTempDir } from '../../../support/temp-dirs';

const CONFIG: CounterConfig = ConfigSchema.parse({
  hall: { code: 'JQ', name: '金桥区政务服务中心' },
  window: { number: 12, name: '综合受理窗口', departments: ['市场监管局'] },
  devices: { receiptPrinter: { type: 'tcp', host: '192.168.10.51' } },
  sync: { url: 'https://sync.example/hall', enrolmentToken: 'abcdefghijklmnop' },
});

describe('the config file as the app writes it', () => {
  it('is the data folder’s config.json unless --config named another', () => {
    expect(configFileOf(null, '/data/w12')).toBe(path.join('/data/w12', 'config.json'));
    expect(configFileOf('/etc/counter/w12.json', '/data/w12')).toBe('/etc/counter/w12.json');
  });

  it('reads back through the schema as the same settings, every default written out', () => {
    const dir = makeTempDir('config-file');
    const file = path.join(dir, 'config.json');
    writeConfigFile(file, CONFIG);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toBe(configFileText(CONFIG));
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toMatchObject({ timeZone: 'Asia/Shanghai', intake: { deferralWorkingDays: 5 }, devices: { ratingDevice: null } });
    expect(loadConfig(file, 'unused').config).toEqual(CONFIG);
  });

  it('is readable by its owner only, like the database (it may hold the enrolment token)', () => {
    const dir = makeTempDir('config-file');
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, '{}', { mode: 0o644 });
    writeConfigFile(file, CONFIG);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('has a revision that is the sha256 of its bytes, and none before it exists', () => {
    const dir = makeTempDir('config-file');
    const file = path.join(dir, 'config.json');
    expect(readConfigFile(file)).toEqual({ bytes: null, revision: null });
    const written = writeConfigFile(file, CONFIG);
    const read = readConfigFile(file);
    expect(read.revision).toBe(createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
    expect(read.revision).toBe(written.revision);
    writeConfigFile(file, { ...CONFIG, timeZone: 'Asia/Urumqi' });
    expect(readConfigFile(file).revision).not.toBe(written.revision);
  });

  it('ignores the half-written temp file a killed write left, and the next write removes it', () => {
    const dir = makeTempDir('config-file');
    const file = path.join(dir, 'config.json');
    writeConfigFile(file, CONFIG);
    const before = fs.readFileSync(file);
    // What a write killed before its rename leaves: a partial temp beside the whole target.
    const leftover = path.join(dir, '.config.json.0badc0ffee00.tmp');
    fs.writeFileSync(leftover, configFileText({ ...CONFIG, timeZone: 'Asia/Urumqi' }).slice(0, 40));
    const unrelated = path.join(dir, '.notes.tmp');
    fs.writeFileSync(unrelated, 'keep');

    expect(readConfigFile(file).bytes).toEqual(before);
    expect(loadConfig(null, file).config).toEqual(CONFIG);

    writeConfigFile(file, { ...CONFIG, timeZone: 'Asia/Urumqi' });
    expect(fs.existsSync(leftover)).toBe(false);
    expect(fs.readFileSync(unrelated, 'utf8')).toBe('keep');
    expect(loadConfig(file, 'unused').config.timeZone).toBe('Asia/Urumqi');
    expect(fs.readdirSync(dir).sort()).toEqual(['.notes.tmp', 'config.json']);
  });

  it('leaves the old file whole and no temp behind when the write fails', () => {
    const dir = makeTempDir('config-file');
    // A folder where the file should be: the rename fails after the temp was written and synced.
    const blocked = path.join(dir, 'config.json');
    fs.mkdirSync(blocked);
    fs.writeFileSync(path.join(blocked, 'inside'), 'x');
    expect(() => writeFileAtomically(blocked, configFileText(CONFIG))).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['config.json']);
    expect(fs.readFileSync(path.join(blocked, 'inside'), 'utf8')).toBe('x');
  });
});
