import { useWindowInfo } from '../../app/frame-context';

/**
 * Today in the hall's time zone as the core says (the frame refreshes it each minute), for the
 * checks that depend on the date: a birth date in an ID number may not be in the future, a
 * deferral must end after today. Never the PC's own clock or zone.
 */
export function useHallToday(): string {
  return useWindowInfo().today;
}
