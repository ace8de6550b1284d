import { Alert, Button, Form, Steps, type FormRule } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { CompleteSetupArgs, type MethodResult, type SetupNeeded } from '../../../../electron/contract';
import { useCounter } from '../../api/hooks';
import { isCallError, issueMessages, placeFieldErrors, showFieldErrors, splitCallError, type SplitError } from '../../shared/call-error';
import { confirmKeyDown, focusFirstField } from '../../shared/dialog-keys';
import { callRule } from '../../shared/schema-rule';
import { HallFields, TimeZoneField, WindowFields, DeviceFields } from '../../components/settings-form/ConfigFields';
import { DEVICE_SLOTS } from '../../components/settings-form/config-form-model';
import { DEVICE_SLOT_LABELS } from '../../components/settings-form/device-words';
import { PortListView, usePortSearch, type PortSearch } from '../../components/settings-form/PortList';
import { AdminFields } from './AdminFields';
import { completeSetupArgs, CONFIRM_STEP, SETUP_STEPS, setupFieldFor, setupFormValues, stepOfField, type SetupFormValues } from './setup-form';
import { SetupSummary } from './SetupSummary';
import { WizardRatingTest } from './WizardRatingTest';
import './setup.css';

const LAST_STEP = CONFIRM_STEP;

function HallWindowStep({ status }: { status: SetupNeeded }) {
  return (
    <div className="setup-columns">
      <fieldset className="config-fieldset" aria-label="大厅">
        <legend>大厅</legend>
        <HallFields />
      </fieldset>
      <fieldset className="config-fieldset" aria-label="窗口">
        <legend>窗口</legend>
        <WindowFields choices={status.catalogChoices} />
        <TimeZoneField />
      </fieldset>
    </div>
  );
}

function DevicesStep({ ports }: { ports: PortSearch }) {
  const found = ports.list?.ports ?? [];
  return (
    <>
      <PortListView search={ports} />
      {/* One device a row: side by side, a serial port's fields made a box run into the next at 1366 px. */}
      <div className="setup-devices">
        {DEVICE_SLOTS.map((slot) => (
          <fieldset key={slot} className="config-fieldset" aria-label={DEVICE_SLOT_LABELS[slot]}>
            <legend>{DEVICE_SLOT_LABELS[slot]}</legend>
            <DeviceFields slot={slot} ports={found} />
            {slot === 'ratingDevice' && <WizardRatingTest />}
          </fieldset>
        ))}
      </div>
    </>
  );
}

/**
 * The first-run setup of a new PC (a data folder without staff): a wizard of four steps — 大厅与窗口,
 * 设备, 管理员账号, 确认 — that writes config.json and the first 系统管理员 with `setup.complete`.
 * Enter goes on (下一步) once the step's fields pass the contract's schema; a refusal from the
 * core puts each message beside its field, on the step that has it. `onCompleted` gets the
 * core's answer: it is restarting (or must be restarted by hand). `onAlreadySetUp`: the core
 * refused as `conflict` because the setup was completed meanwhile (another screen, the staff
 * command); the app's start-up data is to be loaded again (it then shows sign-in).
 */
export function SetupScreen({
  status,
  onCompleted,
  onAlreadySetUp,
}: {
  status: SetupNeeded;
  onCompleted: (result: MethodResult<'setup.complete'>) => void;
  onAlreadySetUp: () => void;
}) {
  const client = useCounter();
  const [form] = Form.useForm<SetupFormValues>();
  const initialValues = useMemo(() => setupFormValues(status), [status]);
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState(false);
  // Enter held down or a double click: `busy` is state and reaches the next key press too late.
  const busyRef = useRef(false);
  const [general, setGeneral] = useState<string | null>(null);
  // Messages for fields on other steps wait until their step is shown (an unmounted field cannot take one).
  const [waiting, setWaiting] = useState<SplitError['fields']>([]);
  const [focusName, setFocusName] = useState<SplitError['fields'][number]['name'] | null>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const finishRef = useRef<HTMLButtonElement>(null);
  const ports = usePortSearch('setup.listPorts');

  const rule = useCallback((path: string): FormRule => callRule(CompleteSetupArgs, completeSetupArgs, path), []);

  // Each step opens with the cursor in its first field (or on the field a message is about).
  useEffect(() => {
    const here = waiting.filter((f) => stepOfField(f.name) === step);
    if (here.length > 0) {
      showFieldErrors(form, here);
      setWaiting((w) => w.filter((f) => !here.includes(f)));
    }
    if (focusName !== null) {
      form.focusField(focusName);
      setFocusName(null);
    } else if (step === LAST_STEP) finishRef.current?.focus();
    else focusFirstField(bodyRef.current);
    // Only a change of step moves the cursor; `waiting` is applied once its step is shown.
  }, [step]);

  /** Shows the messages on their steps, starting at the first step that has one. */
  const placeErrors = (split: SplitError) => {
    setGeneral(split.general);
    if (split.fields.length === 0) return;
    const first = Math.min(...split.fields.map((f) => stepOfField(f.name)));
    const firstField = split.fields.find((f) => stepOfField(f.name) === first);
    if (first === step) {
      showFieldErrors(form, split.fields.filter((f) => stepOfField(f.name) === step));
      if (firstField) form.focusField(firstField.name);
    } else {
      setFocusName(firstField?.name ?? null);
    }
    setWaiting(split.fields.filter((f) => stepOfField(f.name) !== step));
    setStep(first);
  };

  const next = async () => {
    try {
      await form.validateFields();
    } catch {
      const failed = form.getFieldsError().find((f) => f.errors.length > 0);
      if (failed) form.focusField(failed.name);
      return;
    }
    setGeneral(null);
    setStep((s) => Math.min(s + 1, LAST_STEP));
  };

  const finish = async () => {
    if (busyRef.current) return;
    const values = form.getFieldsValue(true) as SetupFormValues;
    const args = completeSetupArgs(values);
    // Every step was checked on leaving it; this catches a rule that spans steps, before the call.
    const checked = CompleteSetupArgs.safeParse(args);
    if (!checked.success) {
      const placed = placeFieldErrors(issueMessages(checked.error.issues), (path) => setupFieldFor(path, values));
      placeErrors({ general: placed.unplaced.length > 0 ? placed.unplaced.join('；') : null, fields: placed.fields });
      return;
    }
    busyRef.current = true;
    setBusy(true);
    setGeneral(null);
    try {
      onCompleted(await client.call('setup.complete', args));
    } catch (err) {
      if (isCallError(err, 'conflict')) {
        onAlreadySetUp();
        return;
      }
      busyRef.current = false;
      setBusy(false);
      placeErrors(splitCallError(err, (path) => setupFieldFor(path, values)));
    }
  };

  const go = () => void (step === LAST_STEP ? finish() : next());

  const body: ReactNode[] = [
    <HallWindowStep key="hall" status={status} />,
    <DevicesStep key="devices" ports={ports} />,
    <AdminFields key="admin" rule={rule} />,
    <Form.Item key="confirm" noStyle shouldUpdate>
      {() => (
        <SetupSummary
          values={form.getFieldsValue(true) as SetupFormValues}
          catalogChoices={status.catalogChoices}
          configFile={status.configFile}
        />
      )}
    </Form.Item>,
  ];

  return (
    <div className="setup-screen">
      <main className="setup-center">
        <section className="setup-card" aria-labelledby="setup-title">
          <header className="setup-head">
            <div className="sign-in-emblem" aria-hidden>
              政
            </div>
            <div>
              <h1 id="setup-title" className="setup-title">
                首次设置
              </h1>
              <div className="muted">本机尚未设置。填写大厅与窗口、连接的设备和系统管理员账号后即可使用。</div>
            </div>
          </header>
          <Steps
            className="setup-steps"
            size="small"
            current={step}
            items={SETUP_STEPS.map((s) => ({ title: s.title }))}
          />
          {!status.demoConfig && (
            // Prefilled from a file (an interrupted first setup, a --config file): say so, so it is read, not trusted.
            <Alert type="info" showIcon className="setup-loaded-note" title={`已载入 ${status.configFile} 中的设置，请核对后继续`} />
          )}
          {general && <Alert type="error" showIcon title={general} className="form-top-alert" />}
          <Form<SetupFormValues>
            form={form}
            layout="vertical"
            initialValues={initialValues}
            disabled={busy}
            autoComplete="off"
          >
            <div
              ref={bodyRef}
              className="setup-body"
              role="group"
              aria-label={SETUP_STEPS[step]?.title}
              onKeyDownCapture={(e) => confirmKeyDown(e, go)}
            >
              {body[step]}
            </div>
          </Form>
          <footer className="setup-foot">
            <Button disabled={step === 0 || busy} onClick={() => setStep((s) => Math.max(0, s - 1))}>
              上一步
            </Button>
            <span className="muted setup-keys">Enter {step === LAST_STEP ? '完成设置' : '下一步'}</span>
            {step === LAST_STEP ? (
              // Its own element (key), so the cursor lands on it when the 确认 step opens.
              <Button key="finish" ref={finishRef} autoFocus type="primary" size="large" loading={busy} onClick={() => void finish()}>
                完成设置
              </Button>
            ) : (
              <Button key="next" type="primary" size="large" onClick={() => void next()}>
                下一步
              </Button>
            )}
          </footer>
        </section>
      </main>
    </div>
  );
}
