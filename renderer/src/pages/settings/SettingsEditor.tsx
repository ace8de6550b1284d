/**
 * The 系统管理员's settings form (settings.get → settings.update): hall, window, time zone,
 * intake, devices (with 测试打印 for each printer and 测试评价器, as saved), printing, 好差评;
 * sync read-only. Saves the whole form with the revision it was loaded from, so
 * a file changed meanwhile (another administrator, a text editor) is never overwritten; says what
 * took effect and what waits for a restart.
 */
import { Alert, App, Button, Card, Descriptions, Form, Space, type AlertRef } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Settings, UpdateSettingsResult } from '../../../../electron/contract';
import { useCounter, useQuery, useShell } from '../../api/hooks';
import { useWindowInfo } from '../../app/frame-context';
import { keys, useHotkey } from '../../app/shortcuts';
import { DeviceFields, HallFields, IntakeFields, TimeZoneField, WindowFields } from '../../components/settings-form/ConfigFields';
import {
  DEVICE_SLOTS,
  configFieldFor,
  configToFormValues,
  deviceEdited,
  formValuesToConfigInput,
  type ConfigFormValues,
  type DeviceSlot,
} from '../../components/settings-form/config-form-model';
import { PrintingFields } from '../../components/settings-form/PrintingFields';
import { RatingsFields } from '../../components/settings-form/RatingsFields';
import { TestPrint } from './TestPrint';
import { TestRating } from './TestRating';
import { DEVICE_SLOT_LABELS, itemNamer, type ItemNamer } from '../../components/settings-form/device-words';
import { PortListView, usePortSearch } from '../../components/settings-form/PortList';
import { LeaveGuard } from '../../components/intake/useLeaveGuard';
import { errorMessage, isCallError, showFieldErrors, splitCallError } from '../../shared/call-error';
import { changesNumbering, numberingNotice, type Numbering } from './numbering-notice';
import { SettingChangeList } from './SettingChangeList';
import { SettingsHistoryCard } from './SettingsHistoryCard';
import { useRestart } from './useRestart';
import { useUnloadGuard } from './useUnloadGuard';

/** Whether a change under `path` takes effect when saved (settings.get `appliedLive`). */
function appliesLive(appliedLive: readonly string[], path: string): boolean {
  return appliedLive.some((live) => path === live || path.startsWith(`${live}.`) || live.startsWith(`${path}.`));
}

/**
 * When device changes take effect, said once for the devices card: the printers and the rating
 * device are run by different modules, and one may apply a change live while the other restarts.
 */
function devicesTakeEffect(appliedLive: readonly string[]): string {
  const live = DEVICE_SLOTS.filter((slot) => appliesLive(appliedLive, `devices.${slot}`));
  if (live.length === DEVICE_SLOTS.length) return '保存后立即生效';
  if (live.length === 0) return '重新启动程序后生效';
  const named = (slots: readonly DeviceSlot[]) => slots.map((slot) => DEVICE_SLOT_LABELS[slot]).join('、');
  return `${named(live)}保存后立即生效；${named(DEVICE_SLOTS.filter((slot) => !live.includes(slot)))}重新启动程序后生效`;
}

/** The modal API of antd's App.useApp(). */
type ModalApi = ReturnType<typeof App.useApp>['modal'];

/** The form's values as they would be saved, to tell an edited form from the loaded one. */
function savedShape(values: ConfigFormValues): string {
  return JSON.stringify(formValuesToConfigInput(values));
}

/** Puts the cursor in the first field with a message (it may be in a card far down the page). */
function focusFirstError(root: HTMLElement | null): void {
  const field = root?.querySelector<HTMLElement>('.ant-form-item-has-error input, .ant-form-item-has-error .ant-select-selector');
  field?.scrollIntoView({ block: 'center' });
  field?.focus();
}

export function SettingsEditor() {
  const client = useCounter();
  const { message, modal } = App.useApp();
  const info = useWindowInfo();
  const [form] = Form.useForm<ConfigFormValues>();
  const [settings, setSettings] = useState<Settings>();
  const [loadError, setLoadError] = useState<string | null>(null);
  /** Bumped on each load, to mount the form afresh on the loaded values. */
  const [generation, setGeneration] = useState(0);
  const [saving, setSaving] = useState(false);
  const [general, setGeneral] = useState<string | null>(null);
  /** The file changed since it was loaded: the save was refused (revision). */
  const [conflict, setConflict] = useState(false);
  const [outcome, setOutcome] = useState<UpdateSettingsResult | null>(null);
  const [dirty, setDirty] = useState(false);
  /** Devices whose fields differ from the saved settings (测试打印, 测试评价器 wait for a save). */
  const [editedDevices, setEditedDevices] = useState<readonly DeviceSlot[]>([]);
  const baseline = useRef('');
  const baselineValues = useRef<ConfigFormValues | null>(null);
  const shell = useShell();
  const shown = useRef(false);
  const conflictRef = useRef<AlertRef>(null);
  const formRoot = useRef<HTMLDivElement>(null);
  const saveButton = useRef<HTMLButtonElement>(null);
  /**
   * Where the cursor was when a save began (a field's id, or '' for the save button): the form is
   * mounted afresh on the saved values, and the cursor goes back there rather than to the top.
   */
  const refocus = useRef<string | null>(null);
  const ports = usePortSearch('settings.listPorts');
  const history = useQuery('settings.history', { limit: 100 });
  const { restart, restarting } = useRestart();

  const show = useCallback((next: Settings) => {
    const values = configToFormValues(next.config);
    // The form's store outlives the remount below and wins over new initialValues, so values
    // loaded again are put in it here (messages and touched marks cleared first). Before the
    // first load no form is mounted and initialValues alone fill it.
    if (shown.current) {
      form.resetFields();
      form.setFieldsValue(values);
    }
    shown.current = true;
    setSettings(next);
    baseline.current = savedShape(values);
    baselineValues.current = values;
    setDirty(false);
    setEditedDevices([]);
    setGeneration((g) => g + 1);
  }, [form]);

  const load = useCallback(() => {
    setConflict(false);
    setGeneral(null);
    setOutcome(null);
    client.call('settings.get', {}).then(
      (answer) => {
        setLoadError(null);
        show(answer);
      },
      (err: unknown) => setLoadError(errorMessage(err)),
    );
  }, [client, show]);

  useEffect(load, [load]);

  /** Whether the form differs from the saved settings, and which devices (测试 waits for a save). */
  const noteEdits = useCallback(() => {
    const values = form.getFieldsValue(true) as ConfigFormValues;
    setDirty(savedShape(values) !== baseline.current);
    const saved = baselineValues.current;
    const edited = saved ? DEVICE_SLOTS.filter((slot) => deviceEdited(values, saved, slot)) : [];
    setEditedDevices((before) => (before.join() === edited.join() ? before : edited));
  }, [form]);

  const save = useCallback(async () => {
    if (!settings || saving) return;
    setGeneral(null);
    try {
      await form.validateFields();
    } catch {
      focusFirstError(formRoot.current);
      return;
    }
    const values = form.getFieldsValue(true) as ConfigFormValues;
    const config = formValuesToConfigInput(values);
    const active = document.activeElement;
    const cursor = active instanceof HTMLElement && formRoot.current?.contains(active) ? active.id : '';
    if (!(await confirmNumbering(modal, settings.config, config))) return;
    refocus.current = cursor;
    setSaving(true);
    try {
      const result = await client.call('settings.update', { config, revision: settings.revision });
      setOutcome(result);
      show(result.settings);
      history.reload();
      if (result.changes.length === 0) void message.info('没有修改，无需保存');
      else void message.success('设置已保存');
    } catch (err: unknown) {
      if (isCallError(err, 'conflict')) {
        setConflict(true);
      } else {
        const split = splitCallError(err, (path) => configFieldFor(path, values));
        showFieldErrors(form, split.fields);
        setGeneral(split.general);
        focusFirstError(formRoot.current);
      }
    } finally {
      setSaving(false);
    }
  }, [client, form, history, message, modal, saving, settings, show]);

  // A restart reads the file again and mounts the page afresh: what is typed and not saved is gone.
  const askRestart = useCallback(() => {
    if (!dirty) {
      restart();
      return;
    }
    modal.confirm({
      title: '有尚未保存的修改',
      content: '有尚未保存的修改，重新启动后将丢失。仍要重新启动？',
      okText: '仍要重新启动',
      okButtonProps: { danger: true },
      cancelText: '继续填写',
      autoFocusButton: 'cancel',
      onOk: restart,
    });
  }, [dirty, modal, restart]);

  // After a save the form is new: the cursor goes back to the field it was in, else to 保存.
  // A device's fields appear a frame after the form (they follow its watched kind), so the field
  // is looked for over a few frames before settling for 保存.
  useEffect(() => {
    const id = refocus.current;
    if (id === null) return;
    refocus.current = null;
    let frame = 0;
    let tries = 5;
    const attempt = () => {
      const field = id ? formRoot.current?.querySelector<HTMLElement>(`[id="${CSS.escape(id)}"]`) : null;
      if (field || --tries <= 0 || !id) (field ?? saveButton.current)?.focus({ preventScroll: true });
      else frame = requestAnimationFrame(attempt);
    };
    attempt();
    return () => cancelAnimationFrame(frame);
  }, [generation]);

  const itemName = useMemo(() => itemNamer(settings?.catalogChoices.items ?? []), [settings]);

  // The refusal is above the form, far from the field just edited: bring it into sight.
  useEffect(() => {
    if (conflict) conflictRef.current?.nativeElement.scrollIntoView({ block: 'nearest' });
  }, [conflict]);

  useHotkey(keys.ctrl('KeyS'), () => void save(), { whileTyping: true });
  useUnloadGuard(dirty);

  if (!settings) {
    return (
      <Card title="窗口设置" size="small" className="section-card">
        {loadError ? (
          <Alert
            type="error"
            showIcon
            title={`无法读取设置：${loadError}`}
            action={
              <Button size="small" onClick={load}>
                重试
              </Button>
            }
          />
        ) : (
          <span className="muted">正在读取设置…</span>
        )}
      </Card>
    );
  }

  const portList = ports.list?.ports ?? [];
  return (
    <div className="settings-editor" ref={formRoot}>
      <LeaveGuard when={dirty} title="设置尚未保存" content="离开本页，刚才的修改将不会保存。" />
      {settings.restartPending.length > 0 && (
        <Alert
          className="settings-restart-banner"
          type="warning"
          showIcon
          title="以下修改已保存，重新启动程序后生效："
          description={<SettingChangeList changes={settings.restartPending} itemName={itemName} />}
          action={
            <Button type="primary" onClick={askRestart} loading={restarting}>
              立即重启
            </Button>
          }
        />
      )}
      {outcome && outcome.changes.length > 0 && <SaveOutcome outcome={outcome} itemName={itemName} />}
      {conflict && (
        <Alert
          ref={conflictRef}
          className="settings-conflict"
          type="error"
          showIcon
          title="配置文件已被他人修改"
          description="在您修改期间，另一位管理员或文本编辑器改动了配置文件，本次修改没有保存。请重新载入最新的设置后再修改。"
          action={
            <Button
              onClick={() => {
                load();
                history.reload();
              }}
              danger
              autoFocus
            >
              重新载入
            </Button>
          }
        />
      )}
      {general && <Alert className="form-top-alert" type="error" showIcon title={general} />}

      <Form<ConfigFormValues>
        key={generation}
        form={form}
        layout="horizontal"
        labelCol={{ flex: '150px' }}
        wrapperCol={{ flex: 'auto' }}
        initialValues={configToFormValues(settings.config)}
        onValuesChange={noteEdits}
        // Values set by a button (按所选串口填入) are no typed change; the check that follows them is a field change.
        onFieldsChange={noteEdits}
        onFinish={() => void save()}
        className="settings-form"
      >
        <Card title="大厅" size="small" className="section-card">
          {/* No autoFocus: the hall code starts every case number and is rarely changed; the page heading has the cursor. */}
          <HallFields />
        </Card>
        <Card title="窗口" size="small" className="section-card">
          <WindowFields choices={settings.catalogChoices} />
        </Card>
        <Card title="时区与受理" size="small" className="section-card">
          <TimeZoneField />
          <IntakeFields />
        </Card>
        <Card
          title="外接设备连接"
          size="small"
          className="section-card settings-devices"
          extra={<span className="muted">{devicesTakeEffect(settings.appliedLive)}</span>}
        >
          <PortListView search={ports} />
          {DEVICE_SLOTS.map((slot) => (
            <fieldset key={slot} className="settings-device" aria-label={DEVICE_SLOT_LABELS[slot]}>
              <legend>{DEVICE_SLOT_LABELS[slot]}</legend>
              <DeviceFields slot={slot} ports={portList} />
              {slot === 'ratingDevice' ? (
                <TestRating
                  configured={settings.config.devices.ratingDevice !== null}
                  edited={editedDevices.includes(slot)}
                  restartPending={settings.restartPending.some((c) => c.path === 'devices.ratingDevice')}
                />
              ) : (
                <TestPrint
                  printer={slot}
                  configured={settings.config.devices[slot] !== null}
                  edited={editedDevices.includes(slot)}
                  systemQueue={settings.config.devices[slot]?.type === 'system'}
                />
              )}
            </fieldset>
          ))}
        </Card>
        <Card
          title="打印"
          size="small"
          className="section-card settings-printing"
          extra={<span className="muted">{appliesLive(settings.appliedLive, 'printing') ? '保存后立即生效' : '重新启动程序后生效'}</span>}
        >
          <PrintingFields today={info.today} shell={shell} />
        </Card>
        <Card
          title="好差评"
          size="small"
          className="section-card settings-ratings"
          extra={<span className="muted">{appliesLive(settings.appliedLive, 'ratings') ? '保存后立即生效' : '重新启动程序后生效'}</span>}
        >
          <RatingsFields />
        </Card>
        <Card title="同步" size="small" className="section-card">
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              { key: 'url', label: '同步地址', children: settings.config.sync?.url ?? <span className="muted">未设置（本窗口不向上级同步）</span> },
              {
                key: 'token',
                label: '配置文件中的注册凭据',
                children: settings.config.sync?.enrolmentToken
                  ? '窗口注册令牌（旧版配置，已设置）'
                  : settings.config.sync?.enrolmentCode
                    ? '注册码（已设置，启动时自动注册）'
                    : '无（在下方“上级平台同步”中注册）',
              },
            ]}
          />
          <p className="muted">同步地址在配置文件中设置（sync.url）；注册本窗口和立即同步见下方“上级平台同步”。</p>
        </Card>
        <div className="settings-actions">
          <Space>
            <Button ref={saveButton} type="primary" htmlType="submit" loading={saving}>
              保存（Ctrl+S）
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setDirty(false);
                setEditedDevices([]);
              }}
              disabled={!dirty || saving}
            >
              撤销修改
            </Button>
            <span className="muted">{dirty ? '有尚未保存的修改' : '没有未保存的修改'}</span>
            <span className="muted">{`配置文件：${settings.configFile}`}</span>
          </Space>
        </div>
      </Form>

      <SettingsHistoryCard history={history} timeZone={info.timeZone} itemName={itemName} />
    </div>
  );
}

/**
 * What the last save changed: the changes in effect now, and how many wait for a restart (those
 * are listed once, in the 待重启生效 notice above with 立即重启).
 */
function SaveOutcome({ outcome, itemName }: { outcome: UpdateSettingsResult; itemName: ItemNamer }) {
  const applied = outcome.changes.filter((c) => outcome.applied.includes(c.path));
  const later = outcome.changes.length - applied.length;
  return (
    <Alert
      className="settings-saved"
      type="success"
      showIcon
      title={`已保存 ${outcome.changes.length} 项修改`}
      description={
        <div>
          {applied.length > 0 && (
            <div>
              <div>已立即生效：</div>
              <SettingChangeList changes={applied} itemName={itemName} />
            </div>
          )}
          {later > 0 && <div>{`其中 ${later} 项重新启动程序后生效，见上方“立即重启”。`}</div>}
        </div>
      }
    />
  );
}

/**
 * Before a save that changes 大厅代码 or 窗口号 (both start every case number, JQ-12-20261123-0007):
 * says what follows and waits for 确认修改. True when there is no such change or it was confirmed.
 */
function confirmNumbering(modal: ModalApi, saved: Numbering, next: Numbering): Promise<boolean> {
  if (!changesNumbering(saved, next)) return Promise.resolve(true);
  return new Promise((resolve) => {
    modal.confirm({
      title: '修改办件编号',
      content: numberingNotice(next.hall.code, next.window.number),
      okText: '确认修改',
      cancelText: '取消',
      autoFocusButton: 'cancel',
      onOk: () => resolve(true),
      onCancel: () => resolve(false),
    });
  });
}
