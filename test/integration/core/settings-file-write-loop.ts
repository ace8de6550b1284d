// Child process of settings-file-kill.test.ts: saves config.json over and over as the settings
// page does, reporting each save only after it returned. The parent kills it with SIGKILL at
// random moments. Save n sets the window number to (n % 999) + 1, so the file names its save.
import fs from 'node:fs';
import { writeConfigFile } from '../../../electron/core/config/config-file';
import { ConfigSchema } from '../../../electron/core/config/config-schema';

const [file, startArg] = process.argv.slice(2) as [string, string];
const base = ConfigSchema.parse({
  hall: { code: 'JQ', name: '金桥区政务服务中心' },
  // A long list makes each write span several pages, so kills land inside writes too.
  window: { number: 1, name: '综合受理窗口', itemCodes: Array.from({ length: 400 }, (_, i) => `ITEM-${String(i).padStart(5, '0')}`) },
});

fs.writeSync(1, 'READY\n');
for (let n = Number(startArg); ; n++) {
  writeConfigFile(file, { ...base, window: { ...base.window, number: (n % 999) + 1 } });
  // Synchronous, so the line is out before the next save begins.
  fs.writeSync(1, `SAVED\t${n}\n`);
}
