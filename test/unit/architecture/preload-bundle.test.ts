import { build, type BuildOptions } from 'esbuild';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_BUNDLE_OPTIONS } from '../../../scripts/build.mjs';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * The preload as scripts/build.mjs bundles it into dist/electron/preload.cjs (its own options:
 * one CommonJS file, Node platform, the native modules and electron left to require()), but in
 * memory: the test leaves dist/ alone.
 */
const PRELOAD_BUILD: BuildOptions = {
  ...NODE_BUNDLE_OPTIONS,
  write: false,
  metafile: true,
  logLevel: 'silent',
  absWorkingDir: ROOT,
};

/** The source files a bundle was made of, and the modules it still require()s at run time. */
async function bundleFacts(entry: Pick<BuildOptions, 'entryPoints' | 'stdin'>): Promise<{ inputs: string[]; requires: string[] }> {
  const result = await build({ ...PRELOAD_BUILD, ...entry, outfile: 'preload.cjs' });
  const text = result.outputFiles?.map((f) => f.text).join('\n') ?? '';
  const requires = [...text.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1] ?? '');
  return { inputs: Object.keys(result.metafile?.inputs ?? {}).sort(), requires: [...new Set(requires)].sort() };
}

describe('the preload bundle', () => {
  // A sandboxed preload may require 'electron' and nothing else: anything more fails only when
  // the app starts on a clerk's PC, with a blank window.
  it("requires only 'electron' and carries only the preload and the dependency-free contract files", async () => {
    const { inputs, requires } = await bundleFacts({ entryPoints: ['electron/preload/preload.ts'] });
    expect(requires).toEqual(['electron']);
    expect(inputs).toEqual(['electron/contract/envelope.ts', 'electron/contract/ipc.ts', 'electron/preload/preload.ts']);
  }, 60_000);

  it('would see zod pulled in if the preload imported a schema', async () => {
    const { inputs } = await bundleFacts({
      stdin: {
        contents: "import { EnvelopeSchema } from '../contract/envelope-schema';\nexport const probe = EnvelopeSchema;\n",
        resolveDir: path.join(ROOT, 'electron/preload'),
        sourcefile: 'probe.ts',
        loader: 'ts',
      },
    });
    expect(inputs.some((input) => input.startsWith('node_modules/zod/'))).toBe(true);
  }, 60_000);
});
