import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { drawIntake } from '../../../bench/support/intake-decisions';
import { INTAKE_DECISION_LABELS, type IntakeDecisionKind } from '../../../electron/contract/cases';
import { buildWorkCalendar, loadCalendarFile } from '../../../electron/core/calendar';
import { dueDatesFor } from '../../../electron/core/cases/case-commands';
import { deferralDays } from '../../../electron/core/cases/deferral-days';
import { intakePreview } from '../../../electron/core/cases/intake-preview';
import { intakeDecisionEvent } from '../../../electron/core/cases/intake-rules';
import { loadCatalogFile, loadRejectionReasonsFile } from '../../../electron/core/catalog/catalog-file-schema';
import { toSnapshot } from '../../../electron/core/catalog/catalog-service';
import { reasonsForItem, rejectionReasonProblem } from '../../../electron/core/catalog/rejection-reasons';

// The shipped catalog, calendar and reasons: the bench draws from these, so these are what
// every drawn intake must pass.
const RESOURCES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../resources');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(RESOURCES, file), 'utf8')) as unknown;
const calendar = buildWorkCalendar(loadCalendarFile(read('calendar/cn-calendar.json')).years);
const stockReasons = loadRejectionReasonsFile(read('intake/rejection-reasons.json')).reasons;
const items = loadCatalogFile(read('catalog/default-catalog.json')).items.map((item) => ({
  snapshot: toSnapshot({ code: item.code, version: 1, inForce: true, catalogVersion: 'test', item }),
  reasons: reasonsForItem(stockReasons, item),
}));
const KINDS = Object.keys(INTAKE_DECISION_LABELS) as IntakeDecisionKind[];
// A Monday, a Friday, a Saturday, the eve of the National Day holiday and New Year's Eve.
const DAYS = ['2026-11-30', '2026-12-04', '2026-12-05', '2026-09-30', '2026-12-31'];
const DEFERRAL_WORKING_DAYS = 5;

/** The core's decision on a drawn intake: the event it would store, or the rule it breaks. */
function coreDecides(snapshot: (typeof items)[number]['snapshot'], kind: IntakeDecisionKind, day: string, pick: number, reasons: (typeof items)[number]['reasons']) {
  const preview = intakePreview(calendar, snapshot, day, DEFERRAL_WORKING_DAYS);
  const drawn = drawIntake(snapshot.materials, kind, { deferral: preview.deferral, rejectionReasons: reasons }, pick);
  if (!drawn) return { drawn, preview, event: null };
  const event = intakeDecisionEvent(snapshot, drawn.receipts, drawn.decision, day, dueDatesFor(calendar, snapshot, day), null, deferralDays(calendar));
  return { drawn, preview, event };
}

describe('the bench draws only intakes the core accepts', () => {
  it('every item, every decision, on working days, rest days and around holidays', () => {
    const drawnKinds = new Map<IntakeDecisionKind, number>();
    for (const { snapshot, reasons } of items) {
      for (const day of DAYS) {
        for (const kind of KINDS) {
          for (const pick of [0, 1, 7]) {
            const label = `${snapshot.code} ${kind} ${day} ${pick}`;
            const { drawn, preview, event } = coreDecides(snapshot, kind, day, pick, reasons);
            if (!drawn) continue;
            drawnKinds.set(kind, (drawnKinds.get(kind) ?? 0) + 1);
            expect(drawn.decision.kind, label).toBe(kind);
            expect(event?.type, label).toBe(
              kind === 'request_correction' ? 'case.correctionRequested' : kind === 'reject' ? 'case.rejected' : 'case.accepted',
            );
            if (drawn.decision.kind === 'reject') {
              expect(rejectionReasonProblem(stockReasons, drawn.decision.reasonId, { ...snapshot, itemType: snapshot.itemType ?? null }), label).toBeNull();
            }
            if (kind === 'accept_with_deferral') expect(preview.deferral.possible, label).toBe(true);
          }
        }
      }
    }
    // Every item can be accepted, sent a correction notice and refused with a stock reason of its type.
    for (const kind of ['accept', 'request_correction', 'reject'] as const) {
      expect(drawnKinds.get(kind)).toBe(items.length * DAYS.length * 3);
    }
    expect(drawnKinds.get('accept_with_deferral') ?? 0).toBeGreaterThan(0);
  });

  it('draws no 容缺 for a 即办件 due the day it is accepted, which the core would refuse', () => {
    const sameDay = items.find(({ snapshot }) => snapshot.caseType === 'immediate' && snapshot.legalDays === 0 && snapshot.materials.some((m) => m.required && !m.key));
    expect(sameDay, 'the shipped catalog has a 即办件 with a legal limit of 0 working days and a deferrable material').toBeDefined();
    if (!sameDay) return;
    const { snapshot, reasons } = sameDay;
    const day = '2026-11-30';
    expect(coreDecides(snapshot, 'accept_with_deferral', day, 0, reasons).drawn).toBeNull();
    // What a bench that ignored the preview would ask, and what the core says to it.
    const deferrable = snapshot.materials.find((m) => m.required && !m.key);
    const promised = drawIntake(snapshot.materials, 'accept_with_deferral', {
      deferral: { possible: true, defaultDueDate: '2026-12-01', defaultDueProvisional: false, latestDueDate: '2026-12-01', latestDueLabel: '法定办结日' },
      rejectionReasons: reasons,
    }, 0);
    expect(promised?.decision).toEqual({ kind: 'accept_with_deferral', deferrals: [{ materialId: deferrable?.id, dueDate: '2026-12-01' }] });
    if (!promised) return;
    expect(() =>
      intakeDecisionEvent(snapshot, promised.receipts, promised.decision, day, dueDatesFor(calendar, snapshot, day), null, deferralDays(calendar)),
    ).toThrow('该事项法定办结日即受理当日，不能容缺受理');
  });
});
