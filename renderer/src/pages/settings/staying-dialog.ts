/**
 * A modal dialog is up and staying: like shortcuts.tsx isDialogOpen, but a dialog on its way out
 * (antd's leave animation, ~0.3 s, marks the dialog element itself `…-leave`) does not count.
 * Without this, Ctrl+S pressed just after 继续填写 (unsaved-changes dialog) was swallowed.
 */
export function isDialogStaying(): boolean {
  for (const el of document.querySelectorAll('[role="dialog"], [role="alertdialog"]')) {
    if (!el.checkVisibility()) continue;
    if (/(^|\s)[\w-]+-leave(\s|$)/.test(el.className)) continue;
    return true;
  }
  return false;
}
