import type { CategoryLetter, QueueRules } from '../../electron/contract/queue';

/**
 * The hall's rules as one window applies them: the categories it calls are the ones its request
 * names (`categories`, from its own config), whatever the rules' category lists say of it, so the
 * windows' rule (categoriesServedBy in applyWindowPress) sees exactly those. Pure.
 */
export function rulesForWindow(rules: QueueRules, window: number, categories: readonly CategoryLetter[]): QueueRules {
  return {
    ...rules,
    categories: rules.categories.map((c) => {
      const others = c.windows.filter((w) => w !== window);
      return { ...c, windows: categories.includes(c.letter) ? [...others, window] : others };
    }),
  };
}
