import type { SettingChange } from '../../contract/settings';
import type { CounterConfig } from '../config/config-schema';

type Json = SettingChange['from'];

/**
 * Settings compared whole rather than field by field (settings.ts, SettingChangeSchema): each
 * device (its old and new endpoint side by side: a printer moved from serial to TCP is one change,
 * not five), and `sync`, whose address and token go together.
 */
const WHOLE_BELOW = new Set(['devices']);
const WHOLE_AT = new Set(['sync']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** JSON with sorted keys, so two equal settings compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isPlainObject(value)) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The value as it goes into a change: plain JSON, null where the setting is absent. */
function asJson(value: unknown): Json {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as Json);
}

/**
 * The sync enrolment token is a credential: a change records only its last 4 characters, so the
 * record (kept in the events, pushed upstream, listed on the 设置 page) never holds the secret
 * while a changed token is still seen as a change.
 */
function recorded(path: string, value: unknown): Json {
  if (path === 'sync' && isPlainObject(value)) {
    const masked: Record<string, unknown> = { ...value };
    // The one-time enrolment code is a credential too until the server spends it.
    for (const key of ['enrolmentToken', 'enrolmentCode']) {
      const secret = value[key];
      if (typeof secret === 'string') masked[key] = `****${secret.slice(-4)}`;
    }
    return asJson(masked);
  }
  return asJson(value);
}

function walk(from: unknown, to: unknown, prefix: string, out: SettingChange[]): void {
  const dot = prefix.lastIndexOf('.');
  const whole = WHOLE_AT.has(prefix) || (dot > 0 && WHOLE_BELOW.has(prefix.slice(0, dot)));
  // A section absent on one side (nothing set before the first-run setup) is compared leaf by
  // leaf like any other, so the record names each setting rather than a whole section.
  if (from === undefined && !whole && isPlainObject(to)) from = {};
  if (!whole && isPlainObject(from) && isPlainObject(to)) {
    const keys = [...Object.keys(from), ...Object.keys(to).filter((k) => !(k in from))];
    for (const key of keys) walk(from[key], to[key], prefix === '' ? key : `${prefix}.${key}`, out);
    return;
  }
  if (canonical(from) !== canonical(to)) out.push({ path: prefix, from: recorded(prefix, from), to: recorded(prefix, to) });
}

/**
 * What changed from `from` to `to`, one SettingChange per setting by its dotted path in
 * config.json: each device whole (`devices.receiptPrinter`), `sync` whole, lists whole
 * (`window.departments`), every other value on its own (`hall.name`, `intake.deferralWorkingDays`).
 * A setting absent on one side (`hall.creditCode`) is null there. In the order of `from`'s keys,
 * then any only in `to`; empty when nothing changed.
 */
export function diffSettings(from: CounterConfig, to: CounterConfig): SettingChange[] {
  const out: SettingChange[] = [];
  walk(from, to, '', out);
  return out;
}

/**
 * Every setting of `config` as set from nothing (each `from` null): what the first-run setup
 * records, whatever settings were in use or on disk before (the demo settings, or a file an
 * interrupted setup left), because those were never the window's. Settings left empty (no
 * device, no sync) are not listed.
 */
export function settingsAsSet(config: CounterConfig): SettingChange[] {
  const out: SettingChange[] = [];
  walk(undefined, config, '', out);
  return out;
}

/** The changed paths of `changes` that `paths` covers (a path, or a setting beneath it). */
export function pathsCovered(changes: readonly SettingChange[], paths: readonly string[]): string[] {
  return changes.map((c) => c.path).filter((p) => paths.some((owned) => p === owned || p.startsWith(`${owned}.`)));
}
