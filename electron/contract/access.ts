// Dependency-free: the access levels are words, read by the dispatcher, the shells and the tests.

/**
 * Who may call a method or hear an event (DESIGN.md, "The parts and where they live"):
 * - `public` needs only the transport's token, on this PC (window header, status bar, sign-in
 *   screen);
 * - `staff` needs a signed-in, not paused, staff member, because everything else reads or
 *   changes personal data and must be recorded against someone;
 * - `display` is read-only and free of personal data, so a hall screen on another PC may use it
 *   too (the browser shell with `--allow-remote`); it needs no staff, and a caller on this PC may
 *   use it like a `public` one. What such a screen sees of a result is declared with the method
 *   (`displayResult` in methods.ts), and of an event with the event (`eventDisplayPayload` in
 *   event-access.ts): neither carries what is this PC's own (file paths, where devices are attached).
 */
export type Access = 'public' | 'staff' | 'display';

/** Every level, for checks that must cover each one. */
export const ACCESS_LEVELS = ['public', 'staff', 'display'] as const satisfies readonly Access[];
