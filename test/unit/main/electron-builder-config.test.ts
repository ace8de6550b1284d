import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';

import { describe, expect, it } from 'vitest';

// js-yaml and ajv come with electron-builder; they are not our dependencies, so they are loaded
// by path at run time and typed here by the little we use of them.
const require = createRequire(import.meta.url);
const repoRoot = path.resolve(import.meta.dirname, '../../..');

interface YamlModule {
  load(text: string): unknown;
}
interface AjvValidate {
  (data: unknown): boolean;
  errors?: Array<{ instancePath: string; message?: string }> | null;
}
interface AjvInstance {
  compile(schema: unknown): AjvValidate;
}
type AjvConstructor = new (options: Record<string, unknown>) => AjvInstance;

const yaml = require('js-yaml') as YamlModule;

interface TargetEntry {
  target: string;
  arch: string[];
}
interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string; buildResources: string };
  files: string[];
  extraResources: Array<{ from: string; to: string }>;
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  win: { target: TargetEntry[] };
  nsis: Record<string, unknown>;
  linux: { target: TargetEntry[]; category: string; maintainer?: string };
  deb?: { depends?: string[] };
}

const configText = fs.readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8');
const raw = yaml.load(configText);
const config = raw as BuilderConfig;

function targets(entries: TargetEntry[]): string[] {
  return entries.flatMap((entry) => entry.arch.map((arch) => `${entry.target}/${arch}`)).sort();
}

describe('electron-builder.yml', () => {
  it('names the app', () => {
    expect(config.appId).toBe('cn.gov.hall.counterwindow');
    expect(config.productName).toBe('政务服务窗口');
    expect(config.directories).toEqual({ output: 'release', buildResources: 'build' });
  });

  it('packs the built bundles and package.json, without source maps', () => {
    expect(config.files).toContain('dist/**');
    expect(config.files).toContain('package.json');
    expect(config.files.some((pattern) => pattern.startsWith('!') && pattern.endsWith('.map'))).toBe(true);
  });

  it('ships resources/ next to the app and native modules outside the asar', () => {
    expect(config.extraResources).toEqual([{ from: 'resources', to: 'resources' }]);
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('rebuilds native modules for Electron', () => {
    expect(config.npmRebuild).toBe(true);
  });

  it('builds a 64-bit NSIS installer for all users, in Chinese, with a choosable folder', () => {
    expect(targets(config.win.target)).toEqual(['nsis/x64']);
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: true,
      allowToChangeInstallationDirectory: true,
      language: '2052',
      installerLanguages: ['zh_CN'],
      deleteAppDataOnUninstall: false,
    });
  });

  it('builds deb and AppImage for x64 and arm64', () => {
    expect(targets(config.linux.target)).toEqual(['AppImage/arm64', 'AppImage/x64', 'deb/arm64', 'deb/x64']);
    expect(config.linux.category).toBe('Office');
    // The maintainer comes from package.json's author, which must therefore carry an email.
    expect(config.linux.maintainer).toBeUndefined();
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      author?: { name?: string; email?: string };
      homepage?: string;
    };
    expect(pkg.author?.name).toBeTruthy();
    expect(pkg.author?.email).toMatch(/@/);
    expect(pkg.homepage).toBeTruthy();
    expect(config.deb?.depends).toBeUndefined();
  });

  it('is valid against electron-builder\'s own schema', () => {
    // Both come with electron-builder (a devDependency): missing, this test fails rather than skips.
    const schemaPath = path.join(repoRoot, 'node_modules', 'app-builder-lib', 'scheme.json');
    const ajvModule = require('ajv') as AjvConstructor | { default: AjvConstructor };
    const Ajv: AjvConstructor = 'default' in ajvModule ? ajvModule.default : ajvModule;
    expect(fs.existsSync(schemaPath)).toBe(true);
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
    const valid = validate(raw);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(valid).toBe(true);
    // And the validator does catch mistakes, so the pass above means something.
    expect(validate({ ...(raw as object), nsis: { oneClik: false } })).toBe(false);
    // Compiling electron-builder's whole schema is seconds of CPU on a busy 2-core machine.
  }, 60_000);
});

describe('build/icon.png', () => {
  it('is a real 512×512 RGBA PNG with intact chunks', () => {
    const png = fs.readFileSync(path.join(repoRoot, 'build', 'icon.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    let offset = 8;
    const chunks: string[] = [];
    const idat: Buffer[] = [];
    while (offset < png.length) {
      const length = png.readUInt32BE(offset);
      const type = png.toString('ascii', offset + 4, offset + 8);
      const data = png.subarray(offset + 8, offset + 8 + length);
      expect(png.readUInt32BE(offset + 8 + length), `CRC of ${type}`).toBe(
        zlib.crc32(png.subarray(offset + 4, offset + 8 + length)),
      );
      if (type === 'IHDR') {
        expect(data.readUInt32BE(0)).toBe(512);
        expect(data.readUInt32BE(4)).toBe(512);
        expect(data[8]).toBe(8);
        expect(data[9]).toBe(6);
      }
      if (type === 'IDAT') idat.push(data);
      chunks.push(type);
      offset += 12 + length;
    }
    expect(chunks[0]).toBe('IHDR');
    expect(chunks.at(-1)).toBe('IEND');
    expect(zlib.inflateSync(Buffer.concat(idat)).length).toBe(512 * (512 * 4 + 1));
  });
});
